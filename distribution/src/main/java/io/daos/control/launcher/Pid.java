package io.daos.control.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's id, read from the {@code /proc/self} link. Start-up time: the first
 * {@code ProcessHandle.current()} of a JVM initialises the process API (its native part and the
 * process-reaper set-up), ~8 ms of the main thread before Felix is created; the harness pays for
 * that later, off the path to the control port, when it spawns its first process. Without
 * {@code /proc}, it is {@code ProcessHandle}'s answer.
 */
final class Pid {

    private static final long PID = read(Path.of("/proc/self"));

    private Pid() {
    }

    /** This process's id. */
    static long current() {
        return PID;
    }

    /** The number {@code link} points to, else {@code ProcessHandle}'s pid. */
    static long read(Path link) {
        try {
            return Long.parseLong(Files.readSymbolicLink(link).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }
}
