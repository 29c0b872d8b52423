package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import io.daos.control.api.storage.MountTable;
import io.daos.control.jna.LibC;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;
import io.daos.control.jna.Statvfs;

/**
 * The real backend: libc through JNA ({@link NativeLibraries#libc()}, loaded on first use),
 * {@code mkfs.ext4} and {@code file} as processes ({@link Tools}).
 */
final class JnaScmBackend implements ScmBackend {

    private static final long PROCESS_TIMEOUT_S = 600;

    private static LibC libc() throws IOException {
        try {
            return NativeLibraries.libc();
        } catch (LibraryNotInstalledException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static ErrnoException errno(LibC libc, LastErrorException e) {
        int code = e.getErrorCode();
        String text = libc.strerror(code);
        return new ErrnoException(code, text == null ? "errno " + code : text.toLowerCase());
    }

    @Override
    public void mount(String source, String target, String fsType, long flags, String data) throws IOException {
        LibC libc = libc();
        try {
            libc.mount(source, target, fsType, new NativeLong(flags), data);
        } catch (LastErrorException e) {
            throw errno(libc, e);
        }
    }

    @Override
    public void unmount(String target, int flags) throws IOException {
        LibC libc = libc();
        try {
            libc.umount2(target, flags);
        } catch (LastErrorException e) {
            throw errno(libc, e);
        }
    }

    @Override
    public FsUsage statvfs(String path) throws IOException {
        LibC libc = libc();
        Statvfs buf = new Statvfs();
        try {
            libc.statvfs(path, buf);
        } catch (LastErrorException e) {
            throw errno(libc, e);
        }
        return new FsUsage(buf.totalBytes(), buf.availableBytes());
    }

    @Override
    public List<String> mountInfo() throws IOException {
        return Files.readAllLines(Path.of(MountTable.SELF), StandardCharsets.UTF_8);
    }

    @Override
    public String probeFilesystem(String device) throws IOException {
        return Tools.run(List.of("file", "-s", device), "unable to find file", PROCESS_TIMEOUT_S).trim();
    }

    @Override
    public void mkfsExt4(String device, boolean force) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("mkfs.ext4");
        if (force) {
            cmd.add("-F");
        }
        cmd.addAll(List.of("-m", "0", "-E", "lazy_itable_init=0,lazy_journal_init=0",
                "-O", "bigalloc", "-C", "1M", device));
        Tools.run(cmd, "unable to find mkfs.ext4", PROCESS_TIMEOUT_S);
    }

    @Override
    public void chown(String path, int uid, int gid) throws IOException {
        Path p = Path.of(path);
        Files.setAttribute(p, "unix:uid", uid);
        Files.setAttribute(p, "unix:gid", gid);
    }

    @Override
    public int euid() {
        try {
            return libc().geteuid();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public int egid() {
        try {
            return libc().getegid();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
