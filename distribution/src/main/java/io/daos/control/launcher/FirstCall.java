package io.daos.control.launcher;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One gRPC health check ({@code grpc.health.v1.Health/Check}, service "") over cleartext HTTP/2,
 * written by hand: the recording start makes it once it is ready, so that the classes the
 * server's first connection and call load (the HTTP/2 codec, the call path) are in its
 * class-data archive too. Without it, every later start parsed and verified them while it
 * answered its first client.
 * <p>
 * The launcher has no gRPC on its class path, and needs none for this: the request is the
 * client preface, an empty SETTINGS frame, one HEADERS frame (HPACK without indexing or Huffman
 * coding) and one DATA frame with an empty request message; the reply is read frame by frame
 * until the stream's trailers (a HEADERS frame that ends stream 1), acknowledging the server's
 * SETTINGS. Nothing of the reply is decoded: the call only has to run.
 */
final class FirstCall {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int GOAWAY = 7;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;

    private FirstCall() {
    }

    /**
     * Makes the health check on {@code host:port} (cleartext; a TLS port simply fails).
     *
     * @return whether the call ended (its trailers came) within {@code timeoutMs}; false on any
     *         error, refusal or time-out (nothing is thrown)
     */
    static boolean healthCheck(String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(request(authority(host, port)));
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[9];
            while (true) {
                in.readFully(header);
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                int type = header[3] & 0xff;
                int flags = header[4] & 0xff;
                int stream = ((header[5] & 0x7f) << 24) | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8
                        | header[8] & 0xff;
                in.skipNBytes(length);
                if (type == SETTINGS && (flags & ACK) == 0) {
                    out.write(frame(SETTINGS, ACK, 0, new byte[0]));
                    out.flush();
                } else if (type == HEADERS && stream == 1 && (flags & END_STREAM) != 0) {
                    return true;
                } else if (type == GOAWAY || (type == RST_STREAM && stream == 1)) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code host:port} as an HTTP authority: an IPv6 host in brackets. */
    static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Preface, SETTINGS, HEADERS and DATA (an empty HealthCheckRequest, END_STREAM) of stream 1. */
    static byte[] request(String authority) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x83); // :method POST (static table 3)
        block.write(0x86); // :scheme http (6)
        literal(block, 4, "/grpc.health.v1.Health/Check"); // :path (4)
        literal(block, 1, authority); // :authority (1)
        block.write(0x0f); // content-type (31 = 15 + 16), a literal without indexing
        block.write(0x10);
        string(block, "application/grpc");
        block.write(0x00); // a new name, without indexing
        string(block, "te");
        string(block, "trailers");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(PREFACE);
        all.writeBytes(frame(SETTINGS, 0, 0, new byte[0]));
        all.writeBytes(frame(HEADERS, END_HEADERS, 1, block.toByteArray()));
        all.writeBytes(frame(DATA, END_STREAM, 1, new byte[5])); // uncompressed, length 0
        return all.toByteArray();
    }

    /** A literal header field without indexing whose name is static table entry {@code index} (< 15). */
    private static void literal(ByteArrayOutputStream b, int index, String value) {
        b.write(index);
        string(b, value);
    }

    /** An HPACK string literal, not Huffman-coded (shorter than 127 bytes here). */
    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= 127) {
            throw new IllegalArgumentException("header value too long: " + s);
        }
        b.write(bytes.length);
        b.writeBytes(bytes);
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }
}
