package io.daos.control.drpc;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.newsclub.net.unix.AFDatagramSocket;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

/**
 * A dRPC listener on one SOCK_SEQPACKET socket path (WIRE.md §4.1, §4.5). One thread accepts;
 * idle connections wait in one selector and a connection's calls are handled strictly in order by
 * pooled workers ({@link ConnectionLoop}), so an idle connection costs a file descriptor, not a
 * thread or a buffer. A malformed, truncated or oversize packet is answered
 * ({@code FAILED_UNMARSHAL_CALL}, sequence -1); an empty packet ends its connection (a zero-length
 * read is EOF on SOCK_SEQPACKET, as in the Go reference). Neither affects the listener or other
 * connections.
 *
 * <p>Connections are bounded: at most {@code maxConnections} are served at once, and at most
 * {@code maxPerUser} from one peer uid. A connection over either bound is accepted and closed at
 * once by the accepting thread (no thread, no buffer), counted, and reported in one rate-limited
 * warning per window that names the bound and the count. Failures a peer can provoke are logged
 * through {@link RateLimitedLog}, never printed to stderr. {@link #close()} stops accepting, closes
 * every connection, waits a bounded time for the threads and removes the socket file.
 */
public final class DrpcServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DrpcServer.class.getName());

    /** How long {@link #close()} waits for the accept and connection threads, in total. */
    static final long CLOSE_WAIT_MS = 3000;

    /** Default bound on connections served at once: the I/O servers plus local tools, with room. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** Default bound on connections from one peer uid. */
    public static final int DEFAULT_MAX_PER_USER = 16;

    /** Logs what peers can make us log at will (bad packets, refused connections). */
    private static final RateLimitedLog PEER_LOG = new RateLimitedLog(LOG);

    private final Path socketPath;
    private final AFUNIXDatagramSocket listener;
    private final int maxConnections;
    private final int maxPerUser;
    private final ConnectionLoop connections;
    private final Thread acceptor;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    private DrpcServer(Path socketPath, Function<Integer, DrpcModule> modules, AFUNIXDatagramSocket listener,
            int maxConnections, int maxPerUser) throws IOException {
        this.socketPath = socketPath;
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.maxPerUser = maxPerUser;
        this.connections = new ConnectionLoop(socketPath.getFileName().toString(),
                (packet, length) -> dispatch(packet, length, modules), PEER_LOG);
        this.acceptor = daemon(this::acceptLoop, "drpc-accept " + socketPath.getFileName());
    }

    /**
     * A daemon thread whose uncaught failure (an {@link OutOfMemoryError} for one) goes to the log
     * instead of stderr.
     */
    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> LOG.log(Level.SEVERE, "dRPC thread " + th.getName()
                + " died: " + e, e));
        return t;
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
        return start(socketPath, modules, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_USER);
    }

    /**
     * Like {@link #start(Path, Function)} with explicit connection bounds.
     *
     * @param maxConnections connections served at once, at least 1
     * @param maxPerUser connections served at once from one peer uid, at least 1 (bounded by
     *        {@code maxConnections} anyway)
     * @throws IllegalArgumentException if a bound is below 1
     */
    public static DrpcServer start(Path socketPath, Function<Integer, DrpcModule> modules, int maxConnections,
            int maxPerUser) throws IOException {
        Objects.requireNonNull(modules, "modules");
        if (maxConnections < 1 || maxPerUser < 1) {
            throw new IllegalArgumentException("dRPC connection bounds must be at least 1: maxConnections "
                    + maxConnections + ", maxPerUser " + maxPerUser);
        }
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
        DrpcServer server;
        try {
            server = new DrpcServer(abs, modules, listener, maxConnections, maxPerUser);
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            throw new IOException("cannot serve dRPC socket " + abs + ": " + describe(e));
        }
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

    /** Connections refused since start because a bound was reached. */
    public long refusedCount() {
        return refused.get();
    }

    /** The bound on connections served at once. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Connections being served by a worker rather than waiting in the selector. */
    int busyConnections() {
        return connections.busy();
    }

    /** Receive buffers allocated since start (pooled, borrowed per call). */
    long buffersAllocated() {
        return connections.buffersAllocated();
    }

    private void acceptLoop() {
        while (!closed) {
            AFDatagramSocket<AFUNIXSocketAddress> sock;
            try {
                sock = listener.accept();
            } catch (IOException | RuntimeException e) {
                if (closed || listener.isClosed()) {
                    return;
                }
                // out of file descriptors, for one: say so (rate-limited) and let the peers
                // waiting in the backlog time out rather than spin
                PEER_LOG.warning("drpc-accept " + socketPath, () -> "dRPC accept on " + socketPath + " failed: "
                        + describe(e));
                pause();
                continue;
            }
            if (sock == null) {
                continue;
            }
            long uid = peerUid(sock);
            ConnectionLoop.Refusal why = connections.admit(uid, maxConnections, maxPerUser);
            if (why != null) {
                long n = refused.incrementAndGet();
                PEER_LOG.warning("drpc-refused " + socketPath + " " + why, () -> refusal(why, uid, n));
                closeQuietly(sock);
                continue;
            }
            if (closed) {
                closeQuietly(sock);
                connections.release(uid);
                return;
            }
            connections.add(sock, uid);
        }
    }

    private String refusal(ConnectionLoop.Refusal why, long uid, long total) {
        String bound = why == ConnectionLoop.Refusal.TOTAL
                ? maxConnections + " connections at once (" + MAX_CONNECTIONS_PROPERTY + ")"
                : maxPerUser + " connections at once from uid " + uid + " (" + MAX_PER_USER_PROPERTY + ")";
        return "dRPC connection to " + socketPath + " refused: the limit is " + bound + "; " + total
                + " refused since start";
    }

    /** Framework/system property naming the bound on connections per dRPC socket. */
    public static final String MAX_CONNECTIONS_PROPERTY = "daos.drpc.maxConnections";
    /** Framework/system property naming the bound on connections per peer uid. */
    public static final String MAX_PER_USER_PROPERTY = "daos.drpc.maxConnectionsPerUser";

    /** The peer's uid (SO_PEERCRED), or -1 when it cannot be read. */
    private static long peerUid(AFDatagramSocket<AFUNIXSocketAddress> sock) {
        try {
            if (sock instanceof AFUNIXDatagramSocket) {
                AFUNIXSocketCredentials cred = ((AFUNIXDatagramSocket) sock).getPeerCredentials();
                if (cred != null && !cred.isEmpty()) {
                    return cred.getUid();
                }
            }
        } catch (IOException | RuntimeException e) {
            // counted under the unknown uid
        }
        return -1;
    }

    private void pause() {
        try {
            Thread.sleep(ACCEPT_RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pause after a failed accept (such as EMFILE), so a persistent failure does not spin. */
    static final long ACCEPT_RETRY_MS = 50;

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
            PEER_LOG.warning("drpc-oversize", () -> "dRPC packet larger than " + DrpcIds.MAX_MSG_SIZE
                    + " bytes refused");
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
            PEER_LOG.warning("drpc-lookup " + call.getModule(), () -> "dRPC module lookup for "
                    + call.getModule() + " failed: " + e);
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
            PEER_LOG.warning("drpc-handler " + call.getModule() + "/" + call.getMethod(), () -> "dRPC handler "
                    + call.getModule() + "/" + call.getMethod() + " failed: " + t);
            LOG.log(Level.FINE, "dRPC handler failure", t);
            return response(seq, DrpcStatus.FAILURE, null);
        }
        byte[] out = response(seq, DrpcStatus.SUCCESS, body);
        if (out.length > DrpcIds.MAX_MSG_SIZE) {
            int size = out.length;
            PEER_LOG.warning("drpc-reply-size " + call.getModule() + "/" + call.getMethod(), () -> "dRPC "
                    + call.getModule() + "/" + call.getMethod() + ": reply of " + size
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        connections.close(deadline);
        join(acceptor, deadline);
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warning("cannot remove dRPC socket " + socketPath + ": " + describe(e));
        }
    }

    static void join(Thread t, long deadlineNanos) {
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

    @Override
    public String toString() {
        return "DrpcServer[" + socketPath + "]";
    }
}
