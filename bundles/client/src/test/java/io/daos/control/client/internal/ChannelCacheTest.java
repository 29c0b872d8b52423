package io.daos.control.client.internal;

import static io.daos.control.client.internal.Fixtures.LONG;
import static io.daos.control.client.internal.Fixtures.PLAINTEXT;
import static io.daos.control.client.internal.Fixtures.failure;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.grpc.ManagedChannel;
import io.grpc.Status;

public class ChannelCacheTest {

    private static CompletableFuture<JoinResp> join(RemoteCalls calls, HostPort host, int rank) {
        return calls.unary(host, MgmtSvcGrpc.getJoinMethod(), JoinReq.newBuilder().setRank(rank).build(), LONG);
    }

    @Test
    public void manyCallsToOneHostShareOneConnection() throws Exception {
        try (TestServer server = TestServer.start(); ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            RemoteCalls calls = new RemoteCalls(cache);
            List<CompletableFuture<?>> all = new ArrayList<>();
            List<CompletableFuture<JoinResp>> joins = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CompletableFuture<JoinResp> j = join(calls, server.address(), i);
                joins.add(j);
                all.add(j);
                all.add(calls.unary(server.address(), MgmtSvcGrpc.getLeaderQueryMethod(),
                        LeaderQueryReq.getDefaultInstance(), LONG));
                all.add(calls.unary(server.address(), MgmtSvcGrpc.getPingRanksMethod(),
                        RanksReq.getDefaultInstance(), LONG));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, joins.get(i).get().getRank());
            }
            assertEquals(60, server.calls.size());
            assertEquals("one transport connection for 60 calls", 1, server.connections.get());
            assertEquals(1, cache.size());
        }
    }

    @Test
    public void oneChannelPerAddressEachMadeByTheTransport() throws Exception {
        List<HostPort> built = new CopyOnWriteArrayList<>();
        Transport counting = target -> {
            built.add(target);
            return PLAINTEXT.builder(target);
        };
        try (TestServer a = TestServer.start(); TestServer b = TestServer.start();
                ChannelCache cache = new ChannelCache(counting, Duration.ofHours(1), System::nanoTime, "test-two")) {
            RemoteCalls calls = new RemoteCalls(cache);
            for (int i = 0; i < 3; i++) {
                join(calls, a.address(), i).get(60, TimeUnit.SECONDS);
                join(calls, b.address(), i).get(60, TimeUnit.SECONDS);
            }
            assertEquals(List.of(a.address(), b.address()), built);
            assertEquals(2, cache.size());
            assertEquals(1, a.connections.get());
            assertEquals(1, b.connections.get());
        }
    }

    @Test
    public void forgetClosesTheConnectionAndTheNextCallMakesANewOne() throws Exception {
        try (TestServer server = TestServer.start(); ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            RemoteCalls calls = new RemoteCalls(cache);
            join(calls, server.address(), 1).get(60, TimeUnit.SECONDS);
            ManagedChannel first = cache.channel(server.address()).orElseThrow();

            cache.forget(server.address());

            assertTrue("the server saw the connection end", server.awaitEnded(1));
            assertTrue(first.isShutdown());
            assertEquals(0, cache.size());
            assertEquals(7, join(calls, server.address(), 7).get(60, TimeUnit.SECONDS).getRank());
            assertEquals(2, server.connections.get());
            assertFalse(cache.channel(server.address()).orElseThrow().isShutdown());
        }
    }

    @Test
    public void forgetCancelsTheCallsInFlightOnThatHostOnly() throws Exception {
        try (TestServer held = TestServer.start(); TestServer other = TestServer.start();
                TestServer.Hold hold = new TestServer.Hold();
                ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            held.join = (m, req) -> hold.await(JoinResp.getDefaultInstance());
            RemoteCalls calls = new RemoteCalls(cache);
            join(calls, other.address(), 1).get(60, TimeUnit.SECONDS);
            CompletableFuture<JoinResp> inFlight = join(calls, held.address(), 1);
            assertTrue(hold.awaitEntered());

            cache.forget(held.address());

            ClientException e = failure(inFlight);
            assertEquals(ClientException.Kind.CANCELLED, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("connection to " + held.address() + " closed"));
            assertTrue("the server saw the call cancelled", hold.awaitCancelled());
            assertEquals(1, cache.size());
            assertFalse(cache.channel(other.address()).orElseThrow().isShutdown());
        }
    }

    @Test
    public void aConnectionFailureDropsTheChannelLettingItsOtherCallsEnd() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold hold = new TestServer.Hold();
                ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            server.join = (m, req) -> hold.await(JoinResp.newBuilder().setRank(req.getRank()).build());
            server.leaderQuery = (m, req) -> {
                throw Status.UNAVAILABLE.withDescription("not now").asRuntimeException();
            };
            RemoteCalls calls = new RemoteCalls(cache);
            CompletableFuture<JoinResp> inFlight = join(calls, server.address(), 5);
            assertTrue(hold.awaitEntered());
            ManagedChannel first = cache.channel(server.address()).orElseThrow();

            ClientException e = failure(calls.unary(server.address(), MgmtSvcGrpc.getLeaderQueryMethod(),
                    LeaderQueryReq.getDefaultInstance(), LONG));

            assertEquals(ClientException.Kind.UNREACHABLE, e.kind());
            assertEquals("dropped before the failure was reported", 0, cache.size());
            assertTrue(first.isShutdown());
            hold.close();
            assertEquals("the other call ran to its end", 5, inFlight.get(60, TimeUnit.SECONDS).getRank());
            assertTrue(server.awaitEnded(1));
            assertTrue(first.awaitTermination(30, TimeUnit.SECONDS));
            join(calls, server.address(), 6).get(60, TimeUnit.SECONDS);
            assertEquals("the next call dialled afresh", 2, server.connections.get());
        }
    }

    @Test
    public void forgetAlsoCancelsCallsOnADroppedChannel() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold hold = new TestServer.Hold();
                ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            server.join = (m, req) -> hold.await(JoinResp.getDefaultInstance());
            server.leaderQuery = (m, req) -> {
                throw Status.UNAVAILABLE.asRuntimeException();
            };
            RemoteCalls calls = new RemoteCalls(cache);
            CompletableFuture<JoinResp> inFlight = join(calls, server.address(), 5);
            assertTrue(hold.awaitEntered());
            failure(calls.unary(server.address(), MgmtSvcGrpc.getLeaderQueryMethod(),
                    LeaderQueryReq.getDefaultInstance(), LONG));

            cache.forget(server.address());

            assertEquals(ClientException.Kind.CANCELLED, failure(inFlight).kind());
            assertTrue(hold.awaitCancelled());
        }
    }

    @Test
    public void forgettingAnUnknownHostChangesNothing() throws Exception {
        try (TestServer server = TestServer.start(); ChannelCache cache = Fixtures.cache(Duration.ofHours(1))) {
            RemoteCalls calls = new RemoteCalls(cache);
            join(calls, server.address(), 1).get(60, TimeUnit.SECONDS);
            cache.forget(HostPort.of("127.0.0.2", server.port()));
            assertEquals(1, cache.size());
            join(calls, server.address(), 2).get(60, TimeUnit.SECONDS);
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    public void aChannelWithoutCallsForTheIdleTimeIsClosedAndABusyOneIsNot() throws Exception {
        AtomicLong now = new AtomicLong();
        Duration idle = Duration.ofMinutes(5);
        try (TestServer quiet = TestServer.start(); TestServer busy = TestServer.start();
                TestServer.Hold hold = new TestServer.Hold();
                ChannelCache cache = new ChannelCache(PLAINTEXT, idle, now::get, "test-idle")) {
            busy.join = (m, req) -> hold.await(JoinResp.newBuilder().setRank(req.getRank()).build());
            RemoteCalls calls = new RemoteCalls(cache);
            join(calls, quiet.address(), 1).get(60, TimeUnit.SECONDS);
            CompletableFuture<JoinResp> inFlight = join(calls, busy.address(), 2);
            assertTrue(hold.awaitEntered());

            now.addAndGet(idle.toNanos() - 1);
            cache.sweep();
            assertEquals("nothing is idle long enough yet", 2, cache.size());

            now.addAndGet(1);
            cache.sweep();
            assertTrue("the idle connection ended", quiet.awaitEnded(1));
            assertFalse(cache.channel(quiet.address()).isPresent());
            ManagedChannel busyChannel = cache.channel(busy.address()).orElseThrow();
            assertFalse(busyChannel.isShutdown());

            hold.close();
            assertEquals(2, inFlight.get(60, TimeUnit.SECONDS).getRank());
            cache.sweep();
            assertTrue("idleness counts from the end of the last call", cache.channel(busy.address()).isPresent());
            now.addAndGet(idle.toNanos());
            cache.sweep();
            assertTrue(busy.awaitEnded(1));
            assertTrue(busyChannel.isShutdown());
            assertEquals(0, cache.size());
        }
    }

    @Test
    public void theSweeperClosesIdleChannelsOnItsOwn() throws Exception {
        try (TestServer server = TestServer.start(); ChannelCache cache = Fixtures.cache(Duration.ofMillis(20))) {
            RemoteCalls calls = new RemoteCalls(cache);
            join(calls, server.address(), 1).get(60, TimeUnit.SECONDS);
            assertTrue("the idle connection was closed", server.awaitEnded(1));
            assertEquals(0, cache.size());
            assertEquals(3, join(calls, server.address(), 3).get(60, TimeUnit.SECONDS).getRank());
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    public void sweepPeriodIsHalfTheIdleTimeWithinBounds() {
        assertEquals(30_000, ChannelCache.sweepPeriodMillis(Duration.ofSeconds(60)));
        assertEquals(60_000, ChannelCache.sweepPeriodMillis(Duration.ofMinutes(5)));
        assertEquals(5, ChannelCache.sweepPeriodMillis(Duration.ofMillis(1)));
    }

    @Test(expected = IllegalArgumentException.class)
    public void idleTimeMustBePositive() {
        new ChannelCache(PLAINTEXT, Duration.ZERO, System::nanoTime, "test-zero");
    }

    @Test
    public void closeCancelsCallsInFlightClosesEveryChannelAndEndsEveryThread() throws Exception {
        String name = "test-close";
        try (TestServer server = TestServer.start(); TestServer other = TestServer.start();
                TestServer.Hold hold = new TestServer.Hold()) {
            server.join = (m, req) -> hold.await(JoinResp.getDefaultInstance());
            ChannelCache cache = new ChannelCache(PLAINTEXT, Duration.ofHours(1), System::nanoTime, name);
            RemoteCalls calls = new RemoteCalls(cache);
            join(calls, other.address(), 1).get(60, TimeUnit.SECONDS);
            ManagedChannel forgotten = cache.channel(other.address()).orElseThrow();
            cache.forget(other.address());
            CompletableFuture<JoinResp> inFlight = join(calls, server.address(), 1);
            assertTrue(hold.awaitEntered());
            ManagedChannel open = cache.channel(server.address()).orElseThrow();
            assertFalse(Fixtures.threads(name).isEmpty());

            cache.close();

            assertEquals(ClientException.Kind.CANCELLED, failure(inFlight).kind());
            assertTrue(open.isTerminated());
            assertTrue(forgotten.isTerminated());
            assertEquals(List.of(), Fixtures.threads(name));
            assertTrue(hold.awaitCancelled());
            assertTrue(server.awaitEnded(1));

            ClientException after = failure(join(calls, server.address(), 2));
            assertEquals(ClientException.Kind.CANCELLED, after.kind());
            assertTrue(after.getMessage(), after.getMessage().endsWith("cancelled: client closed"));
            cache.close();
        }
    }
}
