package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
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
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.daos.control.proto.srv.NotifyReadyReq;

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

    /** The fake harness view; also the owner of the instances. */
    private final class Harness extends Fixture.IdleOwner implements LocalInstances {
        volatile String refusal;
        /** Whether awaitRunning(false) waits for the exits (else it returns at once). */
        volatile boolean waitForExits = true;
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
        public synchronized void awaitRunning(boolean all, long ms) throws InterruptedException {
            assertEquals(RankOperations.WAIT_MS, ms);
            if (!all && waitForExits) {
                while (instances.stream().anyMatch(IOServerInstance::running)) {
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
        IOServerInstance inst = instance(index, Fixture.ranked("u-" + rank, rank), fx.script(head, "exec sleep 600"));
        inst.start(0, null);
        fx.awaitSpawn(index, new ArrayList<>());
        Path sock = fx.dir.resolve("run").resolve("daos_io_server_fake.sock");
        if (!java.nio.file.Files.exists(sock)) {
            sock = fx.startEngine();
        }
        inst.notifyReady(NotifyReadyReq.getDefaultInstance(), sock);
        inst.finishStartup(inst.ready(), false); // Join (fake client), SetRank, SetUp
        return inst;
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
}
