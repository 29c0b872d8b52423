package io.daos.control.storage.scm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs external tools (mkfs.ext4, file, ndctl, ipmctl) as child processes: looked up on
 * {@code PATH} plus {@code /usr/sbin} and {@code /sbin} (the reference appends {@code /usr/sbin}
 * to its PATH), stdin closed, stdout and stderr collected by two reader threads, killed after a
 * timeout. A non-zero exit is reported as the reference does:
 * {@code exit status <n>: stdout: <stdout>; stderr: <stderr>}.
 */
final class CommandRunner {

    private CommandRunner() {
    }

    /** The executable {@code name} on PATH (then /usr/sbin, /sbin), empty when not found. */
    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code argv} (argv[0] looked up with {@link #find(String)} unless it is a path) and
     * returns its stdout.
     *
     * @param missing        the message when argv[0] is not found
     * @param timeoutSeconds the process is killed after this long
     * @throws IOException not found, start failure, timeout, or non-zero exit
     */
    static String run(List<String> argv, String missing, long timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>(argv);
        String exe = cmd.get(0);
        if (!exe.contains("/")) {
            cmd.set(0, find(exe).orElseThrow(() -> new IOException(missing)).toString());
        }
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = reader(p.getInputStream(), out, exe + "-stdout");
        Thread errReader = reader(p.getErrorStream(), err, exe + "-stderr");
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", argv) + ": timed out after " + timeoutSeconds + "s");
            }
            // the pipes close with the process (unless it left a child holding them): bounded joins
            outReader.join(TimeUnit.SECONDS.toMillis(10));
            errReader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + exe, e);
        }
        String stdout = text(out);
        if (p.exitValue() != 0) {
            throw new IOException("exit status " + p.exitValue() + ": stdout: " + stdout.trim()
                    + "; stderr: " + text(err).trim());
        }
        return stdout;
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread reader(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // process gone; what was read is kept
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
