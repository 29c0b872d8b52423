package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The privileged operations of the SCM provider (the reference's {@code daos_admin} calls, run
 * in-process here): mount(2)/umount2(2), mkfs, filesystem probe, the mount table and the
 * effective ids. {@link JnaScmBackend} is the real one; tests use a fake.
 */
interface ScmBackend {

    /** {@code MS_NOATIME} mount flag. */
    long MS_NOATIME = 1024;

    /** errno EPERM. */
    int EPERM = 1;

    /** A failed system call: errno and its text. */
    final class ErrnoException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        ErrnoException(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    /** Size and free space of a mounted filesystem (statvfs(3)). */
    record FsUsage(long totalBytes, long availableBytes) {
    }

    /** mount(2). */
    void mount(String source, String target, String fsType, long flags, String data) throws IOException;

    /** umount2(2). */
    void unmount(String target, int flags) throws IOException;

    /**
     * {@code unix:mode} and {@code unix:rdev} of {@code path} (stat(2), following links).
     *
     * @throws java.nio.file.NoSuchFileException the path does not exist
     */
    default Map<String, Object> stat(String path) throws IOException {
        return Files.readAttributes(Path.of(path), "unix:mode,rdev");
    }

    /** statvfs(3) of {@code path}: the size and available bytes of the filesystem holding it. */
    FsUsage statvfs(String path) throws IOException;

    /** The lines of {@code /proc/self/mountinfo}. */
    List<String> mountInfo() throws IOException;

    /** Output of {@code file -s <device>} (trimmed). */
    String probeFilesystem(String device) throws IOException;

    /** {@code mkfs.ext4 [-F] -m 0 -E lazy_itable_init=0,lazy_journal_init=0 -O bigalloc -C 1M <device>}. */
    void mkfsExt4(String device, boolean force) throws IOException;

    /** chown(2) of {@code path} to {@code uid:gid}. */
    void chown(String path, int uid, int gid) throws IOException;

    /** Effective uid of this process. */
    int euid();

    /** Effective gid of this process. */
    int egid();
}
