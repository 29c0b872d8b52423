package io.daos.control.drpc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

/**
 * A dRPC listener on one SOCK_SEQPACKET socket path (WIRE.md §4.1, §4.5). One thread accepts;
 * each connection gets its own thread that handles its calls strictly in order. A malformed,
 * truncated or oversize packet is answered ({@code FAILED_UNMARSHAL_CALL}, sequence -1); an empty
 * packet ends its connection (a zero-length read is EOF on SOCK_SEQPACKET, as in the Go
 * reference). Neither affects the listener or other connections. {@link #close()} stops accepting, closes
 * every connection, waits a bounded time for the threads and removes the socket file.
 */
public final class DrpcServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DrpcServer.class.getName());

    /** How long {@link #close()} waits for the accept and connection threads, in total. */
    static final long CLOSE_WAIT_MS = 3000;

    private final Path socketPath;
    private final Function<Integer, DrpcModule> modules;
    private final AFUNIXDatagramSocket listener;
    private final Thread acceptor;
    private final Map<Connection, Boolean> connections = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean closed;

    private DrpcServer(Path socketPath, Function<Integer, DrpcModule> modules, AFUNIXDatagramSocket listener) {
        this.socketPath = socketPath;
        this.modules = modules;
        this.listener = listener;
        this.acceptor = new Thread(this::acceptLoop, "drpc-accept " + socketPath.getFileName());
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code socketPath} and starts serving.
     *
     * <p>The parent directory is created (mode 0755, less the umask) if missing; a stale file
     * at the path (a socket left by a dead process, or any non-directory) is removed first; the
     * socket is made mode 0777 as the reference does.
     *
     * @param socketPath where to listen; at most {@link DrpcSockets#MAX_SOCKET_PATH} bytes
     *        once made absolute
     * @param modules module id to handler, {@code null} for an unknown module; called for every
     *        call, so a live view (for example a concurrent map's {@code get}) works
     * @return the running server
     * @throws IOException with a one-line message: path too long, directory not creatable,
     *         path is a directory, bind or listen failed
     */
    public static DrpcServer start(Path socketPath, Function<Integer, DrpcModule> modules) throws IOException {
        Objects.requireNonNull(modules, "modules");
        Path abs = DrpcSockets.checkPath(socketPath);
        Path dir = abs.getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("dRPC socket directory " + dir + " exists and is not a directory");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("cannot create dRPC socket directory " + dir + ": " + describe(e));
        }
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("dRPC socket path " + abs + " is a directory");
        }
        try {
            Files.deleteIfExists(abs);
        } catch (IOException e) {
            throw new IOException("cannot remove stale dRPC socket " + abs + ": " + describe(e));
        }
        AFUNIXDatagramSocket listener = DrpcSockets.newSeqpacket();
        try {
            AFUNIXSocketAddress address = DrpcSockets.address(abs);
            listener.bind(address);
            listener.listen(64);
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            throw new IOException("cannot listen on dRPC socket " + abs + ": " + describe(e));
        }
        try {
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning("cannot make dRPC socket " + abs + " mode 0777: " + describe(e));
        }
        DrpcServer server = new DrpcServer(abs, modules, listener);
        server.acceptor.start();
        LOG.fine(() -> "dRPC listening on " + abs);
        return server;
    }

    /** The absolute socket path this server listens on. */
    public Path socketPath() {
        return socketPath;
    }

    /** Number of open connections (for tests and diagnostics). */
    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed) {
            AFDatagramSocket<AFUNIXSocketAddress> sock;
            try {
                sock = listener.accept();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "dRPC accept on " + socketPath + " failed: " + describe(e), e);
                    if (listener.isClosed()) {
                        return;
                    }
                }
                continue;
            }
            if (sock == null) {
                continue;
            }
            Connection c = new Connection(sock, connectionIds.incrementAndGet());
            connections.put(c, Boolean.TRUE);
            if (closed) {
                c.close();
                connections.remove(c);
                return;
            }
            c.thread.start();
        }
    }

    /**
     * Handles one received packet per WIRE.md §4.5 and returns the serialized Response (never
     * more than {@link DrpcIds#MAX_MSG_SIZE} bytes). Public so the dispatch rules can be reused
     * and tested without a socket.
     *
     * @param packet the packet's bytes
     * @param length how many bytes were received; more than the limit means oversize
     * @param modules the module lookup
     * @return the Response to send
     */
    public static byte[] dispatch(byte[] packet, int length, Function<Integer, DrpcModule> modules) {
        if (length > DrpcIds.MAX_MSG_SIZE) {
            LOG.warning("dRPC packet larger than " + DrpcIds.MAX_MSG_SIZE + " bytes refused");
            return response(-1, DrpcStatus.FAILED_UNMARSHAL_CALL, null);
        }
        Call call;
        try {
            call = Call.parseFrom(ByteString.copyFrom(packet, 0, length));
        } catch (InvalidProtocolBufferException e) {
            LOG.fine(() -> "undecodable dRPC call (" + length + " bytes): " + e.getMessage());
            return response(-1, DrpcStatus.FAILED_UNMARSHAL_CALL, null);
        }
        long seq = call.getSequence();
        DrpcModule module;
        try {
            module = modules.apply(call.getModule());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dRPC module lookup for " + call.getModule() + " failed", e);
            return response(seq, DrpcStatus.FAILURE, null);
        }
        if (module == null) {
            return response(seq, DrpcStatus.UNKNOWN_MODULE, null);
        }
        byte[] body;
        try {
            body = module.handle(call.getMethod(), call.getBody().toByteArray());
        } catch (DrpcException e) {
            DrpcStatus st = e.status();
            if (st == DrpcStatus.SUCCESS || st == DrpcStatus.SUBMITTED) {
                st = DrpcStatus.FAILURE;
            }
            DrpcStatus logged = st;
            LOG.fine(() -> "dRPC " + call.getModule() + "/" + call.getMethod() + ": " + logged + ": " + e.getMessage());
            return response(seq, st, null);
        } catch (Throwable t) { // a broken handler must not kill the connection
            LOG.log(Level.WARNING, "dRPC handler " + call.getModule() + "/" + call.getMethod() + " failed: " + t, t);
            return response(seq, DrpcStatus.FAILURE, null);
        }
        byte[] out = response(seq, DrpcStatus.SUCCESS, body);
        if (out.length > DrpcIds.MAX_MSG_SIZE) {
            LOG.warning("dRPC " + call.getModule() + "/" + call.getMethod() + ": reply of " + out.length
                    + " bytes exceeds the dRPC limit of " + DrpcIds.MAX_MSG_SIZE + " bytes");
            return response(seq, DrpcStatus.FAILED_MARSHAL, null);
        }
        return out;
    }

    private static byte[] response(long seq, DrpcStatus status, byte[] body) {
        Response.Builder b = Response.newBuilder().setSequence(seq).setStatusValue(status.number());
        if (body != null && body.length > 0) {
            b.setBody(ByteString.copyFrom(body));
        }
        return b.build().toByteArray();
    }

    /**
     * Stops accepting, closes every connection, waits (bounded) for the threads and removes the
     * socket file. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(listener);
        for (Connection c : connections.keySet()) {
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        join(acceptor, deadline);
        for (Connection c : connections.keySet()) {
            c.thread.interrupt();
            join(c.thread, deadline);
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warning("cannot remove dRPC socket " + socketPath + ": " + describe(e));
        }
    }

    private void join(Thread t, long deadlineNanos) {
        if (t == Thread.currentThread()) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warning("dRPC thread " + t.getName() + " did not stop within " + CLOSE_WAIT_MS + " ms");
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing
        }
    }

    /** One accepted connection and its thread. */
    private final class Connection {
        final AFDatagramSocket<AFUNIXSocketAddress> sock;
        final Thread thread;

        Connection(AFDatagramSocket<AFUNIXSocketAddress> sock, long id) {
            this.sock = sock;
            this.thread = new Thread(this::serve, "drpc-conn-" + id + " " + socketPath.getFileName());
            this.thread.setDaemon(true);
        }

        void serve() {
            byte[] buf = new byte[DrpcSockets.RECEIVE_BUFFER];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                while (!closed) {
                    in.setData(buf, 0, buf.length);
                    try {
                        sock.receive(in);
                    } catch (SocketTimeoutException e) {
                        // no SO_TIMEOUT is set: junixsocket reports a zero-length read this way,
                        // which is the peer closing (or an empty packet, which the Go reference
                        // also reads as EOF): end the connection
                        return;
                    } catch (SocketException e) {
                        return; // closed by us or by the peer
                    }
                    int n = in.getLength();
                    if (n <= 0) {
                        return; // EOF
                    }
                    byte[] out = dispatch(buf, n, modules);
                    sock.send(new DatagramPacket(out, out.length));
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.fine(() -> "dRPC connection on " + socketPath + " ended: " + describe(e));
                }
            } finally {
                close();
                connections.remove(this);
            }
        }

        void close() {
            closeQuietly(sock);
        }
    }

    @Override
    public String toString() {
        return "DrpcServer[" + socketPath + "]";
    }
}
