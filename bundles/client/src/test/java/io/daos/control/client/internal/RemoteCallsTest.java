package io.daos.control.client.internal;

import static io.daos.control.client.internal.Fixtures.LONG;
import static io.daos.control.client.internal.Fixtures.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;

public class RemoteCallsTest {

    private static CompletableFuture<JoinResp> join(RemoteCalls calls, HostPort host, Duration timeout) {
        return calls.unary(host, MgmtSvcGrpc.getJoinMethod(), JoinReq.newBuilder().setRank(4).build(), timeout);
    }

    @Test
    public void theReplyArrives() throws Exception {
        try (TestServer server = TestServer.start(); ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            CompletableFuture<JoinResp> f = join(new RemoteCalls(cache), server.address(), LONG);
            assertEquals(4, f.get(60, TimeUnit.SECONDS).getRank());
            assertEquals(java.util.List.of("Join"), server.calls);
        }
    }

    @Test
    public void cancellingTheFutureCancelsTheCall() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold hold = new TestServer.Hold();
                ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            server.join = (m, req) -> hold.await(JoinResp.getDefaultInstance());
            CompletableFuture<JoinResp> f = join(new RemoteCalls(cache), server.address(), LONG);
            assertTrue(hold.awaitEntered());
            assertTrue(f.cancel(true));
            assertTrue("the server saw the call cancelled", hold.awaitCancelled());
        }
    }

    @Test
    public void awaitGivesTheReplyOrTheClientException() throws Exception {
        assertEquals("x", RemoteCalls.await(CompletableFuture.completedFuture("x")));
        ClientException e = new ClientException(ClientException.Kind.FAILED, "no", null);
        try {
            RemoteCalls.await(CompletableFuture.failedFuture(e));
            fail();
        } catch (ClientException thrown) {
            assertSame(e, thrown);
        }
    }

    @Test
    public void anInterruptedWaitCancelsTheCall() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold hold = new TestServer.Hold();
                ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            server.join = (m, req) -> hold.await(JoinResp.getDefaultInstance());
            CompletableFuture<JoinResp> f = join(new RemoteCalls(cache), server.address(), LONG);
            assertTrue(hold.awaitEntered());
            Thread.currentThread().interrupt();
            try {
                RemoteCalls.await(f);
                fail("not interrupted");
            } catch (InterruptedException expected) {
                // the flag is consumed, as by any method throwing InterruptedException
            }
            assertTrue(f.isCancelled());
            assertTrue("the server saw the call cancelled", hold.awaitCancelled());
        }
    }

    @Test
    public void anAddressNoChannelCanBeMadeForIsUnreachable() throws Exception {
        try (ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            ClientException e = failure(join(new RemoteCalls(cache), HostPort.of("no such host", 1), LONG));
            assertEquals(ClientException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage(), e.getMessage().startsWith("mgmt.MgmtSvc/Join to no such host:1: unreachable: "));
            assertEquals(0, cache.size());
        }
    }
}
