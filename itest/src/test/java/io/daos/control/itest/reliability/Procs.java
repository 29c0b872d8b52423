package io.daos.control.itest.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a crash may leave in the kernel's tables, read from {@code /proc}: zombie children (a
 * process whose exit nobody reaped) and mounts (a tmpfs mounted twice at the same point).
 */
final class Procs {

    private Procs() {
    }

    /** The pids of the zombie children of {@code parent} ({@code /proc/<pid>/stat}: state Z, that ppid). */
    static List<Long> zombieChildren(long parent) throws IOException {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (NoSuchFileException | java.nio.file.AccessDeniedException gone) {
                    continue;
                }
                // pid (comm) state ppid ...; comm may hold spaces and parentheses: after the last ')'
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (f[0].equals("Z") && Long.parseLong(f[1]) == parent) {
                    out.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return out;
    }

    /** Whether {@code pid} is gone from the process table (not even a zombie). */
    static boolean gone(long pid) {
        return !Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /**
     * The mount points at or below {@code dir} (per {@code /proc/self/mountinfo}) and how many
     * times each is mounted (a stacked mount counts again).
     */
    static Map<String, Integer> mountsUnder(Path dir) throws IOException {
        String root = dir.toAbsolutePath().normalize().toString();
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                String point = f[4].replace("\\040", " ");
                if (point.equals(root) || point.startsWith(root + "/")) {
                    out.merge(dir.toAbsolutePath().normalize().relativize(Path.of(point)).toString(), 1, Integer::sum);
                }
            }
        }
        return out;
    }
}
