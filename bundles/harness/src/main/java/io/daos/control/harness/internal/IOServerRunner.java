package io.daos.control.harness.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.exec.Command;
import io.daos.control.api.exec.CommandResult;
import io.daos.control.api.exec.CommandRunner;
import io.daos.control.jna.LibC;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;

/**
 * The {@code daos_io_server} process of one instance (SPEC-SERVER §3.8): its command line and
 * environment, the optional parent-death-signal wrapper, the two output pumps that copy stdout
 * and stderr into the {@link InstanceLog}, exit detection with the reference's exit status
 * text, the signals the harness sends and the removal of the sockets I/O servers leave behind.
 *
 * <p>Each run has a watcher thread that waits for the process to end, then for both pumps to
 * reach end of file (at most {@link #DRAIN_MS}), and only then reports the exit: whoever hears of
 * the exit finds everything the process printed already in the log. The instance counts as
 * running from the spawn until that report.
 */
final class IOServerRunner {

    private static final Logger LOG = Logger.getLogger(IOServerRunner.class.getName());

    /** How long an exit report waits for the output of the ended process to be read. */
    static final long DRAIN_MS = 2_000;
    private static final Path PROC_NET_UNIX = Path.of("/proc/net/unix");

    /** Told once per run, after the process ended and its output was drained. */
    @FunctionalInterface
    interface ExitListener {
        void exited(Process process, String message);
    }

    /**
     * One run's command line (wrapper, binary, arguments), environment and the I/O server
     * arguments alone (for the log).
     */
    record Launch(List<String> command, Map<String, String> env, List<String> args) {
    }

    private final int index;
    private final Path binary;
    private final Map<String, String> inheritedEnv;
    private final InstanceLog log;
    private final long selfPid = ProcessHandle.current().pid();

    private Process process;
    private Thread watcher;
    private boolean shutDown;
    private volatile Process reported;

    /**
     * @param index the instance index ({@code -I}, the log prefix, the SPDK shared-memory id)
     * @param binary the daos_io_server executable
     * @param inheritedEnv environment handed down to the process (before the configuration's)
     */
    IOServerRunner(int index, Path binary, Map<String, String> inheritedEnv, InstanceLog log) {
        this.index = index;
        this.binary = binary;
        this.inheritedEnv = inheritedEnv;
        this.log = log;
    }

    Path binary() {
        return binary;
    }

    /**
     * The command line of the next run: {@code [<wrapper> --pdeathsig KILL -- /bin/sh -c
     * <parent check>] <binary> <args>}
     * with {@code -i <daos_server pid + index + 1>}, and the environment (SPEC-SERVER §1.7).
     *
     * @param wrapper {@code setpriv}, or null for none
     * @throws RuntimeException when the configuration cannot be turned into arguments
     */
    Launch launch(IOServerConfig config, long hugepagesMB, Path wrapper) {
        List<String> args = config.ioServerArgs(selfPid + index + 1, hugepagesMB);
        Map<String, String> env = config.ioServerEnv(inheritedEnv, iface -> null);
        List<String> cmd = new ArrayList<>();
        if (wrapper != null) {
            cmd.addAll(List.of(wrapper.toString(), "--pdeathsig", "KILL", "--", "/bin/sh", "-c", parentCheck(selfPid)));
        }
        cmd.add(binary.toString());
        cmd.addAll(args);
        return new Launch(Collections.unmodifiableList(cmd), Collections.unmodifiableMap(env),
                Collections.unmodifiableList(args));
    }

    /**
     * The script run between the wrapper and the binary ({@code sh -c <script> <binary> <args>}):
     * exec the binary if daos_server {@code serverPid} is still the parent, else exit 1. The
     * parent-death signal set by the wrapper covers a death after its {@code prctl}; a death
     * between the spawn and that call would otherwise leave an I/O server without a parent.
     */
    static String parentCheck(long serverPid) {
        return "[ \"$PPID\" = " + serverPid + " ] || exit 1; exec \"$0\" \"$@\"";
    }

