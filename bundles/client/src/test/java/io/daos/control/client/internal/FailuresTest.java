package io.daos.control.client.internal;

import static io.daos.control.client.internal.Fixtures.LONG;
import static io.daos.control.client.internal.Fixtures.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import com.google.rpc.Code;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.ClientException.Kind;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.Status;

public class FailuresTest {

    private static final HostPort HOST = HostPort.of("node1", 10001);

    private static ClientException joinFails(TestServer.Handler<JoinReq, JoinResp> handler, Duration timeout)
            throws Exception {
        try (TestServer server = TestServer.start(); ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            server.join = handler;
            return failure(join(new RemoteCalls(cache), server.address(), timeout));
        }
    }

    private static CompletableFuture<JoinResp> join(RemoteCalls calls, HostPort host, Duration timeout) {
        return calls.unary(host, MgmtSvcGrpc.getJoinMethod(), JoinReq.getDefaultInstance(), timeout);
    }

    // ---- over the network ----

    @Test
    public void refusedIsUnreachable() throws Exception {
        HostPort closed = Fixtures.closedPort();
        try (ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            ClientException e = failure(join(new RemoteCalls(cache), closed, LONG));
            assertEquals(Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage(), e.getMessage().startsWith("mgmt.MgmtSvc/Join to " + closed + ": unreachable: "));
            assertFalse(e.fault().isPresent());
        }
    }

    @Test
    public void unresolvableIsUnreachable() throws Exception {
        try (ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            ClientException e = failure(join(new RemoteCalls(cache), HostPort.of("no-such-host.invalid", 10001), LONG));
            assertEquals(e.getMessage(), Kind.UNREACHABLE, e.kind());
        }
    }

    @Test
    public void aHostThatComesUpIsReachedByTheNextCallWithoutBackOff() throws Exception {
        HostPort closed = Fixtures.closedPort();
        try (ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            RemoteCalls calls = new RemoteCalls(cache);
            assertEquals(Kind.UNREACHABLE, failure(join(calls, closed, LONG)).kind());
            try (TestServer server = TestServer.start(closed.host(), closed.port())) {
                // without a fresh start the channel would still be backing off (1 s and more) and
                // fail this call at once with the old "Connection refused"
                assertEquals(0, join(calls, closed, LONG).get(60, TimeUnit.SECONDS).getRank());
            }
        }
    }

    @Test
    public void noAnswerBeforeTheDeadlineIsATimeout() throws Exception {
        try (TestServer.Hold hold = new TestServer.Hold()) {
            ClientException e = joinFails((m, req) -> hold.await(JoinResp.getDefaultInstance()),
                    Duration.ofMillis(200));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage(), e.getMessage().endsWith(": no answer within 200 ms"));
        }
    }

    @Test
    public void cancelledByThePeerIsCancelled() throws Exception {
        ClientException e = joinFails((m, req) -> {
            throw Status.CANCELLED.withDescription("shutting down").asRuntimeException();
        }, LONG);
        assertEquals(Kind.CANCELLED, e.kind());
        assertTrue(e.getMessage(), e.getMessage().endsWith(": cancelled: shutting down"));
    }

    @Test
    public void anyOtherStatusFailsWithThePeersDescription() throws Exception {
        ClientException e = joinFails((m, req) -> {
            throw Status.PERMISSION_DENIED.withDescription("not for you").asRuntimeException();
        }, LONG);
        assertEquals(Kind.FAILED, e.kind());
        assertEquals("not for you", e.getMessage());
        assertFalse(e.fault().isPresent());

        e = joinFails((m, req) -> {
            throw new IllegalStateException("instance 0 is not ready");
        }, LONG);
        assertEquals(Kind.FAILED, e.kind());
        assertEquals("instance 0 is not ready", e.getMessage());
    }

    @Test
    public void thePeersFaultIsDecoded() throws Exception {
        Fault sent = Faults.SERVER_CONFIG_BAD_ACCESS_POINTS.withResolution("fix \"it\"");
        ClientException e = joinFails((m, req) -> {
            throw new FaultException(sent);
        }, LONG);
        assertEquals(Kind.FAILED, e.kind());
        assertEquals(sent.toString(), e.getMessage());
        Fault got = e.fault().orElseThrow();
        assertEquals(sent, got);
        assertEquals(sent.domain(), got.domain());
        assertEquals(sent.code(), got.code());
        assertEquals(sent.description(), got.description());
        assertEquals(sent.resolution(), got.resolution());
    }

    // ---- the mapping itself ----

    @Test
    public void eachStatusCodeHasItsKind() {
        Duration t = Duration.ofSeconds(3);
        assertEquals(Kind.UNREACHABLE, Failures.of(HOST, "m", t, Status.UNAVAILABLE.asRuntimeException()).kind());
        assertEquals(Kind.TIMEOUT, Failures.of(HOST, "m", t, Status.DEADLINE_EXCEEDED.asException()).kind());
        assertEquals(Kind.CANCELLED, Failures.of(HOST, "m", t, Status.CANCELLED.asRuntimeException()).kind());
        for (Status.Code c : Status.Code.values()) {
            if (c != Status.Code.OK && c != Status.Code.UNAVAILABLE && c != Status.Code.DEADLINE_EXCEEDED
                    && c != Status.Code.CANCELLED) {
                ClientException e = Failures.of(HOST, "m", t, c.toStatus().asRuntimeException());
                assertEquals(c.name(), Kind.FAILED, e.kind());
                assertEquals("without a description, the code", c.name(), e.getMessage());
            }
        }
    }

    @Test
    public void messagesNameTheCallAndTheCause() {
        Duration t = Duration.ofSeconds(3);
        ClientException e = Failures.of(HOST, "mgmt.MgmtSvc/Join", t, Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new java.net.ConnectException("Connection refused")).asRuntimeException());
        assertEquals("mgmt.MgmtSvc/Join to node1:10001: unreachable: io exception (Connection refused)", e.getMessage());
        assertEquals("mgmt.MgmtSvc/Join to node1:10001: no answer within 3000 ms",
                Failures.of(HOST, "mgmt.MgmtSvc/Join", t, Status.DEADLINE_EXCEEDED.asRuntimeException()).getMessage());
        ClientException other = Failures.of(HOST, "m", t, new IllegalStateException("odd"));
        assertEquals(Kind.FAILED, other.kind());
        assertTrue(other.getCause() instanceof IllegalStateException);
    }
}
