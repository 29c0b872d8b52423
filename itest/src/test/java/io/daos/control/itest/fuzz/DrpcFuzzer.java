package io.daos.control.itest.fuzz;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

/**
 * Malformed and odd packets to a dRPC socket (SOCK_SEQPACKET), and a connection flood. Each
 * packet must get one Response that decodes, echoing the Call's sequence when the packet is a
 * decodable Call within {@link DrpcIds#MAX_MSG_SIZE} bytes, else sequence -1 (WIRE.md). Packet
 * {@code i} is built from {@link RequestMutator#requestSeed}{@code (seed, "drpc", i)}.
 */
public final class DrpcFuzzer {

    static final String TARGET = "drpc";
    private static final int[] KNOWN = {DrpcIds.TEST_GREETING, DrpcIds.SEC_AGENT_REQUEST_CREDS,
        DrpcIds.MGMT_KILL_RANK, DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_JOIN, DrpcIds.MGMT_PING_RANK,
        DrpcIds.MGMT_PREP_SHUTDOWN, DrpcIds.SRV_NOTIFY_READY, DrpcIds.SRV_BIO_ERR, DrpcIds.SEC_VALIDATE_CREDS};

    private final Path socket;
    private final long seed;
    private final int timeoutMs;
    private final Tally tally;

    public DrpcFuzzer(Path socket, long seed, int timeoutMs, Tally tally) {
        this.socket = socket;
        this.seed = seed;
        this.timeoutMs = timeoutMs;
        this.tally = tally;
    }

    /** One packet: its bytes, its kind, the sequence the Response must carry. */
    record Packet(byte[] bytes, String kind, long expectedSequence) {
    }

    /** Packet {@code index} of a run seeded {@code seed}. */
    static Packet packet(long seed, int index) {
        Random rnd = new Random(RequestMutator.requestSeed(seed, TARGET, index));
        int pick = rnd.nextInt(100);
        String kind;
        byte[] b;
        if (pick < 20) {
            kind = "random-bytes";
            b = new byte[rnd.nextInt(100) < 70 ? rnd.nextInt(64) : rnd.nextInt(DrpcIds.MAX_MSG_SIZE + 1)];
            rnd.nextBytes(b);
        } else if (pick < 25) {
            kind = "empty";
            b = new byte[0];
        } else if (pick < 32) {
            kind = "oversize";
            b = new byte[DrpcIds.MAX_MSG_SIZE + 1 + rnd.nextInt(48 << 10)];
            rnd.nextBytes(b);
        } else {
            Call.Builder c = Call.newBuilder().setSequence(rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(1000));
            int k = rnd.nextInt(4);
            if (k == 0) {
                kind = "call-unknown-module";
                c.setModule(DrpcIds.NUM_MODULES + rnd.nextInt(Integer.MAX_VALUE - DrpcIds.NUM_MODULES))
                        .setMethod(rnd.nextInt());
            } else if (k == 1) {
                kind = "call-unknown-method";
                c.setModule(rnd.nextInt(DrpcIds.NUM_MODULES)).setMethod(rnd.nextBoolean() ? rnd.nextInt() : -1);
            } else {
                kind = "call-known-method";
                int method = KNOWN[rnd.nextInt(KNOWN.length)];
                c.setModule(method / 100).setMethod(method);
            }
            byte[] body = new byte[rnd.nextInt(100) < 80 ? rnd.nextInt(256) : rnd.nextInt(DrpcIds.MAX_MSG_SIZE)];
            rnd.nextBytes(body);
            c.setBody(ByteString.copyFrom(body));
            if (rnd.nextInt(100) < 15) {
                c.setUnknownFields(UnknownFieldSet.newBuilder().addField(5 + rnd.nextInt(1000),
                        UnknownFieldSet.Field.newBuilder().addVarint(rnd.nextLong()).build()).build());
                kind += "+unknown-fields";
            }
            b = c.build().toByteArray();
            if (rnd.nextInt(100) < 20 && b.length > 1) {
                b = Arrays.copyOf(b, 1 + rnd.nextInt(b.length - 1));
                kind = "truncated-call";
            }
        }
        return new Packet(b, kind, expected(b));
    }

