package io.daos.control.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The sender of {@link SystemdNotify} over junixsocket: one unbound AF_UNIX datagram socket,
 * each message sent to the address of {@code NOTIFY_SOCKET} (so a systemd that re-executes and
 * binds the socket anew is still reached). Only loaded when NOTIFY_SOCKET is set: bin/daos_server
 * puts junixsocket on the class path then only.
 */
final class NotifySocket implements SystemdNotify.Sender {

    private final AFUNIXDatagramChannel socket;
    private final AFUNIXSocketAddress address;

    private NotifySocket(AFUNIXDatagramChannel socket, AFUNIXSocketAddress address) {
        this.socket = socket;
        this.address = address;
    }

    /** {@code notifySocket}: a path, or {@code @name} for the abstract namespace. */
    static NotifySocket open(String notifySocket) throws IOException {
        AFUNIXSocketAddress a = notifySocket.startsWith("@")
                ? AFUNIXSocketAddress.inAbstractNamespace(notifySocket.substring(1))
                : AFUNIXSocketAddress.of(Path.of(notifySocket));
        return new NotifySocket(AFUNIXDatagramChannel.open(), a);
    }

    @Override
    public void send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        synchronized (socket) {
            int sent = socket.send(ByteBuffer.wrap(b), address);
            if (sent != b.length) {
                throw new IOException("sent " + sent + " of " + b.length + " bytes to " + address);
            }
        }
    }
}
