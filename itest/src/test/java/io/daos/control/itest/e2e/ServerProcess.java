package io.daos.control.itest.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/daos_server <args>} as a real process, its stdout and stderr collected line by line;
 * one can wait for a line (event-driven: the reader threads notify) or for the exit.
 */
final class ServerProcess implements AutoCloseable {

    static final Pattern LISTENING = Pattern.compile("DAOS Control Server \\(pid (\\d+)\\) listening on (\\S+)");

    final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;
    private boolean outClosed;
    private boolean errClosed;
    private List<ProcessHandle> descendants = List.of();

    private ServerProcess(Process p) {
        this.process = p;
        outPump = pump(p.getInputStream(), out, true);
        errPump = pump(p.getErrorStream(), err, false);
    }

    static ServerProcess start(Dist dist, String... args) throws IOException {
        return start(dist, java.util.Map.of(), args);
    }

    /** With extra environment variables (e.g. DAOS_CDS=0 for measurements). */
    static ServerProcess start(Dist dist, java.util.Map<String, String> env, String... args) throws IOException {
        return new ServerProcess(builder(dist, env, args).start());
    }

    /**
     * As {@link #start(Dist, String...)}, but with SIGINT ignored from the start, as every command
     * started in the background of a non-interactive shell (an init script, {@code cmd &} in a
     * script) gets it; the pid stays the server's (sh execs the script, which execs java).
     */
    static ServerProcess startWithSigintIgnored(Dist dist, String... args) throws IOException {
        ProcessBuilder pb = builder(dist, java.util.Map.of(), args);
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "trap '' INT; exec \"$0\" \"$@\""));
        cmd.addAll(pb.command());
        return new ServerProcess(pb.command(cmd).start());
    }

    /** Whether process {@code pid} ignores signal {@code sig} (its {@code SigIgn} mask in /proc). */
    static boolean ignores(long pid, int sig) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (sig - 1))) != 0;
            }
        }
        throw new IOException("no SigIgn line for pid " + pid);
    }

    /**
     * {@code bin/daos_server args} in the tree's home, {@code env} added; not inherited from this
     * JVM: JAVA_OPTS, nor what a build running as a systemd service would pass on (NOTIFY_SOCKET,
     * JOURNAL_STREAM) or DAOS_EXIT_CODES, which change what the server prints and exits with.
     * {@code -Ddaos.test.server.java.opts=...} gives every server started so JAVA_OPTS (for a
     * measurement, e.g. {@code -XX:NativeMemoryTracking=summary} under the soak test).
     */
    static ProcessBuilder builder(Dist dist, java.util.Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.bin().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dist.home.toFile());
        for (String v : new String[] {"JAVA_OPTS", "NOTIFY_SOCKET", "JOURNAL_STREAM", "DAOS_EXIT_CODES"}) {
            pb.environment().remove(v);
        }
        String opts = System.getProperty("daos.test.server.java.opts", "").strip();
        if (!opts.isEmpty()) {
            pb.environment().put("JAVA_OPTS", opts);
        }
        pb.environment().putAll(env);
        return pb;
    }

    private Thread pump(InputStream in, List<String> sink, boolean isOut) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        sink.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException ignore) {
                // process gone
            } finally {
                synchronized (this) {
                    if (isOut) {
                        outClosed = true;
                    } else {
                        errClosed = true;
                    }
                    notifyAll();
                }
            }
        }, "e2e-" + (isOut ? "stdout" : "stderr"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    synchronized List<String> out() {
        return new ArrayList<>(out);
    }

    synchronized List<String> err() {
        return new ArrayList<>(err);
    }

    /** Waits for a stdout line matching {@code p}; fails early if the process exits first. */
    String awaitOut(Predicate<String> p, long timeoutMs) throws InterruptedException {
        return await(out, true, p, timeoutMs);
    }

    String awaitErr(Predicate<String> p, long timeoutMs) throws InterruptedException {
        return await(err, false, p, timeoutMs);
    }

    private synchronized String await(List<String> lines, boolean isOut, Predicate<String> p, long timeoutMs)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            for (String l : lines) {
                if (p.test(l)) {
                    return l;
                }
            }
            if (isOut ? outClosed : errClosed) {
                throw new AssertionError("process ended without the expected line; stdout=" + out + " stderr=" + err);
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("expected line not seen within " + timeoutMs + " ms; stdout=" + out
                        + " stderr=" + err);
            }
            wait(left);
        }
    }

    /** Waits for the banner; returns the port it listens on. */
    int awaitListening(long timeoutMs) throws InterruptedException {
        String line = awaitOut(l -> LISTENING.matcher(l).find(), timeoutMs);
        Matcher m = LISTENING.matcher(line);
        m.find();
        descendants = process.descendants().toList();
        String addr = m.group(2);
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    }

    /** Waits for the exit and for both streams to be drained; the exit status. */
    int awaitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process did not exit within " + timeoutMs + " ms; stdout=" + out()
                    + " stderr=" + err());
        }
        outPump.join(timeoutMs);
        errPump.join(timeoutMs);
        return process.exitValue();
    }

    /** SIGTERM (through the handle: Process.destroy() would also close our ends of the pipes). */
    void terminate() {
        process.toHandle().destroy();
    }

    /** True if any process this server had started is still alive. */
    boolean leftovers() {
        return process.isAlive() || descendants.stream().anyMatch(ProcessHandle::isAlive);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle h : descendants) {
            h.destroyForcibly();
        }
    }
}