    /** The sequence a correct Response to {@code b} carries. */
    static long expected(byte[] b) {
        if (b.length > DrpcIds.MAX_MSG_SIZE) {
            return -1;
        }
        try {
            return Call.parseFrom(b).getSequence();
        } catch (InvalidProtocolBufferException e) {
            return -1;
        }
    }

    private AFUNIXDatagramSocket connect() throws IOException {
        AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET);
        s.setSoTimeout(timeoutMs);
        s.connect(AFUNIXSocketAddress.of(socket));
        return s;
    }

    /** Sends packets {@code from} to {@code to - 1} on one connection (a new one after a close). */
    public void packets(int from, int to, BooleanSupplier alive) throws IOException {
        AFUNIXDatagramSocket s = null;
        byte[] in = new byte[DrpcIds.MAX_MSG_SIZE + 1];
        try {
            for (int i = from; i < to; i++) {
                Packet p = packet(seed, i);
                String detail = "#" + i + " kind=" + p.kind() + " bytes=" + p.bytes().length + " seed=" + seed;
                Outcome o;
                try {
                    if (s == null) {
                        s = connect();
                    }
                    s.send(new DatagramPacket(p.bytes(), p.bytes().length));
                    if (p.bytes().length == 0) {
                        // on SOCK_SEQPACKET an empty packet reads like the end of the stream: the
                        // server may answer it, ignore it or close; the connection must not hang
                        o = afterEmpty(s, in, i, timeoutMs);
                        detail += ": " + o;
                        s.close(); // answered, ignored or closed: a fresh connection for the next one
                        s = null;
                        tally.add(TARGET + " " + p.kind(), o, detail);
                        continue;
                    }
                    DatagramPacket r = new DatagramPacket(in, in.length);
                    long t0 = System.nanoTime();
                    try {
                        s.receive(r);
                    } catch (SocketTimeoutException e) {
                        if (waitedOut(t0, timeoutMs)) {
                            throw e;
                        }
                        r.setLength(0); // junixsocket's report of a zero-length read: closed
                    }
                    if (r.getLength() == 0) {
                        o = Outcome.BROKEN;
                        detail += ": connection closed by the server";
                        s.close();
                        s = null;
                    } else {
                        Response resp = Response.parseFrom(ByteString.copyFrom(in, 0, r.getLength()));
                        o = resp.getSequence() == p.expectedSequence() ? Outcome.OK : Outcome.BROKEN;
                        detail += ": " + resp.getStatus() + " sequence " + resp.getSequence() + " (expected "
                                + p.expectedSequence() + ")";
                    }
                } catch (IOException e) {
                    o = failure(e, alive);
                    detail += ": " + failureText(e, timeoutMs);
                    close(s);
                    s = null;
                }
                tally.add(TARGET + " " + p.kind(), o, detail);
                if (o == Outcome.CRASH) {
                    return;
                }
            }
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * What an exchange that failed with {@code e} counts as: no answer in time is a deadline, a
     * connection failure is broken, either is a crash when the server is gone ({@code alive}).
     */
    static Outcome failure(IOException e, BooleanSupplier alive) {
        if (!alive.getAsBoolean()) {
            return Outcome.CRASH;
        }
        return e instanceof SocketTimeoutException ? Outcome.DEADLINE : Outcome.BROKEN;
    }

    /** The report's words for {@code e}. */
    static String failureText(IOException e, int timeoutMs) {
        return e instanceof SocketTimeoutException ? "no answer in " + timeoutMs + " ms" : e.toString();
    }

    /** Closes {@code s} if there is one. */
    static void close(AFUNIXDatagramSocket s) throws IOException {
        if (s != null) {
            s.close();
        }
    }

    /**
     * After an empty packet: a well-formed Call must be answered on the same connection (an
     * answer to the empty packet may come first), or the server closed the connection.
     */
    private static Outcome afterEmpty(AFUNIXDatagramSocket s, byte[] in, int index, int timeoutMs)
            throws IOException {
        long seq = 1_000_000L + index;
        byte[] call = Call.newBuilder().setModule(DrpcIds.NUM_MODULES + 7).setMethod(1).setSequence(seq).build()
                .toByteArray();
        try {
            s.send(new DatagramPacket(call, call.length));
        } catch (IOException closed) {
            return Outcome.OK;
        }
        for (int answers = 0; answers < 2; answers++) {
            DatagramPacket r = new DatagramPacket(in, in.length);
            long t0 = System.nanoTime();
            try {
                s.receive(r);
            } catch (SocketTimeoutException e) {
                // junixsocket reports a zero-length read (the server closed the connection) as a
                // timeout at once; only one that waited out the socket timeout is a hang
                return waitedOut(t0, timeoutMs) ? Outcome.DEADLINE : Outcome.OK;
            } catch (IOException closed) {
                return Outcome.OK;
            }
            if (r.getLength() == 0
                    || Response.parseFrom(ByteString.copyFrom(in, 0, r.getLength())).getSequence() == seq) {
                return Outcome.OK;
            }
        }
        return Outcome.BROKEN;
    }

    /** Whether a receive that began at {@code t0} waited (nearly) its whole timeout. */
    static boolean waitedOut(long t0, int timeoutMs) {
        return System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(timeoutMs) * 9 / 10;
    }

    /**
     * Opens up to {@code count} idle connections and holds them (the caller closes them); stops
     * after 20 connects in a row failed (refused, or not accepted within the timeout).
     *
     * @return the connections that were opened, and how many connects failed
     */
    public Flood flood(int count) {
        List<AFUNIXDatagramSocket> open = new ArrayList<>();
        int failed = 0;
        int inRow = 0;
        for (int i = 0; i < count && inRow < 20; i++) {
            try {
                open.add(connect());
                inRow = 0;
            } catch (IOException e) {
                failed++;
                inRow++;
            }
        }
        return new Flood(open, failed);
    }

    /**
     * Sends one well-formed Call on each connection of {@code flood} (1 s for each answer; stops
     * after 20 unanswered in a row): {answered, hung (neither answered nor refused)}.
     */
    public int[] callEach(Flood flood) {
        int answered = 0;
        int hung = 0;
        int inRow = 0;
        byte[] in = new byte[DrpcIds.MAX_MSG_SIZE + 1];
        for (AFUNIXDatagramSocket s : flood.open()) {
            if (inRow >= 20) {
                break;
            }
            inRow++;
            try {
                s.setSoTimeout(1000);
                byte[] call = Call.newBuilder().setModule(DrpcIds.NUM_MODULES + 7).setMethod(1).setSequence(7).build()
                        .toByteArray();
                s.send(new DatagramPacket(call, call.length));
                DatagramPacket r = new DatagramPacket(in, in.length);
                s.receive(r);
                if (r.getLength() > 0 && Response.parseFrom(ByteString.copyFrom(in, 0, r.getLength()))
                        .getSequence() == 7) {
                    answered++;
                    inRow = 0;
                }
            } catch (SocketTimeoutException e) {
                hung++; // neither answered nor refused
            } catch (IOException refused) {
                // a cap may refuse it (closed, reset): clean
            }
        }
        return new int[] {answered, hung};
    }

    /** A held flood. */
    public record Flood(List<AFUNIXDatagramSocket> open, int failed) implements AutoCloseable {
        @Override
        public void close() {
            for (AFUNIXDatagramSocket s : open) {
                s.close();
            }
        }
    }

    /** One well-formed call (an unknown module) on a fresh connection: the answer's status, or the failure. */
    public String probe() {
        try (AFUNIXDatagramSocket s = connect()) {
            byte[] call = Call.newBuilder().setModule(DrpcIds.NUM_MODULES + 7).setMethod(1).setSequence(42).build()
                    .toByteArray();
            s.send(new DatagramPacket(call, call.length));
            byte[] in = new byte[DrpcIds.MAX_MSG_SIZE + 1];
            DatagramPacket r = new DatagramPacket(in, in.length);
            s.receive(r);
            Response resp = Response.parseFrom(ByteString.copyFrom(in, 0, r.getLength()));
            return resp.getSequence() == 42 ? resp.getStatus().name() : "wrong sequence " + resp.getSequence();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
