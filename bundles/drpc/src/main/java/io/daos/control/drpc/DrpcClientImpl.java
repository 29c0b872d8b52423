package io.daos.control.drpc;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.newsclub.net.unix.AFUNIXDatagramSocket;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcClient;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

/**
 * The calling side of dRPC on one socket path. Keeps one connection, opened on the first call;
 * sequence numbers are per connection and the echoed sequence is checked. By default they count
 * like the Go client, first call 1 ({@link Sequence#GO}, the control server's side); an I/O
 * server's persistent connection to {@code daos_server.sock} counts like the C client, first call
 * 0 ({@link Sequence#C}, WIRE.md §4.4). After the connection broke (peer restarted, timeout, I/O error) the
 * next call connects again; a call whose send fails on a connection the peer already closed is
 * retried once on a fresh connection (nothing was delivered). Thread-safe: calls are serialized
 * by a lock, one outstanding call per connection.
 */
public final class DrpcClientImpl implements DrpcClient {

    /** How sequence numbers count on each new connection (WIRE.md §4.4). */
    public enum Sequence {
        /** Incremented before each send: the first call is 1 (Go client, control server). */
        GO,
        /**
         * Used, then incremented: the first call is 0 (C client, I/O server). The reply to call 0
         * with SUCCESS and no body encodes to zero bytes; such an empty packet is that reply.
         */
        C
    }

