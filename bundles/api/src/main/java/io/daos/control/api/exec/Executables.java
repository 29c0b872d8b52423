package io.daos.control.api.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one executable lookup: a program by name on a {@code PATH}-style search list, as
 * {@code exec.LookPath} finds it in the reference (a regular, executable file; empty entries are
 * skipped, not taken as the current directory).
 */
public final class Executables {

    private Executables() {
    }

    /** {@code name} in the directories of {@code pathEnv} ({@code :}-separated), in order. */
    public static Optional<Path> onPath(String name, String pathEnv) {
        if (name == null || name.isEmpty() || pathEnv == null) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code name} on this process's {@code PATH}. */
    public static Optional<Path> onPath(String name) {
        return onPath(name, System.getenv("PATH"));
    }

    /**
     * {@code name} on {@code pathEnv}, else in each of {@code fallbackDirs} in order (e.g. the
     * directory next to {@code daos_server}, then well-known install directories).
     */
    public static Optional<Path> find(String name, String pathEnv, Path... fallbackDirs) {
        Optional<Path> p = onPath(name, pathEnv);
        if (p.isPresent()) {
            return p;
        }
        for (Path dir : fallbackDirs) {
            if (dir != null) {
                Path c = dir.resolve(name);
                if (isExecutable(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** A regular file this process may execute. */
    public static boolean isExecutable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
