package io.daos.control.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;

/**
 * What the launcher installed from which file: bundle location -> {@code size:lastModified} of
 * the jar it came from. Kept inside the framework cache directory, so cleaning the cache also
 * forgets it. A jar whose fingerprint changed (a rebuilt SNAPSHOT, a replaced deploy/ jar) is
 * updated in the framework instead of trusting the cached copy.
 */
final class ProvisionState {

    static final String FILE_NAME = "daos-launcher.properties";

    private final Path file;
    private final Properties props = new Properties();
    /** Whether {@link #props} differs from the file. */
    private boolean changed;

    ProvisionState(Path file) throws IOException {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            }
        }
    }

    /** The fingerprint of a file: size and modification time; null if it does not exist. */
    static String fingerprint(Path jar) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    synchronized String get(String location) {
        return props.getProperty(location);
    }

    synchronized void put(String location, String fingerprint) {
        changed |= !fingerprint.equals(props.setProperty(location, fingerprint));
    }

    synchronized void remove(String location) {
        changed |= props.remove(location) != null;
    }

    /**
     * Writes the state, atomically, unless nothing changed since it was read or last saved and the
     * file is there (start-up time: a start that installs nothing rewrites nothing).
     */
    synchronized void save() throws IOException {
        if (!changed && Files.isRegularFile(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, "daos-control launcher: bundle location = jar size:mtime");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        changed = false;
    }
}
