package io.daos.control.api.storage;

/**
 * The state of one instance's {@code scm_mount} ({@link ScmProvider#usage}): whether it is mounted
 * and, when it is, the size and free space of the mounted filesystem (statvfs(3)).
 *
 * @param mountPoint     the instance's {@code scm_mount}
 * @param mounted        a filesystem is mounted there ({@link ScmProvider#isMounted})
 * @param totalBytes     size of the mounted filesystem; 0 when not mounted
 * @param availableBytes bytes available to unprivileged users; 0 when not mounted
 */
public record ScmMountUsage(String mountPoint, boolean mounted, long totalBytes, long availableBytes) {

    /** The usage of a mount point with nothing mounted. */
    public static ScmMountUsage notMounted(String mountPoint) {
        return new ScmMountUsage(mountPoint, false, 0, 0);
    }
}
