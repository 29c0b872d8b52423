package io.daos.control.drpc;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import io.daos.control.api.drpc.DrpcIds;

/**
 * Small helpers shared by the server and the client: socket creation, the sun_path limit and
 * the size-checked send.
 */
public final class DrpcSockets {

    /** Usable characters of {@code sun_path} (108 bytes including the terminating NUL). */
    public static final int MAX_SOCKET_PATH = 107;

    /** Receive buffer: one byte more than the limit, so an oversize packet is detected. */
    static final int RECEIVE_BUFFER = DrpcIds.MAX_MSG_SIZE + 1;

    private DrpcSockets() {
    }

    /**
     * Checks that {@code path} fits in {@code sun_path}.
     *
     * @param path a socket path
     * @return the absolute path
     * @throws IOException naming the path, its length and the limit
     */
    public static Path checkPath(Path path) throws IOException {
        Path abs = path.toAbsolutePath();
        int len = abs.toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_SOCKET_PATH) {
            throw new IOException("dRPC socket path " + abs + " is too long: " + len
                    + " bytes, the limit is " + MAX_SOCKET_PATH + " (sun_path)");
        }
        return abs;
    }

    static AFUNIXSocketAddress address(Path abs) throws SocketException {
        return AFUNIXSocketAddress.of(abs);
    }

    static AFUNIXDatagramSocket newSeqpacket() throws IOException {
        return AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
    }
}