    /** A "timeout" this long before the deadline is really a zero-length read (EOF). */
    private static final long EOF_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path socketPath;
    private final Sequence counting;
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] buf = new byte[DrpcSockets.RECEIVE_BUFFER];
    private volatile AFUNIXDatagramSocket sock;
    private long sequence;
    private volatile boolean closed;

    /**
     * @param socketPath the dRPC socket to call; need not exist yet
     * @throws IllegalArgumentException if the path does not fit in {@code sun_path}
     */
    public DrpcClientImpl(Path socketPath) {
        this(socketPath, Sequence.GO);
    }

    /**
     * @param socketPath the dRPC socket to call; need not exist yet
     * @param counting how sequence numbers count on each connection
     * @throws IllegalArgumentException if the path does not fit in {@code sun_path}
     */
    public DrpcClientImpl(Path socketPath, Sequence counting) {
        Objects.requireNonNull(socketPath, "socketPath");
        this.counting = Objects.requireNonNull(counting, "counting");
        try {
            this.socketPath = DrpcSockets.checkPath(socketPath);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The socket path this client calls. */
    public Path socketPath() {
        return socketPath;
    }

    @Override
    public byte[] call(int module, int method, byte[] body, Duration timeout) throws DrpcException, IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("dRPC call timeout must be positive: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException(timeoutMessage(module, method, timeout)
                        + " (waiting for another call on this client)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("dRPC call to " + socketPath + " interrupted");
        }
        try {
            if (closed) {
                throw new IOException("dRPC client for " + socketPath + " is closed");
            }
            boolean fresh = sock == null;
            AFUNIXDatagramSocket s = connected();
            long seq = nextSequence();
            try {
                send(s, encode(module, method, seq, body), deadline, module, method, timeout);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (fresh || closed) {
                    throw e;
                }
                // the peer closed this connection since the last call (restart): nothing was
                // delivered, so send once more on a new connection
                s = connected();
                seq = nextSequence();
                send(s, encode(module, method, seq, body), deadline, module, method, timeout);
            }
            return receive(s, seq, module, method, deadline, timeout);
        } finally {
            lock.unlock();
        }
    }

    /** Sends one Call packet; on failure the connection is dropped and the error says why. */
    private void send(AFUNIXDatagramSocket s, byte[] msg, long deadline, int module, int method,
            Duration timeout) throws IOException {
        try {
            setTimeout(s, deadline, module, method, timeout);
            s.send(new DatagramPacket(msg, msg.length));
        } catch (SocketTimeoutException e) {
            disconnect();
            throw new SocketTimeoutException(timeoutMessage(module, method, timeout));
        } catch (IOException e) {
            disconnect();
            throw new IOException("dRPC send to " + socketPath + ": " + DrpcServer.describe(e), e);
        }
    }

    private byte[] receive(AFUNIXDatagramSocket s, long seq, int module, int method, long deadline,
            Duration timeout) throws DrpcException, IOException {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
            setTimeout(s, deadline, module, method, timeout);
            s.receive(in);
        } catch (SocketTimeoutException e) {
            if (seq == 0 && System.nanoTime() < deadline - EOF_MARGIN_NANOS) {
                return new byte[0]; // the zero-byte {sequence 0, SUCCESS} reply (Sequence.C)
            }
            disconnect(); // a late reply would come before the next call's
            if (System.nanoTime() < deadline - EOF_MARGIN_NANOS) {
                // junixsocket reports a zero-length read (the peer closed) as a timeout
                throw new IOException("dRPC receive from " + socketPath + ": connection closed by the peer");
            }
            throw new SocketTimeoutException(timeoutMessage(module, method, timeout));
        } catch (IOException e) {
            disconnect();
            throw new IOException("dRPC receive from " + socketPath + ": " + DrpcServer.describe(e), e);
        }
        int n = in.getLength();
        if (n == 0 && seq == 0) {
            return new byte[0]; // the zero-byte {sequence 0, SUCCESS} reply (Sequence.C)
        }
        if (n <= 0) {
            disconnect();
            throw new IOException("dRPC receive from " + socketPath + ": connection closed by the peer");
        }
        if (n > DrpcIds.MAX_MSG_SIZE) {
            disconnect();
            throw new IOException("dRPC response from " + socketPath + " exceeds the dRPC limit of "
                    + DrpcIds.MAX_MSG_SIZE + " bytes");
        }
        Response resp;
        try {
            resp = Response.parseFrom(ByteString.copyFrom(buf, 0, n));
        } catch (InvalidProtocolBufferException e) {
            disconnect();
            throw new IOException("undecodable dRPC response from " + socketPath + ": " + e.getMessage(), e);
        }
        if (resp.getSequence() != seq) {
            disconnect();
            throw new IOException("dRPC response from " + socketPath + " has sequence " + resp.getSequence()
                    + ", expected " + seq);
        }
        int st = resp.getStatusValue();
        if (st != DrpcStatus.SUCCESS.number()) {
            if (st < 0 || st > DrpcStatus.FAILED_MARSHAL.number()) {
                throw new IOException("dRPC response from " + socketPath + " has unknown status " + st);
            }
            throw DrpcException.badResponseStatus(DrpcStatus.forNumber(st));
        }
        return resp.getBody().toByteArray();
    }

    private long nextSequence() {
        return counting == Sequence.GO ? ++sequence : sequence++;
    }

    private static byte[] encode(int module, int method, long seq, byte[] body) throws DrpcException {
        Call.Builder b = Call.newBuilder().setModule(module).setMethod(method).setSequence(seq);
        if (body != null && body.length > 0) {
            if (body.length > DrpcIds.MAX_MSG_SIZE) { // do not even copy it
                throw tooLarge(body.length);
            }
            b.setBody(ByteString.copyFrom(body));
        }
        byte[] msg = b.build().toByteArray();
        if (msg.length > DrpcIds.MAX_MSG_SIZE) {
            throw tooLarge(msg.length);
        }
        return msg;
    }

    private static DrpcException tooLarge(int size) {
        return new DrpcException(DrpcStatus.FAILED_MARSHAL, "dRPC call of " + size
                + " bytes exceeds the dRPC limit of " + DrpcIds.MAX_MSG_SIZE + " bytes");
    }

    private void setTimeout(AFUNIXDatagramSocket s, long deadline, int module, int method, Duration timeout)
            throws IOException {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
            throw new SocketTimeoutException(timeoutMessage(module, method, timeout));
        }
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
    }

    private String timeoutMessage(int module, int method, Duration timeout) {
        return "dRPC call " + module + "/" + method + " to " + socketPath + " timed out after "
                + timeout.toMillis() + " ms";
    }

    private AFUNIXDatagramSocket connected() throws IOException {
        AFUNIXDatagramSocket s = sock;
        if (s != null) {
            return s;
        }
        if (!Files.exists(socketPath)) {
            throw new FileNotFoundException("dRPC socket " + socketPath + " does not exist");
        }
        s = DrpcSockets.newSeqpacket();
        try {
            s.connect(DrpcSockets.address(socketPath));
        } catch (IOException | RuntimeException e) {
            DrpcServer.closeQuietly(s);
            throw new IOException("dRPC connect to " + socketPath + ": " + DrpcServer.describe(e), e);
        }
        sequence = 0;
        sock = s;
        if (closed) { // close() raced with us
            disconnect();
            throw new IOException("dRPC client for " + socketPath + " is closed");
        }
        return s;
    }

    private void disconnect() {
        AFUNIXDatagramSocket s = sock;
        sock = null;
        if (s != null) {
            DrpcServer.closeQuietly(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        disconnect(); // unblocks a call in progress
    }

    @Override
    public String toString() {
        return "DrpcClient[" + socketPath + "]";
    }
}
