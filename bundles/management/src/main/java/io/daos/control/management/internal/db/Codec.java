package io.daos.control.management.internal.db;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The field encodings the commands and the snapshot share: big-endian, ranks as unsigned 32 bits. */
final class Codec {

    /** Writes the body of one encoding. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads the body of one encoding. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private Codec() {
    }

    static byte[] encode(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes bytes that must be read whole.
     *
     * @throws IllegalArgumentException when they are truncated, too long or otherwise invalid
     */
    static <T> T decode(byte[] bytes, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(what + ": " + in.available() + " trailing bytes");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": truncated", e);
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(what) ? e
                    : new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    static void version(DataInputStream in, int expected, String what) throws IOException {
        int v = in.readUnsignedByte();
        if (v != expected) {
            throw new IllegalArgumentException(what + ": unknown version " + v);
        }
    }

    static void uuid(DataOutputStream out, UUID u) throws IOException {
        out.writeLong(u.getMostSignificantBits());
        out.writeLong(u.getLeastSignificantBits());
    }

    static UUID uuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    static void rank(DataOutputStream out, long rank) throws IOException {
        out.writeInt((int) rank);
    }

    static long rank(DataInputStream in) throws IOException {
        return Integer.toUnsignedLong(in.readInt());
    }

    static void ranks(DataOutputStream out, List<Long> ranks) throws IOException {
        out.writeInt(ranks.size());
        for (long r : ranks) {
            rank(out, r);
        }
    }

    static List<Long> ranks(DataInputStream in) throws IOException {
        int n = count(in, 4);
        List<Long> ranks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranks.add(rank(in));
        }
        return ranks;
    }

    /** Reads an element count, refusing one that the remaining bytes cannot hold. */
    static int count(DataInputStream in, int minBytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytesEach > in.available()) {
            throw new IllegalArgumentException("count " + Integer.toUnsignedString(n) + " exceeds the bytes left");
        }
        return n;
    }
}
