package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.system.MemberState;
import io.daos.control.drpc.DrpcServer;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.srv.NotifyReadyReq;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * The *Ranks operations on instances of their own (real processes where they must run), behind a
 * fake harness view: its restart request is recorded, its wait ends when the processes it waits
 * for have reported their exits.
 */
public class RankOperationsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private InstanceLog log;
    private final List<IOServerInstance> instances = new ArrayList<>();
    private final Harness harness = new Harness();
    private final RankOperations ops = new RankOperations(harness);
    private final RanksReq all = RanksReq.getDefaultInstance();
    /** Engines of their own started by a test (closed after it). */
    private final List<DrpcServer> engines = new ArrayList<>();

    /** The fake harness view; also the owner of the instances. */
    private final class Harness extends Fixture.IdleOwner implements LocalInstances {
        volatile String refusal;
        /** Whether awaitRunning(false) waits for the exits (else it returns at once). */
        volatile boolean waitForExits = true;
        /** The instances the last awaitRunning waited for. */
        volatile List<IOServerInstance> awaited;
        int startRequests;
        final RankOpsLock turn = new RankOpsLock();

        @Override
        public List<IOServerInstance> instances() {
            return instances;
        }

        @Override
        public void requestStart() throws RanksException {
            if (refusal != null) {
                throw new RanksException(refusal);
            }
            startRequests++;
        }

        @Override
        public synchronized void awaitRunning(boolean all, List<IOServerInstance> which, long ms)
                throws InterruptedException {
            assertEquals(RankOperations.WAIT_MS, ms);
            awaited = List.copyOf(which);
            if (!all && waitForExits) {
                while (which.stream().anyMatch(IOServerInstance::running)) {
                    wait(); // exit reports notify
                }
            }
        }

        @Override
        public RankOpsLock rankOps() {
            return turn;
        }

        @Override
        public synchronized void exited(IOServerInstance instance, Process process, String message) {
            notifyAll();
        }
    }

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        log = new InstanceLog(fx.dir.resolve(InstanceLog.FILE_NAME));
    }

    @After
    public void tearDown() {
        engines.forEach(DrpcServer::close);
        ops.close();
        for (IOServerInstance i : instances) {
            i.runner().shutdown();
            i.runner().awaitExitOrKill(System.currentTimeMillis() + 1_000);
            i.dropDrpcClient();
        }
        log.close();
        fx.close();
    }

    /** Instance {@code index} of the two-instance config with {@code sb} as its superblock. */
    private IOServerInstance instance(int index, Superblock sb, Path binary) throws Exception {
        if (sb != null) {
            fx.writeSuperblock(index, sb);
        }
        IOServerInstance inst = new IOServerInstance(index, fx.config2("").servers().get(index), fx.config2(""),
                fx.hooks, new AccessPoints(fx.config2("")), new IOServerRunner(index, binary, Map.of(), log), harness);
        if (sb != null) {
            assertTrue(inst.storageUsable());
        }
        instances.add(inst);
        return inst;
    }

    /** A running instance with rank {@code rank} whose dRPC goes to the fake engine. */
    private IOServerInstance running(int index, int rank, String head) throws Exception {
        Path sock = fx.dir.resolve("run").resolve("daos_io_server_fake.sock");
        if (!java.nio.file.Files.exists(sock)) {
            sock = fx.startEngine();
        }
        return running(index, rank, head, sock);
    }

    /** A running, set-up instance with rank {@code rank} whose dRPC goes to {@code sock}. */
    private IOServerInstance running(int index, int rank, String head, Path sock) throws Exception {
        IOServerInstance inst = instance(index, Fixture.ranked("u-" + rank, rank), fx.script(head, "exec sleep 600"));
        inst.start(0, null);
        fx.awaitSpawn(index, new ArrayList<>());
        inst.notifyReady(NotifyReadyReq.getDefaultInstance(), sock);
        inst.finishStartup(inst.ready(), false); // Join (fake client), SetRank, SetUp
        return inst;
    }

    /**
     * An engine of its own at {@code run/<name>.sock}: SetRank and SetUp answered at once, PingRank
     * by {@code ping}.
     */
    private Path engine(String name, Fixture.EngineReply ping) throws Exception {
        Path sock = fx.dir.resolve("run").resolve(name + ".sock");
        engines.add(Fixture.engine(sock, (m, b) -> m == DrpcIds.MGMT_PING_RANK ? ping.reply(m, b)
                : DaosResp.getDefaultInstance().toByteArray()));
        return sock;
    }

    /** A PingRank handler that hangs (as a SIGSTOPped engine) until {@code release}. */
    private static Fixture.EngineReply hangsUntil(CountDownLatch release) {
        return (m, b) -> {
            release.await(30, TimeUnit.SECONDS);
            return DaosResp.getDefaultInstance().toByteArray();
        };
    }

    private static final Fixture.EngineReply HEALTHY = (m, b) -> DaosResp.getDefaultInstance().toByteArray();

    private static void assertPing(RanksResp.RankResult r, int rank, MemberState state, String msg) {
        assertEquals(rank, r.getRank());
        assertEquals("ping", r.getAction());
        assertEquals(r.getMsg(), state.code(), r.getState());
        assertEquals(msg != null, r.getErrored());
        assertEquals(msg == null ? "" : msg, r.getMsg());
    }

    @Test
    public void everyCallNeedsASuperblockWithARankOnEveryInstance() throws Exception {
        assertEquals("nil request", assertThrows(RanksException.class, () -> ops.ping(null)).getMessage());
        instance(0, Fixture.ranked("u-1", 1), fx.dir.resolve("x"));
        IOServerInstance noSb = instance(1, null, fx.dir.resolve("x"));
        assertEquals("nil superblock", assertThrows(RanksException.class, () -> ops.prepShutdown(all)).getMessage());
        instances.remove(noSb);
        instance(1, new Superblock("u-2", "daos_server", null, false, false, false, false), fx.dir.resolve("x"));
        assertEquals("nil rank in superblock", assertThrows(RanksException.class, () -> ops.stop(all)).getMessage());
    }

    @Test
    public void listedRanksSkipAnInstanceThatHasNoRankYet() throws Exception {
        instance(0, Fixture.ranked("u-1", 1), fx.dir.resolve("x"));
        instance(1, new Superblock("u-2", "daos_server", null, false, false, false, false), fx.dir.resolve("x"));
        RanksResp ping = ops.ping(RanksReq.newBuilder().addRanks(1).build());
        assertEquals(1, ping.getResultsCount());
        assertPing(ping.getResults(0), 1, MemberState.STOPPED, null);
        assertEquals(0, ops.ping(RanksReq.newBuilder().addRanks(2).build()).getResultsCount());
        assertEquals("nil rank in superblock", assertThrows(RanksException.class, () -> ops.ping(all)).getMessage());
    }

    @Test
    public void stoppedInstancesAnswerWithoutDrpcAndTheRankListSelects() throws Exception {
        instance(0, Fixture.ranked("u-1", 1), fx.dir.resolve("x"));
        instance(1, Fixture.ranked("u-2", 2), fx.dir.resolve("x"));
        RanksResp ping = ops.ping(all);
        assertEquals(2, ping.getResultsCount());
        for (RanksResp.RankResult r : ping.getResultsList()) {
            assertEquals("ping", r.getAction());
            assertEquals(MemberState.STOPPED.code(), r.getState());
            assertFalse(r.getErrored());
        }
        RanksResp prep = ops.prepShutdown(RanksReq.newBuilder().addRanks(2).build());
        assertEquals(1, prep.getResultsCount());
        assertEquals(2, prep.getResults(0).getRank());
        assertEquals("prep shutdown", prep.getResults(0).getAction());
        assertEquals(MemberState.STOPPED.code(), prep.getResults(0).getState());
        assertEquals(0, ops.ping(RanksReq.newBuilder().addRanks(9).build()).getResultsCount());
        assertTrue(fx.engineCalls.isEmpty());
    }

    @Test
    public void pingAndPrepShutdownMapTheDrpcOutcome() throws Exception {
        running(0, 4, "");
        RanksResp.RankResult r = ops.ping(all).getResults(0);
        assertEquals(MemberState.STARTED.code(), r.getState());
        assertFalse(r.getErrored());
        fx.awaitEngineCall(DrpcIds.MGMT_PING_RANK);

        r = ops.prepShutdown(all).getResults(0);
        assertEquals(MemberState.STOPPING.code(), r.getState());
        fx.awaitEngineCall(DrpcIds.MGMT_PREP_SHUTDOWN);

        fx.engineReply = (m, b) -> DaosResp.newBuilder().setStatus(-1).build().toByteArray();
        r = ops.ping(all).getResults(0);
        assertEquals(MemberState.ERRORED.code(), r.getState());
        assertTrue(r.getErrored());
        assertEquals("rank 4 dRPC returned DER -1", r.getMsg());

        fx.engineReply = (m, b) -> new byte[] {(byte) 0xff, 1};
        r = ops.prepShutdown(all).getResults(0);
        assertEquals(MemberState.ERRORED.code(), r.getState());
        assertTrue(r.getMsg(), r.getMsg().startsWith("rank 4 dRPC unmarshal failed: "));

        fx.hooks.drpc = null;
        r = ops.ping(all).getResults(0);
        assertEquals(MemberState.ERRORED.code(), r.getState());
        assertEquals("rank 4 dRPC failed: no dRPC client set (data plane not started?)", r.getMsg());
    }

    /**
     * Defect 4 of issue 10: an instance that runs but has not finished its start cannot answer a
     * ping yet; it is Unknown (not Errored, which SystemQuery kept for good), and Started once set up.
     */
    @Test
    public void aRunningInstanceNotYetSetUpPingsUnknownNotErroredDefect4() throws Exception {
        IOServerInstance inst = instance(0, Fixture.ranked("u-4", 4), fx.script("exec sleep 600"));
        inst.start(0, null);
        fx.awaitSpawn(0, new ArrayList<>());
        RanksResp.RankResult r = ops.ping(all).getResults(0);
        assertEquals(MemberState.UNKNOWN.code(), r.getState());
        assertFalse(r.getErrored());
        inst.notifyReady(NotifyReadyReq.getDefaultInstance(), fx.startEngine());
        assertEquals(MemberState.UNKNOWN.code(), ops.ping(all).getResults(0).getState());
        assertTrue(fx.engineCalls.isEmpty()); // nothing asked of an engine that is not set up
        inst.finishStartup(inst.ready(), false);
        assertEquals(MemberState.STARTED.code(), ops.ping(all).getResults(0).getState());
    }

    @Test
    public void rankListsAreBoundedAndHoldNoNilRank() throws Exception {
        instance(0, Fixture.ranked("u-1", 1), fx.dir.resolve("x"));
        RanksReq.Builder many = RanksReq.newBuilder();
        for (int i = 0; i <= io.daos.control.api.grpc.Bounds.LIST; i++) {
            many.addRanks(i);
        }
        io.grpc.StatusRuntimeException e = assertThrows(io.grpc.StatusRuntimeException.class,
                () -> ops.stop(many.build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("ranks: too many entries (4097, at most 4096)", e.getStatus().getDescription());
        e = assertThrows(io.grpc.StatusRuntimeException.class, () -> ops.ping(RanksReq.newBuilder().addRanks(1)
                .addRanks(-1).build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("ranks: 4294967295 (NilRank) is not a rank", e.getStatus().getDescription());
        assertEquals(1, ops.ping(RanksReq.newBuilder().addRanks(1).addRanks(1).build()).getResultsCount());
    }

    @Test
    public void aPingThatTimesOutIsUnresponsive() throws Exception {
        running(0, 4, "");
        CountDownLatch release = new CountDownLatch(1);
        fx.engineReply = (m, b) -> {
            release.await(30, TimeUnit.SECONDS);
            return new byte[0];
        };
        try {
            RanksResp.RankResult r = ops.ping(all).getResults(0);
            assertEquals(MemberState.UNRESPONSIVE.code(), r.getState());
            assertEquals("timeout occurred", r.getMsg());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void stopSignalsTheSelectedInstancesAndReportsWhatStillRuns() throws Exception {
        IOServerInstance stubborn = running(0, 1, "trap '' INT TERM\n");
        harness.waitForExits = false; // it would wait in vain: the real harness gives up after 3 s
        RanksResp.RankResult r = ops.stop(all).getResults(0);
        assertEquals("stop", r.getAction());
        assertEquals(MemberState.STARTED.code(), r.getState());
        assertEquals("want Stopped, got Started", r.getMsg());
        assertTrue(stubborn.stopRequested());

        harness.waitForExits = true;
        r = ops.stop(RanksReq.newBuilder().setForce(true).build()).getResults(0);
        assertEquals(MemberState.STOPPED.code(), r.getState());
        assertFalse(r.getErrored());
        assertFalse(stubborn.running());
    }

    /**
     * Issue 13: a StopRanks of one instance waits for that one only; the access point's stop of
     * its own host (every rank but the management-service rank, then that one) lost 3 s waiting
     * for the instance it had not asked to stop.
     */
    @Test
    public void stopWaitsForTheSelectedInstancesOnlyIssue13() throws Exception {
        IOServerInstance first = running(0, 1, "");
        IOServerInstance second = running(1, 2, "");
        RanksResp r = ops.stop(RanksReq.newBuilder().addRanks(2).build());
        assertEquals(List.of(second), harness.awaited);
        assertEquals(1, r.getResultsCount());
        assertEquals(MemberState.STOPPED.code(), r.getResults(0).getState());
        assertTrue("the other instance keeps running", first.running());
        assertFalse(first.stopRequested());
    }

    @Test
    public void startAsksTheHarnessThenReportsWhatRuns() throws Exception {
        instance(0, Fixture.ranked("u-1", 1), fx.dir.resolve("x"));
        harness.refusal = "can't start instances: already running";
        assertEquals("can't start instances: already running",
                assertThrows(RanksException.class, () -> ops.start(all)).getMessage());
        harness.refusal = null;
        RanksResp.RankResult r = ops.start(all).getResults(0);
        assertEquals(1, harness.startRequests);
        assertEquals("start", r.getAction());
        assertEquals(MemberState.STOPPED.code(), r.getState());
        assertEquals("want Started, got Stopped", r.getMsg());

        running(1, 2, "");
        RanksResp both = ops.start(RanksReq.newBuilder().addRanks(2).build());
        assertEquals(1, both.getResultsCount());
        assertEquals(MemberState.STARTED.code(), both.getResults(0).getState());
        assertFalse(both.getResults(0).getErrored());
    }

    @Test
    public void aPingIsBoundedByTheCallersDeadlineLessAMargin() {
        assertEquals(Duration.ofSeconds(3), RankOperations.pingTimeout(null));
        assertEquals(Duration.ofSeconds(3), RankOperations.pingTimeout(Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(3), RankOperations.pingTimeout(Duration.ofMillis(3250)));
        assertEquals(Duration.ofMillis(1750), RankOperations.pingTimeout(Duration.ofSeconds(2)));
        assertEquals(Duration.ofMillis(100), RankOperations.pingTimeout(Duration.ofMillis(300)));
        assertEquals(Duration.ofMillis(100), RankOperations.pingTimeout(Duration.ZERO));
        assertEquals(Duration.ofMillis(100), RankOperations.pingTimeout(Duration.ofMillis(-5)));
    }

    /**
     * Issue 13: the instances of a host are pinged at once. Each engine answers only once both
     * pings have arrived, which never happens when they are pinged one after the other (the
     * first would time out).
     */
    @Test
    public void theInstancesOfAHostArePingedAtOnceIssue13() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Fixture.EngineReply meet = (m, b) -> {
            both.countDown();
            if (!both.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other ping never came");
            }
            return DaosResp.getDefaultInstance().toByteArray();
        };
        running(0, 4, "", engine("e0", meet));
        running(1, 5, "", engine("e1", meet));
        RanksResp r = ops.ping(all, Duration.ofSeconds(30));
        assertEquals(2, r.getResultsCount());
        assertPing(r.getResults(0), 4, MemberState.STARTED, null);
        assertPing(r.getResults(1), 5, MemberState.STARTED, null);
    }

    /**
     * Issue 13: one hung engine (a SIGSTOPped daos_io_server) costs the host one ping bound, taken
     * from the caller's deadline, not 3 s: the hung rank is Unresponsive, the healthy one Started,
     * in instance order, and the reply comes in the caller's time.
     */
    @Test
    public void aHungEngineIsUnresponsiveWithinTheCallersDeadlineAndTheOtherStartedIssue13() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            running(0, 4, "", engine("hung", hangsUntil(release)));
            running(1, 5, "", engine("healthy", HEALTHY));
            Duration left = Duration.ofMillis(1250);
            long t0 = System.nanoTime();
            RanksResp r = ops.ping(all, left);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(2, r.getResultsCount());
            assertPing(r.getResults(0), 4, MemberState.UNRESPONSIVE, "timeout occurred");
            assertPing(r.getResults(1), 5, MemberState.STARTED, null);
            long bound = RankOperations.pingTimeout(left).toMillis();
            assertTrue(ms + " ms", ms >= bound - 50); // the hung one really was waited for
            assertTrue(ms + " ms for a " + bound + " ms bound", ms < bound + 1500);
        } finally {
            release.countDown();
        }
    }

    /** Issue 13: two hung engines take one ping bound, not two. */
    @Test
    public void twoHungEnginesTakeOnePingBoundNotTwoIssue13() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            running(0, 4, "", engine("hung0", hangsUntil(release)));
            running(1, 5, "", engine("hung1", hangsUntil(release)));
            Duration left = Duration.ofMillis(2250);
            long t0 = System.nanoTime();
            RanksResp r = ops.ping(all, left);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertPing(r.getResults(0), 4, MemberState.UNRESPONSIVE, "timeout occurred");
            assertPing(r.getResults(1), 5, MemberState.UNRESPONSIVE, "timeout occurred");
            long bound = RankOperations.pingTimeout(left).toMillis();
            assertTrue(ms + " ms for a " + bound + " ms bound", ms < bound + 1500); // one after the other: 2 x bound
        } finally {
            release.countDown();
        }
    }

    /**
     * Issue 13 over gRPC: PingRanks takes its bound from the caller's deadline. With a 2 s
     * deadline and a hung engine the reply arrives in time (a 3 s ping would have missed it and
     * the access point would have marked the healthy rank Unresponsive too).
     */
    @Test
    public void pingRanksAnswersWithinTheGrpcDeadlineIssue13() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RanksService svc = new RanksService(harness);
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).addService(svc).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            running(0, 4, "", engine("hung", hangsUntil(release)));
            running(1, 5, "", engine("healthy", HEALTHY));
            RanksResp r = MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).pingRanks(all);
            assertPing(r.getResults(0), 4, MemberState.UNRESPONSIVE, "timeout occurred");
            assertPing(r.getResults(1), 5, MemberState.STARTED, null);
        } finally {
            release.countDown();
            channel.shutdownNow();
            server.shutdownNow();
            svc.deactivate();
        }
    }

    @Test
    public void theTimeLeftIsReadFromTheCallContext() throws Exception {
        assertEquals(null, RanksService.timeLeft());
        Context.CancellableContext c = Context.current().withDeadlineAfter(10, TimeUnit.SECONDS,
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                }));
        try {
            Duration left = c.call(RanksService::timeLeft);
            assertTrue(left.toString(), left.compareTo(Duration.ofSeconds(9)) > 0
                    && left.compareTo(Duration.ofSeconds(10)) <= 0);
        } finally {
            c.cancel(null);
        }
    }

    /** Deactivation stops the ping pool; a ping after it still answers, on the calling thread. */
    @Test
    public void deactivationStopsThePingPool() throws Exception {
        RanksService svc = new RanksService(harness);
        RankOperations own = svc.operations();
        running(0, 4, "", engine("e0", HEALTHY));
        running(1, 5, "", engine("e1", HEALTHY));
        assertEquals(0, own.pingThreads()); // no thread before the first ping
        RanksResp r = own.ping(all);
        assertPing(r.getResults(0), 4, MemberState.STARTED, null);
        assertEquals(1, own.pingThreads()); // instance 0 on the pool, instance 1 on this thread
        svc.deactivate();
        assertTrue(own.awaitClosed(10_000));
        assertEquals(0, own.pingThreads());
        r = own.ping(all);
        assertPing(r.getResults(0), 4, MemberState.STARTED, null);
        assertPing(r.getResults(1), 5, MemberState.STARTED, null);
    }

    /**
     * Issue 13 point 3: a host asked for more ranks than it owns (other hosts' ranks, its own in
     * another order) answers for its own only, in instance order, for all four operations.
     */
    @Test
    public void aHostAskedForMoreRanksThanItOwnsAnswersOnlyForItsOwnIssue13() throws Exception {
        instance(0, Fixture.ranked("u-1", 1), fx.dir.resolve("x"));
        instance(1, Fixture.ranked("u-2", 2), fx.dir.resolve("x"));
        RanksReq more = RanksReq.newBuilder().addRanks(7).addRanks(2).addRanks(0).addRanks(3).addRanks(1)
                .addRanks(4000).build();
        for (RanksResp r : List.of(ops.ping(more), ops.prepShutdown(more), ops.stop(more), ops.start(more))) {
            assertEquals(r.toString(), List.of(1, 2),
                    r.getResultsList().stream().map(RanksResp.RankResult::getRank).toList());
        }
        assertEquals(0, ops.ping(RanksReq.newBuilder().addRanks(0).addRanks(3).build()).getResultsCount());
    }
}
