package io.daos.control.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.zip.CRC32;

/**
 * The state file {@code <scm_mount>/daos_engine.state}. Writes are atomic: the new content goes to
 * {@code .daos_engine.state.tmp} in the same directory, is fsynced, renamed over the old file, and
 * the directory is fsynced, so a crash at any moment leaves either the old or the new state. The
 * first line carries a CRC-32 of the rest, checked on load (a damaged file is an error, never
 * silently replaced by an empty state).
 */
public final class StateStore {
    public static final String FILE = "daos_engine.state";
    private static final String TMP = ".daos_engine.state.tmp";
    private static final String HEADER = "#daos_engine state crc32=";

    private final Path dir;
    private final Path file;
    private final Path tmp;

    public StateStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.tmp = dir.resolve(TMP);
    }

    public Path file() {
        return file;
    }

    /** Loads the state, or a fresh one if the file does not exist. */
    public EngineState load() throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new EngineState();
        }
        String text = new String(all, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        if (nl < 0 || !text.startsWith(HEADER)) {
            throw new IOException("state file " + file + " is damaged: no header");
        }
        String body = text.substring(nl + 1);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        String want = text.substring(HEADER.length(), nl).trim();
        if (!want.equals(Long.toHexString(crc.getValue()))) {
            throw new IOException("state file " + file + " is damaged: checksum mismatch");
        }
        Properties p = new Properties();
        p.load(new StringReader(body));
        try {
            return EngineState.fromProperties(p);
        } catch (IllegalArgumentException e) {
            throw new IOException("state file " + file + " is damaged: " + e.getMessage());
        }
    }

    /** Writes {@code s} atomically (generation incremented first). */
    public void save(EngineState s) throws IOException {
        s.generation++;
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        s.toProperties().store(bo, null);
        // Properties.store writes a date comment first: drop it so equal states give equal bytes.
        String body = bo.toString(StandardCharsets.ISO_8859_1);
        if (body.startsWith("#")) {
            body = body.substring(body.indexOf('\n') + 1);
        }
        CRC32 crc = new CRC32();
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        crc.update(bodyBytes);
        byte[] head = (HEADER + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(head.length + bodyBytes.length);
            b.put(head).put(bodyBytes).flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
