package io.daos.control.jna;

import com.sun.jna.Structure;

/**
 * glibc's {@code struct statvfs} on 64-bit Linux (x86_64, aarch64: 112 bytes), filled by
 * {@link LibC#statvfs(String, Statvfs)}. {@code unsigned long}, {@code fsblkcnt_t} and
 * {@code fsfilcnt_t} are all 8 bytes there, mapped to {@code long} (read as unsigned). Not for
 * 32-bit ABIs. Not thread-safe: one instance per call.
 */
@Structure.FieldOrder({"f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree",
        "f_favail", "f_fsid", "f_flag", "f_namemax", "__f_spare"})
public class Statvfs extends Structure {

    /** {@code ST_RDONLY}: mounted read-only. */
    public static final long ST_RDONLY = 1;

    /** Filesystem block size. */
    public long f_bsize;
    /** Fragment size: the unit of the block counts. */
    public long f_frsize;
    /** Size of the filesystem in {@code f_frsize} units. */
    public long f_blocks;
    /** Free blocks. */
    public long f_bfree;
    /** Free blocks for unprivileged users. */
    public long f_bavail;
    /** Inodes. */
    public long f_files;
    /** Free inodes. */
    public long f_ffree;
    /** Free inodes for unprivileged users. */
    public long f_favail;
    /** Filesystem id. */
    public long f_fsid;
    /** Mount flags ({@link #ST_RDONLY}, …). */
    public long f_flag;
    /** Maximum file name length. */
    public long f_namemax;
    /** Reserved. */
    public int[] __f_spare = new int[6];

    /** An empty buffer for {@link LibC#statvfs(String, Statvfs)}. */
    public Statvfs() {
        super();
    }

    /** Total size in bytes: {@code f_blocks × f_frsize}. */
    public long totalBytes() {
        return f_blocks * f_frsize;
    }

    /** Bytes available to unprivileged users: {@code f_bavail × f_frsize}. */
    public long availableBytes() {
        return f_bavail * f_frsize;
    }
}
