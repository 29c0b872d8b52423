package io.daos.control.api.storage;

import io.daos.control.api.config.IOServerConfig;

/**
 * The SCM provider (SPEC-SERVER §4.5, §4.6): formats and mounts an instance's storage class
 * memory at {@code scm_mount} — class {@code ram} as a tmpfs of {@code scm_size} GiB, class
 * {@code dcpm} as an ext4 filesystem on {@code scm_list[0]} mounted with DAX. Registered as an
 * OSGi service by the storage-scm bundle. All methods are thread-safe.
 */
public interface ScmProvider {

    /**
     * Builds the format request for {@code config} without touching storage: {@code dcpm} needs
     * exactly one {@code scm_list} device (fault 212); any class other than ram/dcpm fails with
     * {@code operation unsupported on scm class}.
     *
     * @throws StorageException the request cannot be built
     */
    void checkRequest(IOServerConfig config) throws StorageException;

    /**
     * The format check of §4.5: validates the request (faults 211–216), then reports whether
     * {@code scm_mount} is mounted (Formatted+Mounted), or for dcpm what filesystem the device
     * holds (ext4 → Formatted+Mountable; none → not formatted; other → Formatted only).
     *
     * @throws StorageException the request is invalid or the state cannot be read
     */
    ScmState check(IOServerConfig config) throws StorageException;

    /**
     * Whether the instance's SCM needs format: not mounted and not mountable (§4.5 table).
     *
     * @throws StorageException as {@link #check(IOServerConfig)}
     */
    default boolean needsFormat(IOServerConfig config) throws StorageException {
        return check(config).needsFormat();
    }

    /**
     * Formats with reformat semantics (§4.10 step b) and mounts: unmounts and removes an existing
     * {@code scm_mount}, then ram → tmpfs mount of {@code size=<scm_size>g}; dcpm →
     * {@code mkfs.ext4 -F …} and a {@code dax,nodelalloc} mount; the mount point is owned by the
     * effective uid/gid of daos_server.
     *
     * @return the state after format (Formatted, Mounted)
     * @throws StorageException the format failed (fault texts of §4.5 where they apply)
     */
    ScmState format(IOServerConfig config) throws StorageException;

    /**
     * Mount at instance start (§4.5 "Mount at start-up"): nothing when already mounted; ram →
     * tmpfs mount (no clear, no chown); dcpm → DAX mount of the already formatted device.
     *
     * @throws StorageException {@code failed to mount SCM device: mounting existing scm dir: <err>}
     */
    void mount(IOServerConfig config) throws StorageException;

    /**
     * Whether {@code target} (a directory or a device node) is mounted according to
     * {@code /proc/self/mountinfo} (§4.6); a non-existent target is not mounted.
     *
     * @throws StorageException {@code not a valid mount target: "<target>"} or a stat error
     */
    boolean isMounted(String target) throws StorageException;

    /**
     * The state of the instance's {@code scm_mount}: not mounted (per {@link #isMounted}; a
     * development-mode directory is not a mount) → {@code mounted} false and zero sizes; mounted →
     * the statvfs(3) size and available bytes of the filesystem mounted there.
     *
     * @throws StorageException {@code scm_mount} is empty (fault 213), the mount state cannot be
     *                          read, or statvfs failed
     */
    ScmMountUsage usage(IOServerConfig config) throws StorageException;

    /**
     * The SCM scan of §4.3: PMem modules (libipmctl), namespaces ({@code ndctl list -N -v}) and
     * region state. The first successful scan is kept for the life of the provider; later calls
     * return it. No modules is an empty result with state UNKNOWN, not an error.
     *
     * @throws StorageException discovery failed ({@code failed to discover SCM modules: …}), the
     *                          library is not installed (code 1), or {@code ndctl} is missing
     *                          while modules exist (scm code 1)
     */
    ScmScan scan() throws StorageException;

    /**
     * The SCM prepare of §4.4 ({@code reset} false: AppDirect goal, then namespaces) or reset
     * ({@code reset} true: namespaces removed, MemoryMode goal). No modules → nothing done,
     * {@code RebootRequired} false. The cached scan is dropped afterwards.
     *
     * @throws StorageException the scan or an ipmctl/ndctl step failed (texts of §4.4)
     */
    ScmPrepareResult prepare(boolean reset) throws StorageException;
}
