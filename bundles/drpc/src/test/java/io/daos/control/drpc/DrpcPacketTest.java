package io.daos.control.drpc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.protobuf.ByteString;

import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;

/** The listener against raw packets: the dispatch rules of WIRE.md §4.5, bad packets, fuzz. */
public class DrpcPacketTest {

    private Path dir;
    private Path sock;
    private TestModules modules;
    private DrpcServer server;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("drpcpk");
        sock = dir.resolve("daos_server.sock");
        modules = new TestModules();
        modules.release.countDown(); // BLOCK returns at once here
        server = DrpcServer.start(sock, modules.lookup());
    }

    @After
    public void tearDown() throws Exception {
        server.close();
        TestSupport.deleteTree(dir);
    }

    static byte[] call(int module, int method, long seq, byte[] body) {
        return Call.newBuilder().setModule(module).setMethod(method).setSequence(seq)
                .setBody(ByteString.copyFrom(body)).build().toByteArray();
    }

    private void assertHealthy() throws Exception {
        try (RawConn c = new RawConn(sock)) {
            Response r = c.call(call(TestModules.MODULE, TestModules.GREET, 77, "bob".getBytes(StandardCharsets.UTF_8)));
            assertEquals(DrpcStatus.SUCCESS.number(), r.getStatusValue());
            assertEquals(77, r.getSequence());
            assertEquals("Hello bob", r.getBody().toStringUtf8());
        }
    }

    @Test
    public void everyStatusWithSequenceEchoAndBodyOnlyOnSuccess() throws Exception {
        try (RawConn c = new RawConn(sock)) {
            Response r = c.call(call(256, 1, 13, new byte[0]));
            assertEquals(DrpcStatus.UNKNOWN_MODULE.number(), r.getStatusValue());
            assertEquals(13, r.getSequence());
            int[][] cases = {
                {TestModules.ECHO, DrpcStatus.SUCCESS.number()},
                {99, DrpcStatus.UNKNOWN_METHOD.number()},
                {TestModules.FAIL, DrpcStatus.FAILURE.number()},
                {TestModules.THROW_RUNTIME, DrpcStatus.FAILURE.number()},
                {TestModules.MARSHAL, DrpcStatus.FAILED_MARSHAL.number()},
                {TestModules.HUGE, DrpcStatus.FAILED_MARSHAL.number()},
                {TestModules.PAYLOAD, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD.number()},
            };
            long seq = 0; // the C client starts at 0
            for (int[] k : cases) {
                r = c.call(call(TestModules.MODULE, k[0], seq, new byte[] {9, 9}));
                assertEquals("method " + k[0], k[1], r.getStatusValue());
                assertEquals(seq, r.getSequence());
                if (k[1] == 0) {
                    assertArrayEquals(new byte[] {9, 9}, r.getBody().toByteArray());
                } else {
                    assertTrue(r.getBody().isEmpty());
                }
                seq++;
            }
            r = c.call(call(TestModules.MODULE, TestModules.ECHO, -5, new byte[0]));
            assertEquals(-5, r.getSequence());
            r = c.call(call(TestModules.MODULE, TestModules.ECHO, Long.MAX_VALUE, new byte[0]));
            assertEquals(Long.MAX_VALUE, r.getSequence());
            // {sequence 0, SUCCESS, no body} is a zero-length packet, as the C client (sequence 0
            // for NotifyReady) gets it from the reference; the connection stays usable
            c.send(call(TestModules.MODULE, TestModules.ECHO, 0, new byte[0]));
            assertNull(c.receive());
            r = c.call(call(TestModules.MODULE, TestModules.ECHO, 1, new byte[] {1}));
            assertEquals(1, r.getSequence());
        }
    }

    @Test
    public void garbageTruncatedAndOversizeAnsweredOnTheSameConnection() throws Exception {
        byte[] good = call(TestModules.MODULE, TestModules.ECHO, 5, new byte[100]);
        try (RawConn c = new RawConn(sock)) {
            for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {0, 0, 0},
                    new byte[] {0x0f}, Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, 5),
                    new byte[16385], new byte[40000])) {
                Response r = c.call(bad);
                assertEquals(DrpcStatus.FAILED_UNMARSHAL_CALL.number(), r.getStatusValue());
                assertEquals(-1, r.getSequence());
                assertTrue(r.getBody().isEmpty());
            }
            // exactly at the limit is fine
            byte[] body = new byte[16384 - 20];
            byte[] max = call(TestModules.MODULE, 42, 6, body);
            max = call(TestModules.MODULE, 42, 6, Arrays.copyOf(body, body.length + 16384 - max.length));
            assertEquals(16384, max.length);
            Response r = c.call(max);
            assertEquals(DrpcStatus.UNKNOWN_METHOD.number(), r.getStatusValue());
            assertEquals(6, r.getSequence());
            r = c.call(good);
            assertEquals(DrpcStatus.SUCCESS.number(), r.getStatusValue());
        }
        assertHealthy();
    }

    @Test
    public void emptyPacketEndsOnlyItsConnection() throws Exception {
        try (RawConn other = new RawConn(sock); RawConn c = new RawConn(sock)) {
            // a zero-length read is EOF on SOCK_SEQPACKET (as in the Go reference): the server
            // closes this connection, so a following call is never answered
            c.send(new byte[0]);
            try {
                c.send(call(TestModules.MODULE, TestModules.ECHO, 3, new byte[] {3}));
            } catch (java.io.IOException alreadyClosed) {
                // broken pipe: fine
            }
            assertNull("answered after an empty packet", c.receive());
            Response r = other.call(call(TestModules.MODULE, TestModules.ECHO, 1, new byte[] {1}));
            assertEquals(DrpcStatus.SUCCESS.number(), r.getStatusValue());
        }
        assertHealthy();
    }

    @Test
    public void concurrentConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
                        for (int i = 0; i < 200; i++) {
                            byte[] body = (id + ":" + i).getBytes(StandardCharsets.UTF_8);
                            assertArrayEquals(body, c.call(TestModules.MODULE, TestModules.ECHO, body, Duration.ofSeconds(10)));
                        }
                    }
                    return id;
                }));
            }
            for (Future<Integer> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Fuzz: 12,000 packets on 4 connections (random bytes, truncated Calls, Calls with random
     * module/method/body, oversize); each answer checked against the status computed from the
     * packet by {@link WireCheck} and {@link TestModules#expected}; then a fresh connection works.
     */
    @Test(timeout = 30_000)
    public void fuzz() throws Exception {
        long seed = Long.getLong("drpc.fuzz.seed", System.nanoTime());
        int perConn = 3000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random rnd = new Random(seed + t);
                fs.add(pool.submit((Callable<int[]>) () -> fuzzConnection(rnd, perConn, seed)));
            }
            int[] counts = new int[8];
            for (Future<int[]> f : fs) {
                int[] c = f.get(30, TimeUnit.SECONDS);
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += c[i];
                }
            }
            int total = Arrays.stream(counts).sum();
            assertEquals(4 * perConn, total);
            // the mix really covers the interesting answers
            for (DrpcStatus s : new DrpcStatus[] {DrpcStatus.SUCCESS, DrpcStatus.FAILURE, DrpcStatus.UNKNOWN_MODULE,
                    DrpcStatus.UNKNOWN_METHOD, DrpcStatus.FAILED_UNMARSHAL_CALL, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD,
                    DrpcStatus.FAILED_MARSHAL}) {
                assertTrue(s + " seen " + counts[s.number()] + " times (seed " + seed + ")", counts[s.number()] > 20);
            }
        } finally {
            pool.shutdownNow();
        }
        assertHealthy();
    }

    private int[] fuzzConnection(Random rnd, int n, long seed) throws Exception {
        int[] counts = new int[8];
        int[] methods = {0, TestModules.ECHO, TestModules.FAIL, TestModules.MARSHAL, TestModules.PAYLOAD,
            TestModules.THROW_RUNTIME, TestModules.HUGE, TestModules.BLOCK, TestModules.GREET, 99, -1};
        try (RawConn c = new RawConn(sock)) {
            for (int i = 0; i < n; i++) {
                byte[] packet;
                int kind = rnd.nextInt(10);
                if (kind < 3) { // random bytes
                    packet = new byte[1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(3000) : rnd.nextInt(40))];
                    rnd.nextBytes(packet);
                } else if (kind < 5) { // truncated valid call
                    byte[] full = call(rnd.nextInt(8), methods[rnd.nextInt(methods.length)], rnd.nextLong(),
                            randomBody(rnd));
                    packet = Arrays.copyOf(full, 1 + rnd.nextInt(full.length - 1));
                } else if (kind < 9) { // valid call, random fields
                    int module = rnd.nextBoolean() ? TestModules.MODULE : rnd.nextInt();
                    int method = rnd.nextInt(4) == 0 ? rnd.nextInt() : methods[rnd.nextInt(methods.length)];
                    byte[] body = randomBody(rnd);
                    if (method == TestModules.PAYLOAD && rnd.nextBoolean() && body.length > 0) {
                        body[0] = 'h';
                    }
                    packet = call(module, method, rnd.nextInt(3) == 0 ? rnd.nextLong() : i, body);
                } else { // oversize
                    packet = new byte[16385 + rnd.nextInt(4000)];
                    rnd.nextBytes(packet);
                }
                String what = "seed " + seed + " packet " + i + " kind " + kind + " " + hex(packet);
                Response r;
                try {
                    r = c.call(packet);
                } catch (java.io.IOException e) {
                    throw new AssertionError(what + ": " + e, e);
                }
                WireCheck.Parsed p = WireCheck.parseCall(packet, packet.length);
                DrpcStatus want;
                long wantSeq;
                byte[] wantBody = new byte[0];
                if (packet.length > 16384 || !p.valid) {
                    want = DrpcStatus.FAILED_UNMARSHAL_CALL;
                    wantSeq = -1;
                } else {
                    want = TestModules.expected(p.module, p.method, p.body);
                    wantSeq = p.sequence;
                    if (want == DrpcStatus.SUCCESS) {
                        wantBody = TestModules.expectedBody(p.method, p.body);
                    }
                }
                assertEquals(what, want.number(), r.getStatusValue());
                assertEquals(what, wantSeq, r.getSequence());
                assertArrayEquals(what, wantBody, r.getBody().toByteArray());
                counts[want.number()]++;
            }
        }
        return counts;
    }

    private static byte[] randomBody(Random rnd) {
        byte[] b = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300)];
        rnd.nextBytes(b);
        return b;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 48); i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.append(b.length > 48 ? "... (" + b.length + " bytes)" : "").toString();
    }
}
