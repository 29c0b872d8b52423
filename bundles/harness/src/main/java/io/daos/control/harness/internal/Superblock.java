package io.daos.control.harness.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;

import io.daos.control.api.system.Rank;

/**
 * The per-instance superblock {@code <scm_mount>/superblock} (SPEC-SERVER §4.9): flat YAML,
 * keys in a fixed order, written atomically (staging file 0600, fsync, rename, fsync dir).
 * Immutable; the {@code with*} methods make copies.
 */
final class Superblock {

    static final String FILE_NAME = "superblock";

    final int version;
    final String uuid;
    final String system;
    /** null when no rank. */
    final Rank rank;
    final boolean validRank;
    final boolean ms;
    final boolean createMs;
    final boolean bootstrapMs;

    Superblock(String uuid, String system, Rank rank, boolean validRank, boolean ms, boolean createMs,
            boolean bootstrapMs) {
        this.version = 0;
        this.uuid = uuid;
        this.system = system == null || system.isEmpty() ? "daos_io_server" : system;
        this.rank = rank;
        this.validRank = validRank;
        this.ms = ms;
        this.createMs = createMs;
        this.bootstrapMs = bootstrapMs;
    }

    /**
     * A new superblock after the MS replica decision (§4.9): a fresh random UUID.
     *
     * @param configured the configured rank, or null
     */
    static Superblock create(String system, Rank configured, boolean replica, boolean bootstrap) {
        String uuid = UUID.randomUUID().toString();
        if (replica && bootstrap) {
            return new Superblock(uuid, system, configured != null ? configured : Rank.of(0), true, true, true, true);
        }
        if (replica) {
            return new Superblock(uuid, system, configured, false, true, true, false);
        }
        return new Superblock(uuid, system, configured, false, false, false, false);
    }

    Superblock withRank(Rank r) {
        return new Superblock(uuid, system, r, true, ms, createMs, bootstrapMs);
    }

    Superblock msCreated() {
        return new Superblock(uuid, system, rank, validRank, ms, false, false);
    }

    String toYaml() {
        return "version: " + version + "\n"
                + "uuid: " + uuid + "\n"
                + "system: " + system + "\n"
                + "rank: " + (rank == null ? "null" : rank.toString()) + "\n"
                + "validrank: " + validRank + "\n"
                + "ms: " + ms + "\n"
                + "createms: " + createMs + "\n"
                + "bootstrapms: " + bootstrapMs + "\n";
    }

    /**
     * Parses the YAML leniently: unknown keys are ignored, quotes around scalars removed.
     *
     * @throws IllegalArgumentException on a bad value (e.g. a rank of 4294967295), one line
     */
    static Superblock parse(String yaml) {
        String uuid = null;
        String system = "";
        Rank rank = null;
        boolean validRank = false;
        boolean ms = false;
        boolean createMs = false;
        boolean bootstrapMs = false;
        for (String raw : yaml.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("---")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("not a key: value line: \"" + line + "\"");
            }
            String key = line.substring(0, colon).strip();
            String value = unquote(line.substring(colon + 1).strip());
            switch (key) {
                case "version" -> {
                    if (!value.equals("0")) {
                        throw new IllegalArgumentException("unsupported superblock version \"" + value + "\"");
                    }
                }
                case "uuid" -> uuid = value;
                case "system" -> system = value;
                case "rank" -> {
                    if (value.isEmpty() || value.equals("null") || value.equals("~")) {
                        rank = null;
                    } else {
                        Rank r = Rank.parse(value);
                        if (r.isNil()) {
                            throw new IllegalArgumentException("invalid rank " + value + " in superblock");
                        }
                        rank = r;
                    }
                }
                case "validrank" -> validRank = bool(key, value);
                case "ms" -> ms = bool(key, value);
                case "createms" -> createMs = bool(key, value);
                case "bootstrapms" -> bootstrapMs = bool(key, value);
                default -> {
                    // lenient: unknown keys ignored
                }
            }
        }
        if (uuid == null || uuid.isEmpty()) {
            throw new IllegalArgumentException("superblock has no uuid");
        }
        return new Superblock(uuid, system, rank, validRank, ms, createMs, bootstrapMs);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static boolean bool(String key, String v) {
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("invalid " + key + " value \"" + v + "\"");
    }

    /** {@code <scm_mount>/superblock} ({@code /mnt/daos} when scm_mount is empty). */
    static Path pathFor(String scmMount) {
        return Path.of(scmMount == null || scmMount.isEmpty() ? "/mnt/daos" : scmMount, FILE_NAME);
    }

    /**
     * Reads the file; empty when it does not exist.
     *
     * @throws IOException {@code Failed to read Superblock from <path>: <err>}
     */
    static Optional<Superblock> read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("Failed to read Superblock from " + path + ": " + e, e);
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("Failed to read Superblock from " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes atomically: {@code <path>.staging} (0600, truncated), fsync, rename, fsync dir.
     *
     * @throws IOException {@code Failed to write Superblock to <path>: <err>}
     */
    void write(Path path) throws IOException {
        Path staging = path.resolveSibling(path.getFileName() + ".staging");
        try {
            try (FileChannel ch = FileChannel.open(staging, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-------"));
                ByteBuffer b = ByteBuffer.wrap(toYaml().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(staging, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException ignore) {
                // some file systems cannot fsync a directory; the rename is done
            }
        } catch (IOException e) {
            throw new IOException("Failed to write Superblock to " + path + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "(rank: " + (rank == null ? "NilRank" : rank) + ", uuid: " + uuid + ")";
    }
}
