package io.daos.control.dmg.conn;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;

/** HTTP/2 (RFC 9113) frame types, flags and codes that {@link H2Connection} uses, and 32-bit fields. */
final class H2Frames {

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PUSH_PROMISE = 5;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;
    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    static final int FLAG_PADDED = 0x8;
    static final int FLAG_PRIORITY = 0x20;
    /** RST_STREAM's CANCEL. */
    static final int CANCEL = 0x8;
    /** The largest message received (grpc-java's default maximum inbound message size). */
    static final int MAX_MESSAGE = 4 * 1024 * 1024;

    private H2Frames() {
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /**
     * The whole header block of a HEADERS frame: its fragment without padding and priority, and
     * the CONTINUATION frames that follow until END_HEADERS (read from {@code in}).
     */
    static byte[] headerBlock(DataInputStream in, int stream, int flags, byte[] payload, int maxFrame)
            throws IOException {
        int start = 0;
        int end = payload.length;
        if ((flags & FLAG_PADDED) != 0 && end > 0) {
            start = 1;
            end -= payload[0] & 0xff;
        }
        if ((flags & FLAG_PRIORITY) != 0) {
            start += 5;
        }
        if (end < start) {
            throw new IOException("HTTP/2 HEADERS padding exceeds the frame");
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(end - start);
        block.write(payload, start, end - start);
        boolean endHeaders = (flags & FLAG_END_HEADERS) != 0;
        byte[] header = new byte[9];
        while (!endHeaders) {
            in.readFully(header);
            int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
            if (header[3] != CONTINUATION || (int32(header, 5) & 0x7fffffff) != stream || length > maxFrame) {
                throw new IOException("HTTP/2 header block not continued by CONTINUATION");
            }
            byte[] more = new byte[length];
            in.readFully(more);
            block.write(more, 0, length);
            endHeaders = (header[4] & FLAG_END_HEADERS) != 0;
        }
        return block.toByteArray();
    }
}
