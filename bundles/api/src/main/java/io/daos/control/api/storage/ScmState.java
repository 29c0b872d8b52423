package io.daos.control.api.storage;

/**
 * Result of an SCM format check or format (SPEC-SERVER §4.5): {@code Mountpoint, Formatted,
 * Mounted, Mountable}.
 *
 * @param mountPoint the instance's {@code scm_mount}
 * @param formatted  a filesystem is present (or a tmpfs is mounted)
 * @param mounted    the mount point is mounted
 * @param mountable  not mounted, but the dcpm device holds ext4 and can be mounted on demand
 */
public record ScmState(String mountPoint, boolean formatted, boolean mounted, boolean mountable) {

    /** SCM needs format ⇔ not mounted and not mountable. */
    public boolean needsFormat() {
        return !mounted && !mountable;
    }
}
