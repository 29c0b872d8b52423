package io.daos.control.harness.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The I/O servers an earlier daos_server of this configuration left running: it died without
 * stopping them (SIGKILL, a crash) and no parent-death signal reached them (no {@code setpriv} on
 * the PATH, or the kill fell between an instance's spawn and its wrapper's {@code prctl}). They
 * still use the instances' SCM and socket directory, so before the harness spawns its own they are
 * killed. One is recognised by its command line naming this configuration's socket directory
 * ({@code -d <socket_dir>}, whatever the binary or wrapper) and by having no daos_server as its
 * parent any more; the engines of a daos_server that is still alive are left alone.
 */
final class LeftoverEngines {

    private static final Logger LOG = Logger.getLogger(LeftoverEngines.class.getName());
    /** The main class on the command line of our daos_server JVM (bin/daos_server). */
    static final String LAUNCHER = "io.daos.control.launcher.Main";
    private static final long EXIT_WAIT_MS = 5_000;

    private LeftoverEngines() {
    }

    /** Kills the leftovers among every process but this one and its descendants; their pids. */
    static List<Long> killAll(String socketDir) {
        ProcessHandle self = ProcessHandle.current();
        List<ProcessHandle> mine = self.descendants().toList();
        return kill(socketDir, ProcessHandle.allProcesses().filter(h -> !h.equals(self) && !mine.contains(h)),
                LeftoverEngines::hasServerParent);
    }

    /**
     * SIGKILL to each of {@code candidates} whose arguments name {@code socketDir} and that
     * {@code owned} does not claim; waits (at most 5 s each) for them to end. Returns their pids.
     */
    static List<Long> kill(String socketDir, Stream<ProcessHandle> candidates, Predicate<ProcessHandle> owned) {
        if (socketDir == null || socketDir.isBlank()) {
            return List.of();
        }
        List<ProcessHandle> found = candidates.filter(h -> names(h.info().arguments().orElse(null), socketDir))
                .filter(h -> !owned.test(h)).toList();
        List<Long> killed = new ArrayList<>();
        for (ProcessHandle h : found) {
            String cmd = h.info().commandLine().orElse("?");
            if (h.destroyForcibly()) {
                killed.add(h.pid());
                LOG.warning("killed daos_io_server pid " + h.pid() + " left by an earlier daos_server (socket_dir "
                        + socketDir + "): " + cmd);
            }
        }
        for (ProcessHandle h : found) {
            try {
                h.onExit().get(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                LOG.warning("daos_io_server pid " + h.pid() + " left by an earlier daos_server did not end: " + e);
            }
        }
        return killed;
    }

    /** Whether {@code args} hold {@code -d <socketDir>} (the same directory, however spelled). */
    static boolean names(String[] args, String socketDir) {
        if (args == null) {
            return false;
        }
        Path want = Path.of(socketDir).toAbsolutePath().normalize();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-d") && !args[i + 1].isEmpty() && want.equals(path(args[i + 1]))) {
                return true;
            }
        }
        return false;
    }

    private static Path path(String arg) {
        try {
            return Path.of(arg).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** Whether the parent of {@code h} is a live daos_server (its engine, not a leftover). */
    static boolean hasServerParent(ProcessHandle h) {
        return h.parent().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("").contains(LAUNCHER)).orElse(false);
    }
}
