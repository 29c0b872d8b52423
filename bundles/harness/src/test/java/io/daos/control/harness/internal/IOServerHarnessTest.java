package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * The whole harness against the fake daos_io_server and the fake engine: the start sequence, the
 * format gate, the *Ranks operations on real processes, the restart policy, exits and close.
 */
public class IOServerHarnessTest {

    private static final int PORT = Fixture.PORT;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private Fixture.Hooks hooks;
    private IOServerHarness harness;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        hooks = fx.hooks;
    }

    @After
    public void tearDown() {
        if (harness != null) {
            harness.close();
        }
        fx.close();
    }

    private IOServerHarness harness(Path binary) throws Exception {
        return harness(fx.config(), binary, 0);
    }

    /** The harness under test; the fake binary inherits PATH and INHERITED=yes. */
    private IOServerHarness harness(ServerConfig cfg, Path binary, long restartBackoffMs) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("INHERITED", "yes");
        harness = new IOServerHarness(cfg, null, binary, env, fx.dir.resolve("log"), hooks, restartBackoffMs);
        return harness;
    }

    /** The process of instance {@code i} once the harness has recorded it. */
    private Process process(int i) throws InterruptedException {
        Process p = harness.instances().get(i).runner().awaitProcess(10_000);
        assertNotNull("instance " + i + " was not spawned", p);
        return p;
    }

    private void notifyReady(Path sock) throws Exception {
        new SrvModule(harness).handle(DrpcIds.SRV_NOTIFY_READY, NotifyReadyReq.newBuilder()
                .setUri("ofi+sockets://127.0.0.1:31416").setNctxs(7).setDrpcListenerSock(sock.toString())
                .setInstanceIdx(0).setNtgts(3).build().toByteArray());
    }

    private byte[] msCall() throws Exception {
        return harness.callMsReplica(DrpcIds.MGMT_JOIN, new byte[0], Duration.ofSeconds(1));
    }

    private RankOperations ranks() {
        return new RankOperations(harness);
    }

    @Test
    public void spawnsWithTheExactArgumentsAndEnvironment() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-1", "daos_server", Rank.of(1), true, false, false, false));
        harness(fx.script("exec sleep 600")).start();
        List<String> env = new ArrayList<>();
        List<String> args = fx.awaitSpawn(0, env);
        long shm = ProcessHandle.current().pid() + 0 + 1;
        assertEquals(fx.config().servers().get(0).ioServerArgs(shm, 0), args);
        assertTrue(env.toString(), env.contains("D_LOG_FILE=" + fx.dir.resolve("io0.log")));
        assertTrue(env.toString(), env.contains("D_LOG_MASK=DEBUG"));
        assertTrue(env.toString(), env.contains("FAKE_VAR=1"));
        assertTrue(env.toString(), env.contains("INHERITED=yes"));
        assertTrue(harness.isStarted());
        assertEquals(1, harness.instanceCount());
        Process p = process(0);
        assertTrue(p.isAlive());
        harness.close();
        assertFalse(p.isAlive());
    }

    @Test
    public void setHugepagesGivesEachIoServerItsShareOfTheFreeHugepagesReadOnce() throws Exception {
        // SPEC-SERVER 3.4 step 2: -r = free MiB / server entries, less 1/16, computed once
        hooks.freeHugepageMB = 4096;
        harness(fx.config2("set_hugepages: true\n"), fx.script("exec sleep 600"), 0).start();
        harness.storageReady(0);
        harness.storageReady(1);
        List<String> first = fx.awaitSpawn();
        hooks.freeHugepageMB = 0; // the first I/O server took its pages: the second keeps the same share
        List<String> second = fx.awaitSpawn(1, new ArrayList<>());
        for (List<String> args : List.of(first, second)) {
            int r = args.indexOf("-r");
            assertTrue(args.toString(), r >= 0);
            assertEquals("1920", args.get(r + 1)); // 4096 / 2 = 2048, less 2048 / 16 = 128
        }
        assertEquals(1, hooks.hugepageReads.get());
    }

    @Test
    public void withoutSetHugepagesNoRIsPassedAndMeminfoIsNotRead() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-7", 1));
        hooks.freeHugepageMB = 4096;
        harness(fx.script("exec sleep 600")).start();
        assertFalse(fx.awaitSpawn().contains("-r"));
        assertEquals(0, hooks.hugepageReads.get());
    }

    @Test
    public void theParentDeathWrapperKeepsArgumentsAndPid() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assume.assumeTrue("needs /usr/bin/setpriv (util-linux)", Files.isExecutable(setpriv));
        fx.writeSuperblock(0, Fixture.ranked("u-6", 1));
        harness(fx.script("exec sleep 600")).useDeathSignalWrapper(setpriv);
        harness.start();
        List<String> args = fx.awaitSpawn();
        assertEquals(fx.config().servers().get(0).ioServerArgs(ProcessHandle.current().pid() + 1, 0), args);
        Process p = process(0);
        // setpriv exec'd the binary: the watched process is the harness's own child
        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
        assertTrue(status, status.contains("\nPPid:\t" + ProcessHandle.current().pid() + "\n"));
        harness.close();
        assertFalse(p.isAlive());
    }

    @Test
    public void readyHandshakeJoinsSetsRankAndEndsWithSetUp() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-2", "daos_server", null, false, false, false, false));
        hooks.mgmt().rank = 5;
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        notifyReady(sock);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        JoinReq j = hooks.mgmt().joins.poll(1, TimeUnit.SECONDS);
        assertEquals("u-2", j.getUuid());
        assertEquals(Rank.NIL.bits(), j.getRank());
        assertEquals("ofi+sockets://127.0.0.1:31416", j.getUri());
        assertEquals(7, j.getNctxs());
        assertEquals("0.0.0.0:" + PORT, j.getAddr());
        assertEquals("localhost:" + PORT, hooks.mgmt().targets.get(0).toString());
        assertEquals(5, SetRankReq.parseFrom(fx.engineBodies.get(0)).getRank());
        Superblock sb = fx.superblockOnDisk(0);
        assertEquals(Rank.of(5), sb.rank);
        assertTrue(sb.validRank);
        assertEquals("u-2", sb.uuid);
    }

    @Test
    public void joinIsRetriedWhileThereIsNoManagementClientThenGoesThrough() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-9", "daos_server", null, false, false, false, false));
        Fixture.Mgmt client = hooks.mgmt();
        client.rank = 6;
        hooks.mgmt = null; // the client bundle is not there (yet)
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        notifyReady(sock);
        assertTrue(hooks.mgmtLookups.await(10, TimeUnit.SECONDS)); // a Join attempt found no client
        hooks.mgmt = client; // the service appears: the next attempt (3 s later) joins
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        assertEquals(1, client.count.get());
        assertEquals(Rank.of(6), fx.superblockOnDisk(0).rank);
    }

    @Test
    public void stopRanksSendsSigintAsTheReference() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-8", 4));
        Path got = fx.dir.resolve("signal.txt");
        // the fake I/O server writes which signal stopped it; the traps are set before it reports
        harness(fx.script("trap 'echo INT > \"" + got + "\"; exit 0' INT; trap 'echo TERM > \"" + got
                + "\"; exit 0' TERM\n", "while :; do sleep 0.05; done")).start();
        fx.awaitSpawn();
        process(0);
        RanksResp.RankResult r = ranks().stop(RanksReq.getDefaultInstance()).getResults(0);
        assertEquals("stop", r.getAction());
        assertEquals(r.getMsg(), MemberState.STOPPED.code(), r.getState());
        assertEquals("INT", Files.readString(got).trim());
    }

    /**
     * A StopRanks that stops a start still waiting for its engine returns only once that start
     * has unwound, so a StartRanks right after it is accepted (it used to meet "already started"
     * now and then: found when the suite ran on a loaded machine).
     */
    @Test
    public void startRanksRightAfterAStopThatEndedAStartIsAccepted() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-9", 4));
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn(); // never ready: the start sequence waits for its NotifyReady
        RanksReq all = RanksReq.getDefaultInstance();
        for (int i = 0; i < 10; i++) {
            assertEquals(MemberState.STOPPED.code(), ranks().stop(all).getResults(0).getState());
            assertEquals(MemberState.STARTED.code(), ranks().start(all).getResults(0).getState());
            fx.awaitSpawn();
        }
        assertEquals("no fatal error: " + hooks.fatalMessage, 1, hooks.fatal.getCount());
    }

    /**
     * A StopRanks that stops an instance whose Join keeps being refused (its access point's
     * replica down: found by the fuzz harness, a fuzzed StopRanks of rank 0 while rank 1 joined)
     * ends that start, so a StartRanks right after it is accepted. The Join loop used to go on
     * after its process was gone, every StartRanks met "already started", and the ranks stayed
     * Stopped.
     */
    @Test
    public void aStopEndsAStartWhoseJoinIsRefused() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-11", 4));
        hooks.mgmt().status = -1006; // DER_UNREACH, round after round
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn();
        notifyReady(fx.startEngine());
        assertTrue("a Join round", hooks.mgmtLookups.await(10, TimeUnit.SECONDS));
        RanksReq all = RanksReq.getDefaultInstance();
        try (RankOperations ops = ranks()) {
            assertEquals(MemberState.STOPPED.code(), ops.stop(all).getResults(0).getState());
            assertFalse(process(0).isAlive());
            assertEquals(MemberState.STARTED.code(), ops.start(all).getResults(0).getState());
            fx.awaitSpawn();
        }
        assertEquals("no fatal error: " + hooks.fatalMessage, 1, hooks.fatal.getCount());
    }

    @Test
    public void ranksOperationsAndExitDetection() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-3", 4));
        hooks.mgmt().rank = 4;
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        notifyReady(sock);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        awaitSetUp(0);
        RanksReq all = RanksReq.getDefaultInstance();
        RankOperations ops = ranks();

        RanksResp.RankResult r = ops.ping(all).getResults(0);
        assertEquals(4, r.getRank());
        assertEquals("ping", r.getAction());
        assertEquals(MemberState.STARTED.code(), r.getState());
        assertFalse(r.getErrored());

        r = ops.prepShutdown(all).getResults(0);
        assertEquals("prep shutdown", r.getAction());
        assertEquals(MemberState.STOPPING.code(), r.getState());

        // SIGKILL -> member state Stopped, reported by the runner's exit watcher (no polling)
        Process p = process(0);
        long t0 = System.nanoTime();
        p.destroyForcibly();
        assertTrue(hooks.stateChanged.await(10, TimeUnit.SECONDS));
        long micros = (hooks.stateNanos - t0) / 1000;
        System.out.println("[measure] SIGKILL -> member state change: " + micros + " us");
        assertEquals(Rank.of(4), hooks.stateRank);
        assertEquals(MemberState.STOPPED, hooks.state);

        assertEquals(MemberState.STOPPED.code(), ops.ping(all).getResults(0).getState());
        assertEquals(MemberState.STOPPED.code(), ops.prepShutdown(all).getResults(0).getState());

        // StartRanks restarts the stopped instance (Join again on the restart)
        RanksResp started = ops.start(all);
        fx.awaitSpawn();
        assertEquals("start", started.getResults(0).getAction());
        assertEquals(MemberState.STARTED.code(), started.getResults(0).getState());
        assertEquals("can't start instances: already started",
                assertThrows(RanksException.class, () -> ops.start(all)).getMessage());

        RanksResp stopped = ops.stop(all);
        assertEquals("stop", stopped.getResults(0).getAction());
        assertEquals(MemberState.STOPPED.code(), stopped.getResults(0).getState());
        assertFalse(process(0).isAlive());
        // stopped on request while starting: not fatal, StartRanks works again
        RanksResp again = ops.start(all);
        fx.awaitSpawn();
        assertEquals(MemberState.STARTED.code(), again.getResults(0).getState());
        assertEquals("no fatal error: " + hooks.fatalMessage, 1, hooks.fatal.getCount());
    }

    /** Set up: the harness thread has finished the start sequence of instance {@code i}. */
    private void awaitSetUp(int i) throws InterruptedException {
        Fixture.awaitTrue("instance " + i + " is set up", harness.instances().get(i)::isSetUp);
    }

    @Test
    public void startRanksIsRefusedBeforeTheHarnessStartedAndWhileInstancesRun() throws Exception {
        harness(fx.script("exec sleep 600"));
        assertEquals("can't start instances: harness not started",
                assertThrows(RanksException.class, () -> harness.requestStart()).getMessage());
        fx.writeSuperblock(0, Fixture.ranked("u-10", 1));
        harness.start();
        fx.awaitSpawn();
        process(0);
        assertEquals("can't start instances: already running",
                assertThrows(RanksException.class, () -> harness.requestStart()).getMessage());
        // the refusal reaches the StartRanks caller (SPEC-SYSTEM §2.7.4), and nothing restarts
        try (RankOperations ops = ranks()) {
            assertEquals("can't start instances: already running",
                    assertThrows(RanksException.class, () -> ops.start(RanksReq.getDefaultInstance())).getMessage());
        }
        assertFalse(harness.rankOps().isBusy());
    }

    @Test
    public void restartPolicyRespawnsAnInstanceThatDiedAfterReady() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-7", 2));
        hooks.mgmt().rank = 2;
        harness(fx.config(), fx.script("exec sleep 600"), 20).start();
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        notifyReady(sock);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        // the harness has the SetUp reply and the instance is Started: only now is a death one
        // after the start (the restart policy's case); killed while SetUp is in flight, it is a
        // failed start, and fatal (a race this test lost on a busy machine)
        assertEquals(MemberState.STARTED, hooks.states.poll(10, TimeUnit.SECONDS));
        Process first = process(0);
        first.destroyForcibly();
        assertTrue(hooks.stateChanged.await(10, TimeUnit.SECONDS));
        fx.awaitSpawn(); // respawned after the back-off
        notifyReady(sock);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        assertEquals(MemberState.STOPPED, hooks.states.poll(10, TimeUnit.SECONDS));
        assertEquals(MemberState.STARTED, hooks.states.poll(10, TimeUnit.SECONDS));
        Process second = process(0);
        assertTrue(second != first && second.isAlive());
        assertEquals(2, hooks.mgmt().count.get()); // Join again on the restart
        assertEquals(1, hooks.fatal.getCount());
    }

    /**
     * The instance prints on both streams and exits by itself; its exit (here fatal: before
     * ready) is reported only once both streams are drained, so the log is complete then.
     */
    @Test
    public void instanceOutputGoesToTheInstanceLogWithItsPrefix() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-8", 1));
        harness(fx.script("echo out-line\necho err-line >&2\n", "echo last-out\necho last-err >&2\nexit 0")).start();
        fx.awaitSpawn();
        assertTrue(hooks.fatal.await(20, TimeUnit.SECONDS)); // the exit event
        List<String> log = Files.readAllLines(fx.dir.resolve("daos_io_server.log"));
        for (String line : List.of("out-line", "err-line", "last-out", "last-err")) {
            assertTrue(log.toString(), log.contains("daos_io_server:0 " + line));
        }
    }

    @Test
    public void exitBeforeReadyIsFatalWithTheExitStatus() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-4", 1));
        harness(fx.script("exit 3")).start();
        fx.awaitSpawn();
        assertTrue(hooks.fatal.await(10, TimeUnit.SECONDS));
        assertTrue(hooks.fatalMessage, hooks.fatalMessage.startsWith("DAOS I/O Server exited with error: "));
        assertTrue(hooks.fatalMessage, hooks.fatalMessage.endsWith("(instance 0) exited: exit status 3"));
    }

    @Test
    public void aBinaryThatCannotStartIsFatal() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-11", 1));
        Path missing = fx.dir.resolve("no_such_io_server");
        harness(missing).start();
        assertTrue(hooks.fatal.await(10, TimeUnit.SECONDS));
        assertTrue(hooks.fatalMessage, hooks.fatalMessage.startsWith("DAOS I/O Server exited with error: "
                + missing + " (instance 0) failed to start: "));
    }

    @Test
    public void formatGateWaitsThenCreatesTheBootstrapSuperblockAndRegistersTheMsMember() throws Exception {
        harness(fx.script("exec sleep 600"));
        assertEquals(647, assertThrows(FaultException.class, this::msCall).fault().code());
        harness.start();
        assertFalse(harness.isStarted());
        assertFalse(Files.exists(fx.dir.resolve("scm0/superblock")));
        assertEquals("instance index 1 is out of range (1 instances)",
                assertThrows(IllegalArgumentException.class, () -> harness.storageReady(1)).getMessage());
        harness.storageReady(0);
        harness.storageReady(0); // idempotent
        fx.awaitSpawn();
        assertTrue(harness.isStarted());
        assertEquals("no dRPC client set (data plane not started?)",
                assertThrows(IOException.class, this::msCall).getMessage());
        Superblock sb = fx.superblockOnDisk(0);
        assertEquals(Rank.of(0), sb.rank);
        assertTrue(sb.ms && sb.createMs && sb.bootstrapMs && sb.validRank);
        // defect 4 of issue 10: at spawn the member is Unknown; Started once SetUp is done
        Member spawned = hooks.started.poll(10, TimeUnit.SECONDS);
        assertEquals(MemberState.UNKNOWN, spawned.state());
        assertEquals(Rank.of(0), spawned.rank());
        notifyReady(fx.startEngine());
        Member m = hooks.started.poll(10, TimeUnit.SECONDS);
        assertNotNull(m);
        assertTrue(harness.instances().get(0).isSetUp());
        assertEquals(Rank.of(0), m.rank());
        assertEquals(sb.uuid, m.uuid());
        assertEquals("127.0.0.1:" + PORT, m.address());
        assertEquals(MemberState.STARTED, m.state());
    }

    @Test
    public void theBootstrapReplicaSkipsJoinCreatesTheMsAndAnswersMsCalls() throws Exception {
        harness(fx.script("exec sleep 600")).start();
        harness.storageReady(0);
        fx.awaitSpawn();
        Path sock = fx.startEngine();
        notifyReady(sock);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        assertEquals(0, hooks.mgmt().count.get());
        Superblock sb = fx.superblockOnDisk(0);
        assertFalse(sb.createMs || sb.bootstrapMs);
        assertTrue(sb.ms);
        byte[] reply = harness.callMsReplica(DrpcIds.MGMT_JOIN, new byte[] {1}, Duration.ofSeconds(5));
        assertEquals(0, reply.length); // DaosResp{status 0} encodes to nothing
        fx.awaitEngineCall(DrpcIds.MGMT_JOIN);
    }

    @Test
    public void aHostWithoutReplicaAnswersMsCallsWithNotAnAccessPoint() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-12", 3));
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn();
        assertEquals("instance is not an access point",
                assertThrows(IOException.class, this::msCall).getMessage());
    }

    /**
     * A reformat while instance 0 was already usable (its superblock loaded at the gate) and
     * instance 1 waited wipes instance 0's SCM: its superblock must be written anew, not kept
     * only in memory (else the next start would ask for format again).
     */
    @Test
    public void reformatOfAnInstanceWhoseSuperblockWasLoadedWritesANewOne() throws Exception {
        Superblock old = Superblock.create("daos_server", null, true, true);
        fx.writeSuperblock(0, old);
        harness(fx.config2(""), fx.script("exec sleep 600"), 0).start();
        // the gate has read instance 0's superblock and is now checking (then awaiting) instance 1
        assertTrue(hooks.checkedInstance1.await(10, TimeUnit.SECONDS));
        assertFalse(harness.isStarted());
        Files.delete(fx.dir.resolve("scm0").resolve(Superblock.FILE_NAME)); // what the reformat wiped
        harness.storageReady(0);
        harness.storageReady(1);
        fx.awaitSpawn(); // the MS instance 0 was launched, after its superblock was written
        Superblock now = fx.superblockOnDisk(0);
        assertNotEquals(old.uuid, now.uuid);
        assertTrue(Files.exists(fx.dir.resolve("scm1").resolve(Superblock.FILE_NAME)));
        assertFalse(fx.superblockOnDisk(1).ms); // only instance 0 may be a replica
    }

    @Test
    public void closeWhileWaitingForFormatEndsQuietly() throws Exception {
        harness(fx.script("exec sleep 600")).start();
        harness.close();
        assertFalse(harness.isStarted());
        assertEquals(1, hooks.fatal.getCount());
    }

    @Test
    public void closeKillsAnInstanceThatIgnoresSigterm() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-5", 1));
        harness(fx.script("trap '' TERM\n", "exec sleep 600")).start();
        fx.awaitSpawn();
        Process p = process(0);
        long t0 = System.nanoTime();
        harness.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(p.isAlive());
        assertTrue("close took " + ms + " ms",
                ms >= IOServerHarness.WAIT_MS - 100 && ms < IOServerHarness.WAIT_MS + 6_000);
    }

    @Test
    public void closeRemovesTheInstanceSocketsAndReportsTheExits() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-13", 2));
        Path stale = Files.createFile(fx.dir.resolve("run").resolve("daos_io_server_7.sock"));
        Path other = Files.createFile(fx.dir.resolve("run").resolve("daos_server.sock"));
        harness(fx.script("exec sleep 600")).start();
        fx.awaitSpawn();
        process(0);
        harness.close();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other)); // the drpc bundle's listener is not ours to remove
        assertEquals(MemberState.STOPPED, hooks.states.poll(0, TimeUnit.SECONDS));
        harness.close(); // idempotent
    }

    // ---------------------------------------------------------------- MS selection, callInstance

    /** {@code base} with other access points, and no instances when {@code noServers}. */
    private static ServerConfig withAccessPoints(ServerConfig base, List<String> aps, boolean noServers) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("accessPoints") && m.getParameterCount() == 0) {
                        return aps;
                    }
                    if (noServers && m.getName().equals("servers") && m.getParameterCount() == 0) {
                        return List.of();
                    }
                    try {
                        return m.invoke(base, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private String msError() {
        IOException e = assertThrows(IOException.class, this::msCall);
        assertEquals(e.getMessage(), assertThrows(IOException.class, harness::msReplicaTargets).getMessage());
        return e.getMessage();
    }

    @Test
    public void beforeTheGateIsLeftEveryMsAndInstanceCallIsFault647() throws Exception {
        harness(fx.script("exec sleep 600")).start(); // no superblock: waits at the format gate
        assertFalse(harness.isStarted());
        assertEquals(647, assertThrows(FaultException.class, this::msCall).fault().code());
        assertEquals(647, assertThrows(FaultException.class, harness::msReplicaTargets).fault().code());
        assertEquals(647, assertThrows(FaultException.class,
                () -> harness.callInstance(0, DrpcIds.MGMT_SMD_LIST_DEVS, new byte[0], Duration.ofSeconds(1)))
                .fault().code());
        // not started is checked before the index
        assertEquals(647, assertThrows(FaultException.class,
                () -> harness.callInstance(5, DrpcIds.MGMT_SMD_LIST_DEVS, new byte[0], Duration.ofSeconds(1)))
                .fault().code());
    }

    @Test
    public void aStartedHarnessWithoutInstancesHasNoManagedInstances() throws Exception {
        harness(withAccessPoints(fx.config(), List.of("localhost:" + PORT), true), fx.script("exec sleep 600"), 0)
                .start();
        Fixture.awaitTrue("the empty harness has left the gate", harness::isStarted);
        assertEquals("harness has no managed instances", msError());
        assertEquals("instance index 0 is out of range (0 instances)", assertThrows(IllegalArgumentException.class,
                () -> harness.callInstance(0, DrpcIds.MGMT_SMD_LIST_DEVS, new byte[0], Duration.ofSeconds(1)))
                .getMessage());
    }

    /** The selection's error on a started host whose instance 0 has a non-replica superblock. */
    private String notReplicaError(String uuid, List<String> aps) throws Exception {
        fx.writeSuperblock(0, Fixture.ranked(uuid, 1));
        harness(withAccessPoints(fx.config(), aps, false), fx.script("exec sleep 600"), 0).start();
        fx.awaitSpawn();
        return msError();
    }

    @Test
    public void noReplicaAndNoAccessPointsIsNoAccessPointsDefined() throws Exception {
        assertEquals("no access points defined", notReplicaError("u-20", List.of()));
    }

    @Test
    public void noReplicaHintsAtTheFirstAccessPoint() throws Exception {
        assertEquals("instance is not an access point, try 10.0.0.9:10001",
                notReplicaError("u-21", List.of("10.0.0.9:10001", "10.0.0.8:10001")));
    }

    /** The hint is left out for a first access point starting with "localhost", whatever its port. */
    @Test
    public void noReplicaWithALocalhostPrefixedAccessPointHasNoHint() throws Exception {
        assertEquals("instance is not an access point",
                notReplicaError("u-22", List.of("localhost:10999", "10.0.0.9:10001")));
    }

    /** NotifyReady of instance {@code idx} with its dRPC socket and target count; waits for its SetUp. */
    private void ready(Path sock, int idx, int ntgts) throws Exception {
        new SrvModule(harness).handle(DrpcIds.SRV_NOTIFY_READY, NotifyReadyReq.newBuilder()
                .setUri("ofi+sockets://127.0.0.1:" + (31416 + 100 * idx)).setNctxs(1)
                .setDrpcListenerSock(sock.toString()).setInstanceIdx(idx).setNtgts(ntgts).build().toByteArray());
    }

    @Test
    public void msReplicaTargetsIsTheConfiguredCountThenTheAnnouncedOne() throws Exception {
        harness(fx.script("exec sleep 600")).start();
        harness.storageReady(0);
        fx.awaitSpawn();
        assertEquals(2, harness.msReplicaTargets()); // config: targets 2
        notifyReady(fx.startEngine()); // ntgts 3
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        assertEquals(3, harness.msReplicaTargets());
    }

    /** Two instances, only instance 1 a replica: the selection takes the first whose superblock says ms. */
    @Test
    public void theReplicaIsTheFirstInstanceWhoseSuperblockSaysMs() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-30", 1));
        fx.writeSuperblock(1, new Superblock("u-31", "daos_server", Rank.of(2), true, true, false, false));
        harness(fx.config2(""), fx.script("exec sleep 600"), 0).start();
        fx.awaitSpawn();
        fx.awaitSpawn(1, new ArrayList<>());
        assertEquals(1, harness.msReplicaTargets()); // config2: targets 1 each
        Path sock = fx.startEngine();
        ready(sock, 0, 3);
        ready(sock, 1, 6);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        assertEquals("instance 1's count, not instance 0's", 6, harness.msReplicaTargets());
        fx.engineCalls.clear();
        msCall();
        fx.awaitEngineCall(DrpcIds.MGMT_JOIN);
    }

    @Test
    public void callInstanceReachesTheInstanceByIndexAndPassesItsErrorsOn() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-40", 1));
        fx.writeSuperblock(1, Fixture.ranked("u-41", 2));
        harness(fx.config2(""), fx.script("exec sleep 600"), 0).start();
        fx.awaitSpawn();
        fx.awaitSpawn(1, new ArrayList<>());
        byte[] req = SmdDevReq.getDefaultInstance().toByteArray();
        Duration t = Duration.ofSeconds(5);
        assertEquals("no dRPC client set (data plane not started?)", assertThrows(IOException.class,
                () -> harness.callInstance(1, DrpcIds.MGMT_SMD_LIST_DEVS, req, t)).getMessage());
        assertEquals("instance index 2 is out of range (2 instances)", assertThrows(IllegalArgumentException.class,
                () -> harness.callInstance(2, DrpcIds.MGMT_SMD_LIST_DEVS, req, t)).getMessage());
        assertEquals("instance index -1 is out of range (2 instances)", assertThrows(IllegalArgumentException.class,
                () -> harness.callInstance(-1, DrpcIds.MGMT_SMD_LIST_DEVS, req, t)).getMessage());
        Path sock = fx.startEngine();
        ready(sock, 0, 1);
        ready(sock, 1, 1);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        fx.awaitEngineCall(DrpcIds.MGMT_SET_UP);
        SmdDevResp devs = SmdDevResp.newBuilder()
                .addDevices(SmdDevResp.Device.newBuilder().setUuid("d-1").addTgtIds(0)).build();
        fx.engineReply = (m, b) -> {
            if (m != DrpcIds.MGMT_SMD_LIST_DEVS) {
                throw new IllegalStateException("unexpected method " + m);
            }
            return devs.toByteArray();
        };
        fx.engineCalls.clear();
        fx.engineBodies.clear();
        assertEquals(devs, SmdDevResp.parseFrom(harness.callInstance(1, DrpcIds.MGMT_SMD_LIST_DEVS, req, t)));
        assertEquals(devs, SmdDevResp.parseFrom(harness.callInstance(0, DrpcIds.MGMT_SMD_LIST_DEVS, req, t)));
        assertEquals(List.of(DrpcIds.MGMT_SMD_LIST_DEVS, DrpcIds.MGMT_SMD_LIST_DEVS), new ArrayList<>(fx.engineCalls));
        // the engine failing the method: a non-SUCCESS dRPC status
        assertThrows(DrpcException.class, () -> harness.callInstance(1, DrpcIds.MGMT_BIO_HEALTH_QUERY, req, t));
    }
}
