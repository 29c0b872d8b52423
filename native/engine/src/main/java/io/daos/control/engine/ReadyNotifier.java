package io.daos.control.engine;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The I/O server's one persistent connection to {@code <socket_dir>/daos_server.sock}
 * (WIRE 4.1, 4.4): NotifyReady and later BioErr calls travel on it with the C client's counting
 * (sequence used, then incremented: NotifyReady is 0). The drpc bundle's DrpcClientImpl counts
 * like the Go client (first call 1, reconnects per call), so this class sends its own envelopes
 * over a junixsocket SEQPACKET socket; the dispatch side is the drpc bundle's DrpcServer.
 */
public final class ReadyNotifier implements AutoCloseable {
    private final Path path;
    private final AFUNIXDatagramSocket sock;
    private final byte[] buf = new byte[DrpcIds.MAX_MSG_SIZE + 1];
    private long sequence;

    private ReadyNotifier(Path path, AFUNIXDatagramSocket sock) {
        this.path = path;
        this.sock = sock;
    }

    /** Connects to the control server's socket. */
    public static ReadyNotifier connect(Path path) throws IOException {
        AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
        try {
            s.connect(AFUNIXSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw new IOException("dRPC connect to " + path + ": " + e.getMessage(), e);
        }
        return new ReadyNotifier(path, s);
    }

    /** One call; returns the body of a SUCCESS response. */
    public synchronized byte[] call(int module, int method, byte[] body, int timeoutMs)
            throws IOException, DrpcException {
        long seq = sequence++;
        byte[] msg = Call.newBuilder().setModule(module).setMethod(method).setSequence(seq)
                .setBody(ByteString.copyFrom(body)).build().toByteArray();
        if (msg.length > DrpcIds.MAX_MSG_SIZE) {
            throw new DrpcException(DrpcStatus.FAILED_MARSHAL, "dRPC call of " + msg.length + " bytes is too large");
        }
        sock.setSoTimeout(timeoutMs);
        sock.send(new DatagramPacket(msg, msg.length));
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int n;
        try {
            sock.receive(in);
            n = in.getLength();
        } catch (SocketTimeoutException e) {
            if (System.nanoTime() >= deadline - TimeUnit.MILLISECONDS.toNanos(50)) {
                throw new SocketTimeoutException("dRPC call " + module + "/" + method + " to " + path
                        + " timed out after " + timeoutMs + " ms");
            }
            // junixsocket reports a zero-length packet as an early timeout. {sequence 0, SUCCESS,
            // no body} - the reply to a NotifyReady - serializes to zero bytes; a zero-length read
            // is also what EOF looks like, and the C client decodes both as that empty Response.
            n = 0;
        }
        Response r;
        try {
            r = Response.parseFrom(ByteString.copyFrom(buf, 0, n));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("undecodable dRPC response from " + path + ": " + e.getMessage(), e);
        }
        if (r.getStatusValue() != 0) {
            int st = r.getStatusValue();
            if (st < 0 || st > DrpcStatus.FAILED_MARSHAL.number()) {
                throw new IOException("dRPC response from " + path + " has unknown status " + st);
            }
            throw DrpcException.badResponseStatus(DrpcStatus.forNumber(st));
        }
        return r.getBody().toByteArray();
    }

    @Override
    public void close() {
        sock.close();
    }
}
