package io.daos.control.drpc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.file.Path;

import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import io.daos.control.proto.drpc.Response;

/** A raw SOCK_SEQPACKET client for sending arbitrary packets to a listener. */
final class RawConn implements AutoCloseable {
    final AFUNIXDatagramSocket sock;
    private final byte[] buf = new byte[65536];

    RawConn(Path path) throws IOException {
        sock = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
        sock.connect(AFUNIXSocketAddress.of(path));
        sock.setSoTimeout(10_000);
    }

    void send(byte[] packet) throws IOException {
        sock.send(new DatagramPacket(packet, packet.length));
    }

    /** The next packet, or null when the peer closed the connection. */
    byte[] receive() throws IOException {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        long t0 = System.nanoTime();
        try {
            sock.receive(p);
        } catch (java.net.SocketTimeoutException e) {
            if (System.nanoTime() - t0 < 9_000_000_000L) {
                return null; // zero-length read: EOF (junixsocket reports it as a timeout)
            }
            throw e;
        } catch (java.net.SocketException e) {
            return null; // reset by the peer: closed
        }
        if (p.getLength() == 0) {
            return null;
        }
        return java.util.Arrays.copyOf(buf, p.getLength());
    }

    /**
     * Sends a packet and decodes the answer. A zero-length answer is the all-defaults Response
     * ({sequence 0, SUCCESS, no body} serializes to nothing, and the reference sends it as an
     * empty packet); junixsocket cannot tell it from EOF, so a closed connection shows up as a
     * failing send on the next call.
     */
    Response call(byte[] packet) throws IOException {
        send(packet);
        byte[] r = receive();
        return r == null ? Response.getDefaultInstance() : Response.parseFrom(r);
    }

    @Override
    public void close() {
        sock.close();
    }
}
