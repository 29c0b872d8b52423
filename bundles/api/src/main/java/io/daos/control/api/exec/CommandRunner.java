package io.daos.control.api.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one runner of external commands (the storage tools {@code ipmctl}, {@code ndctl},
 * {@code mkfs.ext4}, {@code file}, the SPDK setup script): one child process per
 * {@link #run(Command)}, stdin from {@code /dev/null}, stdout and stderr captured up to the
 * command's bound, the child and all its descendants killed when the timeout passes or the
 * calling thread is interrupted.
 *
 * <p>Everything happens on the calling thread: it reads whatever the pipes hold, waits for the
 * child's exit for at most {@value #POLL_MS} ms when they hold nothing, and after the exit takes
 * only what is left in them. It never blocks reading a pipe, so a background process the child
 * left holding stdout open cannot hold up the caller, and no thread is started that could outlive
 * the call.
 */
public final class CommandRunner {

    /** Longest wait for the child's exit between two looks at its output. */
    static final long POLL_MS = 10;

    /** How long a killed child is waited for. */
    private static final long KILL_WAIT_S = 10;

    /** Most bytes taken from one pipe before the other and the clock are looked at again. */
    private static final int SLICE = 64 << 10;

    /** Slices read after the exit: 1 MiB per stream, the largest pipe Linux allows by default. */
    private static final int AFTER_EXIT_SLICES = 16;

    private static final File DEV_NULL = new File("/dev/null");

    private CommandRunner() {
    }

    /**
     * Runs {@code command} to its end, or until its timeout, and returns how it ended. A non-zero
     * exit status or a timeout is a result, not an exception.
     *
     * @throws IOException          the program is not found or cannot be started
     * @throws InterruptedException the calling thread was interrupted; the child and its
     *                              descendants have been killed
     */
    public static CommandResult run(Command command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(command.argv());
        argv.set(0, program(argv.get(0)));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(DEV_NULL);
        if (!command.inheritEnvironment()) {
            pb.environment().clear();
        }
        pb.environment().putAll(command.environment());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Process p = pb.start();
        Capture out = new Capture(p.getInputStream(), command.outputLimit());
        Capture err = new Capture(p.getErrorStream(), command.outputLimit());
        boolean timedOut = false;
        try {
            long deadline = System.nanoTime() + command.timeout().toNanos();
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                boolean read = out.take() | err.take();
                if (!p.isAlive()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    kill(p);
                    break;
                }
                if (!read) {
                    p.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)), TimeUnit.NANOSECONDS);
                }
            }
            // all the child wrote is in the pipes now (or in the streams' buffers): at most a pipe's
            // capacity each; a bound all the same, as a process it left behind may still write
            for (int i = 0; i < AFTER_EXIT_SLICES && (out.take() | err.take()); i++) {
                // until both are empty
            }
        } catch (InterruptedException | IOException | RuntimeException e) {
            kill(p);
            throw e;
        } finally {
            close(p.getInputStream());
            close(p.getErrorStream());
        }
        return new CommandResult(p.isAlive() ? -1 : p.exitValue(), out.text(), err.text(), timedOut,
                out.truncated || err.truncated);
    }

    /** {@code name} as a path: as given when it holds a {@code /}, else found on {@code PATH}. */
    private static String program(String name) throws IOException {
        if (name.indexOf('/') >= 0) {
            return name;
        }
        return Executables.onPath(name).orElseThrow(() -> new IOException(name + ": executable file not found in $PATH"))
                .toString();
    }

    /**
     * SIGKILL to {@code p} and to every process below it: its descendants are listed before it
     * dies (they would be re-parented after), and the children a listed one started meanwhile
     * are killed with them. Then waits for {@code p} itself. Through its {@link ProcessHandle}:
     * {@link Process#destroyForcibly()} would also close the pipes, losing what they still hold.
     */
    static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        p.toHandle().destroyForcibly();
        for (int i = 0; i < tree.size(); i++) {
            ProcessHandle h = tree.get(i);
            h.destroyForcibly();
            h.children().filter(c -> !tree.contains(c)).forEach(tree::add);
        }
        try {
            p.waitFor(KILL_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more is read from it
        }
    }

    /** One output stream: read without blocking, the first {@code limit} bytes kept. */
    private static final class Capture {

        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final byte[] buf = new byte[8192];
        private boolean truncated;

        Capture(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        /** Reads what the stream holds now, up to {@link #SLICE} bytes; whether anything was read. */
        boolean take() throws IOException {
            int total = 0;
            int n;
            while (total < SLICE && (n = Math.min(in.available(), buf.length)) > 0) {
                int r = in.read(buf, 0, n);
                if (r < 0) {
                    break;
                }
                int keep = Math.min(r, limit - kept.size());
                kept.write(buf, 0, keep);
                truncated |= keep < r;
                total += r;
            }
            return total > 0;
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
