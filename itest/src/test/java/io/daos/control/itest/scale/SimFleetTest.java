package io.daos.control.itest.scale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/** {@link SimFleet} (and its {@link SimJoiner}) against a stand-in access point in this JVM. */
public class SimFleetTest {

    private static final long WAIT_MS = 30_000;
    /** A FakeAp "status" that fails the refused Joins with gRPC UNKNOWN instead. */
    private static final int GRPC_UNKNOWN = Integer.MIN_VALUE;

    /** A Join-only access point: refuses the first {@code refuse} Joins, then gives ranks in order. */
    private static final class FakeAp extends MgmtSvcGrpc.MgmtSvcImplBase {
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final Map<String, JoinReq> byUuid = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final AtomicInteger next = new AtomicInteger();
        final int refuse;
        final int status;
        final long delayMs;
        Server server;

        FakeAp(int refuse, int status, long delayMs) throws Exception {
            this.refuse = refuse;
            this.status = status;
            this.delayMs = delayMs;
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor().addService(this)
                    .build().start();
        }

        @Override
        public void join(JoinReq req, StreamObserver<JoinResp> out) {
            int now = open.incrementAndGet();
            maxOpen.accumulateAndGet(now, Math::max);
            int n = calls.incrementAndGet();
            timer.schedule(() -> {
                open.decrementAndGet();
                JoinResp.Builder b = JoinResp.newBuilder();
                if (n <= refuse && status == GRPC_UNKNOWN) {
                    out.onError(io.grpc.Status.UNKNOWN.withDescription("no dRPC client set (data plane not started?)")
                            .asRuntimeException());
                    return;
                }
                if (n <= refuse) {
                    b.setStatus(status);
                } else {
                    byUuid.put(req.getUuid(), req);
                    b.setRank(Rank.fromBits(req.getRank()).isNil() ? next.getAndIncrement() : req.getRank());
                }
                out.onNext(b.build());
                out.onCompleted();
            }, delayMs, TimeUnit.MILLISECONDS);
        }

        void close() throws InterruptedException {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            timer.shutdownNow();
        }
    }

    private FakeAp ap;

    @After
    public void tearDown() throws Exception {
        if (ap != null) {
            ap.close();
        }
    }

    @Test
    public void everyRankJoinsWithItsOwnUuidAndAddressAfterBootstrapRefusals() throws Exception {
        ap = new FakeAp(3, Der.NOTLEADER, 0);
        try (SimFleet f = SimFleet.start(8, 2, ap.server.getPort(), WAIT_MS)) {
            assertEquals(16, f.rankCount());
            assertEquals("three refused, sixteen accepted", 19, ap.calls.get());
            Set<Long> ranks = new HashSet<>();
            for (SimHost h : f.hosts()) {
                for (int i = 0; i < h.rankCount(); i++) {
                    JoinReq req = ap.byUuid.get(h.uuid(i));
                    assertEquals("0.0.0.0:" + h.port(), req.getAddr());
                    assertEquals("ofi+sockets://127.0.0.1:" + h.port(), req.getUri());
                    assertEquals(Rank.NIL.bits(), req.getRank());
                    assertTrue(ranks.add(h.rank(i).value()));
                }
            }
            assertEquals(16, ranks.size());
            assertEquals(16, ap.byUuid.size());
        }
    }

    /** As a real harness (SPEC-SYSTEM §1.6): a Join failed by a gRPC error is tried again. */
    @Test
    public void aJoinFailedWithAGrpcErrorIsTriedAgain() throws Exception {
        ap = new FakeAp(4, GRPC_UNKNOWN, 0);
        try (SimFleet f = SimFleet.start(2, 2, ap.server.getPort(), WAIT_MS)) {
            assertEquals("four failed, four accepted", 8, ap.calls.get());
            assertEquals(4, ap.byUuid.size());
        }
    }

    @Test
    public void joinsRunAtMostThirtyTwoAtOnce() throws Exception {
        ap = new FakeAp(0, 0, 20);
        try (SimFleet f = SimFleet.start(100, 1, ap.server.getPort(), WAIT_MS)) {
            assertEquals(100, ap.calls.get());
            assertTrue("max in flight " + ap.maxOpen.get(), ap.maxOpen.get() <= SimFleet.JOIN_PARALLEL);
            assertTrue("max in flight " + ap.maxOpen.get(), ap.maxOpen.get() > 1);
        }
    }

