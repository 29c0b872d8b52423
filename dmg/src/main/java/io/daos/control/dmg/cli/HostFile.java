package io.daos.control.dmg.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code -f, --host-file} option, which the reference leaves unimplemented: one host pattern
 * per line (any §6.3 pattern, e.g. {@code node[1-4]:10001}), {@code #} starting a comment to the
 * end of the line, blank lines skipped. Every line is expanded like {@code -l}; the result is the
 * sorted, de-duplicated union.
 */
public final class HostFile {

    private HostFile() {
    }

    /**
     * The addresses of the file at {@code path}.
     *
     * @throws DmgException {@code reading host file: open <path>: <reason>}, {@code host file
     *                      <path>: line <n>: <expansion error>} or {@code host file <path>: no hosts}
     */
    public static List<String> read(Path path, HostExpander expander, int defaultPort) throws DmgException {
        List<String> lines;
        try {
            if (Files.isDirectory(path)) {
                throw new DmgException("reading host file: read " + path + ": is a directory");
            }
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DmgException("reading host file: open " + path + ": " + Reasons.of(e));
        }
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String pattern = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (pattern.isEmpty()) {
                continue;
            }
            try {
                out.addAll(expander.expand(pattern, defaultPort));
            } catch (IllegalArgumentException e) {
                throw new DmgException("host file " + path + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new DmgException("host file " + path + ": no hosts");
        }
        return List.copyOf(out);
    }
}
