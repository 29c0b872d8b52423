package io.daos.control.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The libc calls the control plane makes (Debian {@code libc6}). Calls that set errno throw
 * {@link LastErrorException}; {@link #strerror(int)} gives its text. Obtain through
 * {@link NativeLibraries#libc()}.
 */
public interface LibC extends Library {

    /** {@code MS_NOATIME}. */
    long MS_NOATIME = 1024;

    /** {@code O_RDONLY}. */
    int O_RDONLY = 0;

    /** {@code O_RDWR}. */
    int O_RDWR = 2;

    /** mount(2). */
    int mount(String source, String target, String fsType, NativeLong flags, String data)
            throws LastErrorException;

    /** umount2(2). */
    int umount2(String target, int flags) throws LastErrorException;

    /**
     * statvfs(3): the size and free space of the filesystem holding {@code path}, into {@code buf}
     * ({@link Statvfs#totalBytes()}, {@link Statvfs#availableBytes()}).
     */
    int statvfs(String path, Statvfs buf) throws LastErrorException;

    /** chown(2). */
    int chown(String path, int uid, int gid) throws LastErrorException;

    /** open(2). */
    int open(String path, int flags) throws LastErrorException;

    /** close(2). */
    int close(int fd) throws LastErrorException;

    /** ioctl(2) with a pointer argument (e.g. NVMe admin passthrough). */
    int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    /** {@code SIGINT}. */
    int SIGINT = 2;

    /** kill(2): sends {@code sig} to process {@code pid}. */
    int kill(int pid, int sig) throws LastErrorException;

    /** getuid(2). */
    int getuid();

    /** geteuid(2). */
    int geteuid();

    /** getegid(2). */
    int getegid();

    /** strerror(3). */
    String strerror(int errnum);
}