    @Test
    public void aJoinRefusedForAnotherReasonFailsTheStart() throws Exception {
        ap = new FakeAp(Integer.MAX_VALUE, Der.INVAL, 0);
        expectStartFails(2, SimFleet.JOIN_ATTEMPTS, "status " + Der.INVAL + " after 1 tries");
    }

    @Test
    public void aJoinStillRefusedAfterTheLastAttemptFailsTheStart() throws Exception {
        ap = new FakeAp(Integer.MAX_VALUE, Der.NOTLEADER, 0);
        expectStartFails(1, 5, "after 5 tries");
        assertEquals(5, ap.calls.get());
    }

    private void expectStartFails(int hosts, int attempts, String cause) throws Exception {
        try (SimFleet f = SimFleet.start(hosts, 1, ap.server.getPort(), WAIT_MS, attempts)) {
            fail("the fleet started");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains(cause));
        }
    }

    @Test
    public void aHostStartedAgainRejoinsWithItsRanks() throws Exception {
        ap = new FakeAp(0, 0, 0);
        try (SimFleet f = SimFleet.start(2, 2, ap.server.getPort(), WAIT_MS)) {
            SimHost h = f.hosts().get(1);
            long r0 = h.rank(0).value();
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", h.port()).usePlaintext().build();
            try {
                MgmtSvcGrpc.MgmtSvcBlockingStub s = MgmtSvcGrpc.newBlockingStub(ch).withDeadlineAfter(WAIT_MS, TimeUnit.MILLISECONDS);
                s.stopRanks(RanksReq.getDefaultInstance());
                s.startRanks(RanksReq.getDefaultInstance());
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            f.awaitRejoins(WAIT_MS);
            assertEquals("four Joins, two re-Joins", 6, ap.calls.get());
            assertEquals((int) r0, ap.byUuid.get(h.uuid(0)).getRank());
            assertEquals(r0, h.rank(0).value());
        }
    }

    @Test
    public void aGrownFleetJoinsOnlyTheHostsItAdds() throws Exception {
        ap = new FakeAp(0, 0, 0);
        try (SimFleet f = SimFleet.start(3, 2, ap.server.getPort(), WAIT_MS)) {
            List<SimHost> added = f.grow(5, 1, WAIT_MS);
            assertEquals(5, added.size());
            assertEquals(8, f.hosts().size());
            assertEquals(f.hosts().subList(3, 8), added);
            assertEquals(6 + 5, f.rankCount());
            assertEquals("each rank joined once", 11, ap.calls.get());
            for (SimHost h : added) {
                assertEquals(1, h.rankCount());
                assertTrue(ap.byUuid.containsKey(h.uuid(0)));
                assertTrue("joined: " + h.rank(0), !h.rank(0).isNil());
            }
        }
    }

    @Test
    public void setModeSpreadsThePercentOverTheFleetRoundingUp() throws Exception {
        ap = new FakeAp(0, 0, 0);
        try (SimFleet f = SimFleet.start(20, 1, ap.server.getPort(), WAIT_MS)) {
            List<SimHost> hung = f.setMode(SimHost.Mode.HUNG, 5);
            assertEquals(1, hung.size());
            List<SimHost> dead = f.setMode(SimHost.Mode.DEAD, 12);
            assertEquals(3, dead.size());
            assertNotEquals(dead.get(0), dead.get(1));
            assertEquals(SimHost.Mode.DEAD, dead.get(2).mode());
        }
    }

    /** 1,024 hosts (2,048 ranks) stay on the fleet's few shared threads. */
    @Test
    public void aThousandHostsTakeAFewThreads() throws Exception {
        ap = new FakeAp(0, 0, 0);
        try (SimFleet warm = SimFleet.start(1, 1, ap.server.getPort(), WAIT_MS)) {
            // the stand-in access point's threads and gRPC's shared ones exist from here on
            assertEquals(1, warm.rankCount());
        }
        int before = SimFleet.jvmThreads();
        long t0 = System.nanoTime();
        int with;
        try (SimFleet f = SimFleet.start(1024, 2, ap.server.getPort(), WAIT_MS)) {
            with = SimFleet.jvmThreads();
            System.out.printf("SimFleetTest: 1024 hosts (%d ranks) joined in %d ms; JVM threads %d before, %d with the fleet%n",
                    f.rankCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), before, with);
            assertEquals("the warm-up rank and the fleet's", 1 + 2048, ap.byUuid.size());
        }
        assertTrue("threads " + before + " -> " + with, with - before <= SimFleet.LOOP_THREADS + SimFleet.EXEC_THREADS + 4);
    }
}
