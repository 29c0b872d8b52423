package io.daos.control.itest.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.daos.control.itest.support.TestFiles;

/**
 * The clean-up steps of the e2e fixtures ({@link DistRule}, {@link WorkRule}): every step runs
 * even when an earlier one failed; the first failure is thrown at the end, later ones suppressed
 * in it. Also: the processes and mounts a test may leave under one of its directories.
 */
final class Teardown {

    /** One clean-up step. */
    interface Step {
        void run() throws Exception;
    }

    private Throwable failure;

    /** Runs {@code step}, recording (not throwing) a failure. */
    void step(Step step) {
        try {
            step.run();
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (failure == null) {
                failure = t;
            } else {
                failure.addSuppressed(t);
            }
        }
    }

    /** Throws the first recorded failure (unchecked: a rule's after() may not throw others). */
    void finish() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("e2e tear-down failed: " + failure, failure);
        }
    }

    /**
     * Kills (SIGKILL, then waits up to 10 s each) every process but this JVM whose command line
     * names {@code dir}: a daos_server or an engine of a test that failed before stopping them, or
     * whose parent is gone.
     */
    static void killProcessesNaming(Path dir) throws Exception {
        List<ProcessHandle> left = processesNaming(dir);
        for (ProcessHandle h : left) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : left) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    /** Every process but this JVM (of any PID namespace) whose command line names {@code dir}. */
    static List<ProcessHandle> processesNaming(Path dir) {
        // the path itself or below it, not a sibling whose name merely starts the same
        Pattern marker = Pattern.compile(Pattern.quote(dir.toString()) + "(?=[/\\s\"']|$)");
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self
                && marker.matcher(h.info().commandLine().orElse("")).find()).toList();
    }

    /**
     * Unmounts everything mounted at or below {@code dir} (per /proc/self/mountinfo, deepest
     * first, stacked mounts included), then deletes the tree. Nothing is deleted if an unmount
     * fails: deleting would reach into the still-mounted file system.
     */
    static void unmountAndDelete(Path dir) throws IOException, InterruptedException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        for (Path mount : mountsUnder(dir)) {
            TestFiles.unmountAll(mount);
        }
        TestFiles.deleteTree(dir);
    }

    /** Mount points at or below {@code dir}, deepest first. */
    static List<Path> mountsUnder(Path dir) throws IOException {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return List.of();
        }
        List<String> roots = new ArrayList<>(List.of(dir.toAbsolutePath().normalize().toString()));
        if (Files.exists(dir)) {
            roots.add(dir.toRealPath().toString());
        }
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(mountinfo)) {
            String[] f = line.split(" ");
            if (f.length <= 4) {
                continue;
            }
            String point = unescape(f[4]);
            for (String root : roots) {
                if ((point.equals(root) || point.startsWith(root + "/")) && !found.contains(Path.of(point))) {
                    found.add(Path.of(point));
                }
            }
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** mountinfo's octal escapes (space, tab, newline, backslash). */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
