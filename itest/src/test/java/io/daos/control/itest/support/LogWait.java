package io.daos.control.itest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a line in a log file that a process writes, on file-system events (no sleeping),
 * noticing within a second when the process exits.
 */
public final class LogWait {

    private LogWait() {
    }

    /** The lines of {@code log} after line {@code from} (none while it does not exist). */
    public static List<String> linesFrom(Path log, int from) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return new ArrayList<>(all.subList(Math.min(from, all.size()), all.size()));
    }

    /**
     * The first line of {@code log} after line {@code from} that {@code p} accepts; fails after
     * {@code timeoutMs}, or as soon as {@code alive} says the writer is gone, with
     * {@code context} (e.g. the process's output) in the message.
     */
    public static String await(Path log, int from, Predicate<String> p, long timeoutMs, BooleanSupplier alive,
            Supplier<String> context) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Files.createDirectories(log.getParent());
        try (WatchService ws = log.getFileSystem().newWatchService()) {
            log.getParent().register(ws, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                for (String l : linesFrom(log, from)) {
                    if (p.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || !alive.getAsBoolean()) {
                    throw new AssertionError("log line not seen in " + timeoutMs + " ms (writer alive: "
                            + alive.getAsBoolean() + "); " + log + " since line " + from + ": "
                            + linesFrom(log, from) + " " + context.get());
                }
                try {
                    // bounded, so that an exit of the writer is noticed
                    WatchKey key = ws.poll(Math.min(left, 1_000), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                } catch (ClosedWatchServiceException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
