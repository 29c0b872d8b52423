package io.daos.control.itest.e2e;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * systemd's end of {@code NOTIFY_SOCKET} for a test: an AF_UNIX datagram socket bound at a path,
 * read by a thread of its own; each message is kept (its assignments, one per line) and waited
 * for event-driven. Descriptors that come along (systemd-notify's barrier) are closed at once.
 */
final class NotifyReceiver implements AutoCloseable {

    private final AFUNIXDatagramSocket socket;
    private final Path path;
    private final List<List<String>> messages = new ArrayList<>();
    private final Thread reader;
    private boolean closed;

    NotifyReceiver(Path path) throws IOException {
        this.path = path;
        socket = AFUNIXDatagramSocket.newInstance();
        socket.setAncillaryReceiveBufferSize(1024);
        socket.bind(AFUNIXSocketAddress.of(path));
        reader = new Thread(this::read, "notify-receiver");
        reader.setDaemon(true);
        reader.start();
    }

    /** The value of NOTIFY_SOCKET. */
    String address() {
        return path.toString();
    }

    private void read() {
        try {
            while (true) {
                byte[] buf = new byte[4096];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                FileDescriptor[] fds = socket.getReceivedFileDescriptors();
                for (FileDescriptor fd : fds == null ? new FileDescriptor[0] : fds) {
                    new FileInputStream(fd).close();
                }
                List<String> m = List.of(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8).split("\n"));
                synchronized (this) {
                    messages.add(m);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    /** Every message so far, in order. */
    synchronized List<List<String>> messages() {
        return new ArrayList<>(messages);
    }

    /** The first message (so far or to come) with the assignment {@code line}, e.g. {@code READY=1}. */
    List<String> await(String line, long timeoutMs) throws InterruptedException {
        return await(m -> m.contains(line), timeoutMs);
    }

    synchronized List<String> await(Predicate<List<String>> p, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            for (List<String> m : messages) {
                if (p.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (closed || left <= 0) {
                throw new AssertionError("no such notification within " + timeoutMs + " ms: " + messages);
            }
            wait(left);
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        reader.join(10_000);
    }
}
