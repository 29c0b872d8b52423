package io.daos.control.storage.scm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The real backend: libc through JNA, {@code mkfs.ext4} and {@code file} as processes. */
final class JnaScmBackend implements ScmBackend {

    /** The libc functions used. */
    interface LibC extends Library {
        int mount(String source, String target, String fsType, NativeLong flags, String data)
                throws LastErrorException;

        int umount2(String target, int flags) throws LastErrorException;

        int geteuid();

        int getegid();

        String strerror(int errnum);
    }

    private static final long PROCESS_TIMEOUT_S = 600;

    private final LibC libc;

    JnaScmBackend() {
        this.libc = Native.load("c", LibC.class);
    }

    private ErrnoException errno(LastErrorException e) {
        int code = e.getErrorCode();
        String text = libc.strerror(code);
        return new ErrnoException(code, text == null ? "errno " + code : text.toLowerCase());
    }

    @Override
    public void mount(String source, String target, String fsType, long flags, String data) throws IOException {
        try {
            libc.mount(source, target, fsType, new NativeLong(flags), data);
        } catch (LastErrorException e) {
            throw errno(e);
        }
    }

    @Override
    public void unmount(String target, int flags) throws IOException {
        try {
            libc.umount2(target, flags);
        } catch (LastErrorException e) {
            throw errno(e);
        }
    }

    @Override
    public List<String> mountInfo() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
    }

    @Override
    public String probeFilesystem(String device) throws IOException {
        return run(List.of(tool("file", "unable to find file"), "-s", device)).trim();
    }

    @Override
    public void mkfsExt4(String device, boolean force) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool("mkfs.ext4", "unable to find mkfs.ext4"));
        if (force) {
            cmd.add("-F");
        }
        cmd.addAll(List.of("-m", "0", "-E", "lazy_itable_init=0,lazy_journal_init=0",
                "-O", "bigalloc", "-C", "1M", device));
        run(cmd);
    }

    @Override
    public void chown(String path, int uid, int gid) throws IOException {
        Path p = Path.of(path);
        Files.setAttribute(p, "unix:uid", uid);
        Files.setAttribute(p, "unix:gid", gid);
    }

    @Override
    public int euid() {
        return libc.geteuid();
    }

    @Override
    public int egid() {
        return libc.getegid();
    }

    /** Looks {@code name} up on PATH (plus /usr/sbin and /sbin). */
    private static String tool(String name, String missing) throws IOException {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new IOException(missing);
    }

    /** Runs a command; failure → {@code <exit status>: stdout: <stdout>; stderr: <stderr>}. */
    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "scm-cmd-stderr");
        errReader.setDaemon(true);
        errReader.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " timed out after " + PROCESS_TIMEOUT_S + "s");
            }
            errReader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + cmd.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit status " + p.exitValue() + ": stdout: " + out.trim()
                    + "; stderr: " + err.toString(StandardCharsets.UTF_8).trim());
        }
        return out;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // process gone
        }
    }
}
