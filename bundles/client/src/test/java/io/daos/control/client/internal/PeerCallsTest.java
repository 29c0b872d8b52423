package io.daos.control.client.internal;

import static io.daos.control.client.internal.Fixtures.LONG;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.ClientException.Kind;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.peer.EngineCallReq;
import io.daos.control.proto.peer.EngineCallResp;
import io.daos.control.proto.peer.ForwardReq;
import io.daos.control.proto.peer.ForwardResp;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** The peer.ControlPeer calls against real servers on loopback, over one channel cache. */
public class PeerCallsTest {

    private static final String POOL_CREATE = "mgmt.MgmtSvc/PoolCreate";
    private static final Metadata.Key<String> CUSTOM = Metadata.Key.of("x-daos-test", Metadata.ASCII_STRING_MARSHALLER);

    private ChannelCache cache;
    private PeerCalls peer;

    @Before
    public void open() {
        cache = Fixtures.cache(Duration.ofHours(1));
        peer = new PeerCalls(new RemoteCalls(cache));
    }

    @After
    public void close() {
        cache.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A status as a v1.0 peer sends a fault: INTERNAL, an ErrorInfo detail, and one custom trailer. */
    private static StatusRuntimeException richError() {
        com.google.rpc.Status st = com.google.rpc.Status.newBuilder()
                .setCode(Code.FAILED_PRECONDITION_VALUE)
                .setMessage("not the leader: try 10.0.0.2:10001")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("proto.fault.Fault").setDomain("MGMT")
                        .putMetadata("Code", "700").putMetadata("Description", "not the leader").build()))
                .build();
        Metadata extra = new Metadata();
        extra.put(CUSTOM, "kept");
        return StatusProto.toStatusRuntimeException(st, extra);
    }

    private static void assertSameRichError(StatusRuntimeException got) {
        StatusRuntimeException sent = richError();
        assertEquals(sent.getStatus().getCode(), got.getStatus().getCode());
        assertEquals(sent.getStatus().getDescription(), got.getStatus().getDescription());
        assertEquals("kept", got.getTrailers().get(CUSTOM));
        assertEquals(StatusProto.fromThrowable(sent), StatusProto.fromThrowable(got));
    }

    private static ClientException failure(Call call) throws InterruptedException {
        try {
            call.run();
        } catch (ClientException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @FunctionalInterface
    private interface Call {
        void run() throws ClientException, InterruptedException;
    }

    // ---- Forward ----

    @Test
    public void forwardSendsTheWrappedCallAndReturnsTheResponseBytes() throws Exception {
        try (TestServer server = TestServer.start()) {
            AtomicReference<ForwardReq> seen = new AtomicReference<>();
            server.forward = (m, req) -> {
                seen.set(req);
                return ForwardResp.newBuilder().setResponse(ByteString.copyFrom(bytes("created"))).build();
            };
            byte[] reply = peer.forward(server.address(), POOL_CREATE, bytes("req"), "10.0.0.9:10001", "daos_server",
                    LONG);
            assertArrayEquals(bytes("created"), reply);
            ForwardReq req = seen.get();
            assertEquals(POOL_CREATE, req.getMethod());
            assertArrayEquals(bytes("req"), req.getRequest().toByteArray());
            assertEquals("10.0.0.9:10001", req.getPeer());
            assertEquals("daos_server", req.getSystem());
            assertEquals(List.of("Forward"), server.calls);
        }
    }

    @Test
    public void anEmptyResponseIsAnEmptyArray() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.forward = (m, req) -> ForwardResp.getDefaultInstance();
            assertArrayEquals(new byte[0], peer.forward(server.address(), POOL_CREATE, new byte[0], "", "", LONG));
        }
    }

    @Test
    public void aForwardErrorArrivesWithItsStatusAndTrailersAsTheCause() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.forward = (m, req) -> {
                throw richError();
            };
            ClientException e = failure(() -> peer.forward(server.address(), POOL_CREATE, bytes("x"), "p", "s", LONG));
            assertEquals(Kind.FAILED, e.kind());
            assertEquals("not the leader: try 10.0.0.2:10001", e.getMessage());
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof StatusRuntimeException);
            assertSameRichError((StatusRuntimeException) e.getCause());
        }
    }

    /** The use the cause is for: a relay rethrows it, and the first caller sees the last server's status unchanged. */
    @Test
    public void aRelayThatRethrowsTheCausePassesTheStatusOnUnchanged() throws Exception {
        try (TestServer leader = TestServer.start(); TestServer follower = TestServer.start()) {
            leader.forward = (m, req) -> {
                throw richError();
            };
            follower.forward = (m, req) -> {
                try {
                    byte[] r = peer.forward(leader.address(), req.getMethod(), req.getRequest().toByteArray(),
                            req.getPeer(), req.getSystem(), LONG);
                    return ForwardResp.newBuilder().setResponse(ByteString.copyFrom(r)).build();
                } catch (ClientException e) {
                    throw (StatusRuntimeException) e.getCause();
                }
            };
            ClientException e = failure(() -> peer.forward(follower.address(), POOL_CREATE, bytes("x"), "p", "s", LONG));
            assertEquals(Kind.FAILED, e.kind());
            assertSameRichError((StatusRuntimeException) e.getCause());
        }
    }

    @Test
    public void aFaultOfTheReceiverIsDecodedToo() throws Exception {
        Fault sent = Faults.SERVER_CONFIG_BAD_ACCESS_POINTS;
        try (TestServer server = TestServer.start()) {
            server.forward = (m, req) -> {
                throw new FaultException(sent);
            };
            ClientException e = failure(() -> peer.forward(server.address(), POOL_CREATE, bytes("x"), "p", "s", LONG));
            assertEquals(Kind.FAILED, e.kind());
            assertEquals(sent, e.fault().orElseThrow());
            assertEquals(Status.Code.INTERNAL, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
        }
    }

    @Test
    public void aRefusedPortIsUnreachable() throws Exception {
        HostPort closed = Fixtures.closedPort();
        assertEquals(Kind.UNREACHABLE, failure(() -> peer.forward(closed, POOL_CREATE, bytes("x"), "p", "s", LONG))
                .kind());
        assertEquals(Kind.UNREACHABLE, failure(() -> peer.engineCall(closed, 0, 7, bytes("x"), "s", LONG)).kind());
    }

    @Test
    public void aServerThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold forward = new TestServer.Hold();
                TestServer.Hold engine = new TestServer.Hold()) {
            server.forward = (m, req) -> forward.await(ForwardResp.getDefaultInstance());
            server.engineCall = (m, req) -> engine.await(EngineCallResp.getDefaultInstance());
            Duration deadline = Duration.ofMillis(300);
            assertTimesOut(() -> peer.forward(server.address(), POOL_CREATE, bytes("x"), "p", "s", deadline));
            assertTimesOut(() -> peer.engineCall(server.address(), 1, 7, bytes("x"), "s", deadline));
            assertTrue("the server saw the Forward cancelled", forward.awaitCancelled());
            assertTrue("the server saw the EngineCall cancelled", engine.awaitCancelled());
        }
    }

    /** The call fails with TIMEOUT no earlier than its 300 ms deadline, and not long after. */
    private static void assertTimesOut(Call call) throws InterruptedException {
        long start = System.nanoTime();
        ClientException e = failure(call);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(e.getMessage(), Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage(), e.getMessage().endsWith(": no answer within 300 ms"));
        assertTrue("ended after " + tookMs + " ms", tookMs >= 290 && tookMs < 20_000);
    }

    @Test
    public void anInterruptedForwardThrowsInterruptedExceptionAndCancelsTheCall() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold hold = new TestServer.Hold()) {
            server.forward = (m, req) -> hold.await(ForwardResp.getDefaultInstance());
            Fixtures.assertInterruptCancels(hold,
                    () -> peer.forward(server.address(), POOL_CREATE, bytes("x"), "p", "s", LONG));
        }
    }

    // ---- EngineCall ----

    @Test
    public void engineCallSendsRankMethodBodyAndTimeoutAndReturnsTheBody() throws Exception {
        try (TestServer server = TestServer.start()) {
            AtomicReference<EngineCallReq> seen = new AtomicReference<>();
            server.engineCall = (m, req) -> {
                seen.set(req);
                return EngineCallResp.newBuilder().setBody(ByteString.copyFrom(bytes("pool-info"))).build();
            };
            byte[] reply = peer.engineCall(server.address(), 3, 11, bytes("query"), "daos_server",
                    Duration.ofMillis(25_000));
            assertArrayEquals(bytes("pool-info"), reply);
            EngineCallReq req = seen.get();
            assertEquals(3, req.getRank());
            assertEquals(11, req.getMethod());
            assertArrayEquals(bytes("query"), req.getBody().toByteArray());
            assertEquals(25_000, req.getTimeoutMs());
            assertEquals("daos_server", req.getSystem());
        }
    }

    @Test
    public void anEngineCallErrorArrivesWithItsStatusAndTrailersAsTheCause() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.engineCall = (m, req) -> {
                throw richError();
            };
            ClientException e = failure(() -> peer.engineCall(server.address(), 0, 7, bytes("x"), "s", LONG));
            assertEquals(Kind.FAILED, e.kind());
            assertSameRichError((StatusRuntimeException) e.getCause());
        }
    }

    @Test
    public void aNegativeRankIsRefusedBeforeAnyCall() throws Exception {
        try (TestServer server = TestServer.start()) {
            try {
                peer.engineCall(server.address(), -1, 7, bytes("x"), "s", LONG);
                fail();
            } catch (IllegalArgumentException e) {
                assertEquals("rank must be at least 0: -1", e.getMessage());
            }
            assertEquals(List.of(), server.calls);
            assertEquals(0, cache.size());
        }
    }

    @Test
    public void theTimeoutSentIsTheDeadlineInMillisecondsWithinUint32() throws Exception {
        assertEquals(0, PeerCalls.timeoutMillis(Duration.ofMillis(-5)));
        assertEquals(1500, PeerCalls.timeoutMillis(Duration.ofMillis(1500)));
        assertEquals(PeerCalls.MAX_TIMEOUT_MS, PeerCalls.timeoutMillis(Duration.ofDays(60)));
        assertEquals(PeerCalls.MAX_TIMEOUT_MS, PeerCalls.timeoutMillis(Duration.ofSeconds(Long.MAX_VALUE)));
        try (TestServer server = TestServer.start()) {
            List<Integer> sent = new CopyOnWriteArrayList<>();
            server.engineCall = (m, req) -> {
                sent.add(req.getTimeoutMs());
                return EngineCallResp.getDefaultInstance();
            };
            peer.engineCall(server.address(), 0, 7, new byte[0], "s", Duration.ofDays(60));
            assertEquals(PeerCalls.MAX_TIMEOUT_MS, Integer.toUnsignedLong(sent.get(0)));
        }
    }

    // ---- channels ----

    @Test
    public void allCallsToOneAddressShareOneChannelAndForgetClosesIt() throws Exception {
        try (TestServer server = TestServer.start()) {
            HostPort a = server.address();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(bytes("f" + i), peer.forward(a, POOL_CREATE, bytes("f" + i), "p", "s", LONG));
                assertArrayEquals(bytes("e" + i), peer.engineCall(a, i, 7, bytes("e" + i), "s", LONG));
            }
            new RemoteCalls(cache).unary(a, MgmtSvcGrpc.getJoinMethod(), JoinReq.getDefaultInstance(), LONG).get();
            assertEquals(1, server.connections.get());
            assertEquals(1, cache.size());

            cache.forget(a);
            assertTrue("the connection ended", server.awaitEnded(1));
            assertEquals(0, cache.size());
            assertArrayEquals(bytes("again"), peer.forward(a, POOL_CREATE, bytes("again"), "p", "s", LONG));
            assertEquals("a later call connects anew", 2, server.connections.get());
        }
    }

    // ---- the cause of a FAILED ----

    @Test
    public void aFailureWithoutAStatusCauseGetsOne() {
        ClientException odd = new ClientException(Kind.FAILED, "odd", new IllegalStateException("odd"));
        ClientException e = PeerCalls.withStatusCause(odd);
        assertEquals(Kind.FAILED, e.kind());
        assertEquals("odd", e.getMessage());
        StatusRuntimeException s = (StatusRuntimeException) e.getCause();
        assertEquals(Status.Code.UNKNOWN, s.getStatus().getCode());
        assertTrue(s.getStatus().getCause() instanceof IllegalStateException);

        ClientException none = PeerCalls.withStatusCause(new ClientException(Kind.FAILED, "none", null));
        StatusRuntimeException n = (StatusRuntimeException) none.getCause();
        assertEquals(Status.Code.UNKNOWN, n.getStatus().getCode());
        assertEquals("none", n.getStatus().getDescription());
        assertNull(n.getTrailers().get(CUSTOM));
    }

    @Test
    public void aStatusCauseOrAnotherKindIsLeftAsItIs() {
        ClientException withStatus = new ClientException(Kind.FAILED, "m", richError());
        assertSame(withStatus, PeerCalls.withStatusCause(withStatus));
        ClientException timeout = new ClientException(Kind.TIMEOUT, "t", new IllegalStateException());
        assertSame(timeout, PeerCalls.withStatusCause(timeout));
    }
}