    /**
     * Spawns {@code launch}, starts its output pumps and its exit watcher. One instance never
     * has two processes: while the last run's exit is not reported, nothing is spawned.
     *
     * @return the process, or null when {@link #shutdown()} was called (nothing is spawned then)
     * @throws IOException the process could not be started
     * @throws IllegalStateException the process of the last run is still running
     */
    synchronized Process start(Launch launch, ExitListener onExit) throws IOException {
        if (shutDown) {
            return null;
        }
        if (process != null && reported != process) {
            throw new IllegalStateException(binary + " (instance " + index + ") pid " + process.pid()
                    + " is still running: not spawned again");
        }
        ProcessBuilder pb = new ProcessBuilder(launch.command());
        pb.environment().clear();
        pb.environment().putAll(launch.env());
        Process p = pb.start();
        process = p;
        Thread out = pump(p.getInputStream(), false);
        Thread err = pump(p.getErrorStream(), true);
        Thread w = new Thread(() -> watch(p, out, err, onExit), "daos-harness-" + index + "-exit");
        w.setDaemon(true);
        watcher = w;
        w.start();
        notifyAll();
        return p;
    }

    private void watch(Process p, Thread out, Thread err, ExitListener onExit) {
        boolean interrupted = false;
        while (true) {
            try {
                p.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        for (Thread t : new Thread[] {out, err}) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        reported = p;
        onExit.exited(p, binary + " (instance " + index + ") exited: " + exitStatus(p.exitValue()));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pump(InputStream in, boolean isErr) {
        String prefix = "daos_io_server:" + index + " ";
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.write(prefix + line);
                    if (isErr) {
                        LOG.warning(prefix + line);
                    } else {
                        LOG.fine(prefix + line);
                    }
                }
            } catch (IOException ignore) {
                // the process is gone
            }
        }, "daos-harness-" + index + (isErr ? "-stderr" : "-stdout"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The process of the current (or last) run, or null before the first spawn. */
    synchronized Process process() {
        return process;
    }

    /** Waits up to {@code ms} for a run to have been spawned; its process, or null. */
    synchronized Process awaitProcess(long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        for (long left = ms; process == null && left > 0; left = end - System.currentTimeMillis()) {
            wait(left);
        }
        return process;
    }

    /** Spawned and its exit not reported yet. */
    boolean isRunning() {
        Process p = process();
        return p != null && reported != p;
    }

    /** SIGKILL to the current process. */
    void kill() {
        Process p = process();
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    /**
     * No further spawns; SIGTERM to the current process if it is alive.
     *
     * @return whether a process was alive and got SIGTERM
     */
    synchronized boolean shutdown() {
        shutDown = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            return true;
        }
        return false;
    }

    /**
     * After {@link #shutdown()}: waits until {@code deadlineMillis} for the process to end, then
     * SIGKILL and up to 2 s more.
     */
    void awaitExitOrKill(long deadlineMillis) {
        Process p = process();
        if (p == null) {
            return;
        }
        try {
            if (!p.waitFor(Math.max(1, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warning("daos_io_server pid " + p.pid() + " ignored SIGTERM; sending SIGKILL");
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code ms} for the exit of the last run to have been reported. */
    void awaitReported(long ms) throws InterruptedException {
        Thread w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            w.join(ms);
        }
    }

    /** Removes the {@code daos_io_server*.sock} files the I/O servers left in {@code socketDir}. */
    static void removeSockets(String socketDir) {
        Path d = Path.of(socketDir == null || socketDir.isEmpty() ? "." : socketDir);
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "daos_io_server*.sock")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.fine("cannot clean " + d + ": " + e.getMessage());
        }
    }

    /**
     * Removes the dRPC sockets an ended I/O server may have left in {@code socketDir}: its own
     * {@code daos_io_server_<pid>.sock}, and {@code announced} (the socket of its NotifyReady)
     * when that is a {@code daos_io_server*.sock} in {@code socketDir} — nothing elsewhere, as
     * the path came from a dRPC peer — and only a socket nobody listens on any more.
     */
    static void removeSocketsOf(String socketDir, long pid, Path announced) {
        Path d = Path.of(socketDir == null || socketDir.isEmpty() ? "." : socketDir).toAbsolutePath().normalize();
        List<Path> candidates = new ArrayList<>(List.of(d.resolve("daos_io_server_" + pid + ".sock")));
        if (announced != null) {
            Path a = announced.toAbsolutePath().normalize();
            String name = a.getFileName() == null ? "" : a.getFileName().toString();
            if (d.equals(a.getParent()) && name.startsWith("daos_io_server") && name.endsWith(".sock")) {
                candidates.add(a);
            }
        }
        for (Path p : candidates) {
            try {
                if (Files.exists(p) && !isListening(p) && Files.deleteIfExists(p)) {
                    LOG.fine("removed " + p + " of ended pid " + pid);
                }
            } catch (IOException e) {
                LOG.fine("cannot remove " + p + ": " + e.getMessage());
            }
        }
    }

    /**
     * Whether some process still has a socket bound to {@code sock}: its path is listed in
     * {@code /proc/net/unix} (of any type: the engines' dRPC sockets are SOCK_SEQPACKET, which a
     * probe by connecting from Java could not tell from a stale file). When that list cannot be
     * read the answer is yes, so that nothing is removed on a guess.
     */
    static boolean isListening(Path sock) {
        String suffix = " " + sock.toAbsolutePath().normalize();
        try (var lines = Files.lines(PROC_NET_UNIX)) {
            return lines.anyMatch(l -> l.endsWith(suffix));
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    /**
     * SIGINT to {@code p} through libc {@code kill(2)} (the JDK sends only SIGTERM and SIGKILL);
     * SIGTERM instead when {@code p} ignores SIGINT (it inherited SIG_IGN, e.g. daos_server was
     * started in the background of a non-interactive shell) or libc cannot be used. The reference
     * sends SIGINT only; there such a stop is lost.
     */
    static void interrupt(Process p) {
        if (ignores(p.pid(), LibC.SIGINT)) {
            LOG.fine(() -> "daos_io_server pid " + p.pid() + " ignores SIGINT: sending SIGTERM");
            p.destroy();
            return;
        }
        try {
            NativeLibraries.libc().kill((int) p.pid(), LibC.SIGINT);
        } catch (LibraryNotInstalledException | RuntimeException e) {
            LOG.warning("SIGINT to daos_io_server pid " + p.pid() + " failed (" + e.getMessage() + "): sending SIGTERM");
            p.destroy();
        }
    }

    /** Whether process {@code pid} ignores signal {@code sig} ({@code SigIgn} of /proc/pid/status). */
    static boolean ignores(long pid, int sig) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (mask & (1L << (sig - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone already, or a format we do not know: take the default disposition
        }
        return false;
    }

    /** The reference's text for an exit code: {@code exit status 3}, {@code signal: killed}. */
    static String exitStatus(int code) {
        if (code == 0) {
            return "process exited with 0";
        }
        if (code > 128 && code < 128 + 32) {
            int sig = code - 128;
            String name = switch (sig) {
                case 1 -> "hangup";
                case 2 -> "interrupt";
                case 3 -> "quit";
                case 6 -> "aborted";
                case 9 -> "killed";
                case 11 -> "segmentation fault";
                case 15 -> "terminated";
                default -> "signal " + sig;
            };
            return "signal: " + name;
        }
        return "exit status " + code;
    }

    /**
     * {@code setpriv} if {@code <setpriv> --pdeathsig KILL -- sh -c 'exit 0'} works here, else null
     * (logged: instances are then killed by the shutdown hook only). Run it on the thread that
     * will spawn, before the first spawn.
     */
    static Path usableDeathSignalWrapper(Path setpriv) {
        if (setpriv == null) {
            return null;
        }
        try {
            CommandResult r = CommandRunner.run(Command.of(setpriv.toString(), "--pdeathsig", "KILL", "--",
                    "sh", "-c", "exit 0").withTimeout(Duration.ofSeconds(5)));
            if (r.succeeded()) {
                return setpriv;
            }
            LOG.warning(setpriv + " --pdeathsig does not work here; instances are killed by the shutdown hook only");
        } catch (IOException e) {
            LOG.warning("cannot run " + setpriv + ": " + e.getMessage()
                    + "; instances are killed by the shutdown hook only");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
