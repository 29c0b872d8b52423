package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * One instance on its own: the format gate, the superblock, the start, the steps after ready
 * (Join through the management client, the set-up dRPCs against a real dRPC listener) and its
 * dRPC client following the current client factory. The owning harness is a fake whose
 * {@code pause} is where a test changes the world between two Join attempts.
 */
public class IOServerInstanceTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private Fixture.Hooks hooks;
    private InstanceLog log;
    private final Fixture.PausingOwner owner = new Fixture.PausingOwner();
    private final List<IOServerInstance> made = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        hooks = fx.hooks;
        log = new InstanceLog(fx.dir.resolve(InstanceLog.FILE_NAME));
    }

    @After
    public void tearDown() {
        Fixture.stopAll(made);
        log.close();
        fx.close();
    }

    private IOServerInstance instance(ServerConfig cfg, int index, Path binary) {
        return instance(cfg, index, binary, hooks);
    }

    private IOServerInstance instance(ServerConfig cfg, int index, Path binary, HarnessHooks with) {
        IOServerRunner runner = new IOServerRunner(index, binary, Map.of("PATH", System.getenv("PATH")), log);
        IOServerInstance i = new IOServerInstance(index, cfg.servers().get(index), cfg, with, new AccessPoints(cfg),
                runner, owner);
        made.add(i);
        return i;
    }

    private IOServerInstance instance() throws Exception {
        return instance(fx.config(), 0, fx.dir.resolve("unused"));
    }

    private static byte[] ping(IOServerInstance inst) throws Exception {
        return inst.callDrpc(DrpcIds.MGMT_PING_RANK, new byte[0], Duration.ofSeconds(5));
    }

    private static NotifyReadyReq ready(int ntgts) {
        return NotifyReadyReq.newBuilder().setUri("ofi+sockets://127.0.0.1:31416").setNctxs(7).setNtgts(ntgts)
                .build();
    }

    private void expectFatal(IOServerInstance inst, NotifyReadyReq ready, String message) throws Exception {
        try {
            inst.finishStartup(ready, false);
            fail("no Fatal; expected " + message);
        } catch (Fatal e) {
            assertEquals(message, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- dRPC client

    @Test
    public void theDrpcClientFollowsTheCurrentFactory() throws Exception {
        IOServerInstance inst = instance();
        assertEquals("no dRPC client set (data plane not started?)",
                assertThrows(IOException.class, () -> ping(inst)).getMessage());
        Path sock = fx.startEngine();
        inst.notifyReady(ready(1), sock);
        assertEquals(inst, owner.readied.poll(0, TimeUnit.SECONDS));
        ping(inst);
        ping(inst);
        assertEquals(1, hooks.factory.opened.size()); // one client, reused

        // the drpc bundle is updated: its factory closes the clients it made and a new one comes
        hooks.factory.closeAll();
        Fixture.Factory next = new Fixture.Factory();
        hooks.drpc = next;
        ping(inst);
        assertEquals(1, next.opened.size());

        hooks.drpc = null; // between the two: no factory
        assertEquals("no dRPC client set (data plane not started?)",
                assertThrows(IOException.class, () -> ping(inst)).getMessage());
        hooks.drpc = next;
        ping(inst);
        assertEquals(1, next.opened.size());
        assertEquals(4, fx.engineCalls.size());
        next.closeAll();

        inst.dropDrpcClient(); // a new run: no client until the next NotifyReady
        assertEquals("no dRPC client set (data plane not started?)",
                assertThrows(IOException.class, () -> ping(inst)).getMessage());
    }

    @Test
    public void aFactoryThatCannotOpenTheSocketFailsTheCall() throws Exception {
        IOServerInstance inst = instance();
        hooks.drpc = socket -> {
            throw new IllegalArgumentException("path too long");
        };
        Path sock = fx.dir.resolve("some.sock");
        inst.notifyReady(ready(1), sock);
        assertEquals("dRPC client for " + sock + ": path too long",
                assertThrows(IOException.class, () -> ping(inst)).getMessage());
    }

    // ---------------------------------------------------------------- after ready

    @Test
    public void joinIsRetriedUntilAManagementClientIsThereThenTheRankIsKept() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-1", "daos_server", null, false, false, false, false));
        IOServerInstance inst = instance();
        assertTrue(inst.storageUsable()); // loads the superblock
        inst.notifyReady(ready(3), fx.startEngine());
        Fixture.Mgmt client = hooks.mgmt();
        client.rank = 9;
        hooks.mgmt = null;
        owner.onPause = () -> hooks.mgmt = client; // appears between two attempts
        inst.finishStartup(inst.ready(), false);
        assertEquals(1, owner.pauses.get());
        JoinReq j = client.joins.poll();
        assertEquals("u-1", j.getUuid());
        assertEquals(Rank.NIL.bits(), j.getRank());
        assertEquals("0.0.0.0:" + Fixture.PORT, j.getAddr());
        assertEquals("localhost:" + Fixture.PORT, client.targets.get(0).toString());
        assertEquals(Rank.of(9), fx.superblockOnDisk(0).rank);
        assertTrue(fx.superblockOnDisk(0).validRank);
        assertEquals(List.of(DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_SET_UP), new ArrayList<>(fx.engineCalls));
        assertEquals(9, SetRankReq.parseFrom(fx.engineBodies.get(0)).getRank());
        assertTrue(inst.isSetUp());
    }

    @Test
    public void aNonZeroJoinStatusIsRetriedAndAValidRankIsNeverChanged() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-2", 4));
        IOServerInstance inst = instance();
        assertTrue(inst.storageUsable());
        inst.notifyReady(ready(0), fx.startEngine());
        Fixture.Mgmt client = hooks.mgmt();
        client.status = -1;
        client.rank = 8;
        owner.onPause = () -> client.status = 0;
        inst.finishStartup(inst.ready(), false);
        assertEquals(2, client.count.get());
        assertEquals(4, client.joins.poll().getRank());
        assertEquals(Rank.of(4), fx.superblockOnDisk(0).rank); // kept
        assertEquals(8, SetRankReq.parseFrom(fx.engineBodies.get(0)).getRank()); // as the reference does
    }

    @Test
    public void anExcludedRankIsFatalAndClosingEndsTheRetries() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-3", 3));
        IOServerInstance inst = instance();
        assertTrue(inst.storageUsable());
        inst.notifyReady(ready(0), fx.startEngine());
        hooks.mgmt().rank = 3;
        hooks.mgmt().state = JoinResp.State.OUT;
        expectFatal(inst, inst.ready(), "rank 3 excluded");

        hooks.mgmt = null;
        owner.onPause = () -> owner.closed = true;
        assertThrows(HarnessClosed.class, () -> inst.finishStartup(inst.ready(), false));
        assertEquals(1, owner.pauses.get());
    }

    @Test
    public void theBootstrapReplicaCreatesAndStartsTheMsWithoutJoin() throws Exception {
        IOServerInstance inst = instance();
        inst.createSuperblock(); // localhost is the first access point: bootstrap replica
        Superblock sb = inst.superblock();
        assertTrue(sb.ms && sb.createMs && sb.bootstrapMs && sb.validRank);
        inst.notifyReady(ready(0), fx.startEngine());
        inst.finishStartup(inst.ready(), true);
        assertEquals(0, hooks.mgmt().count.get());
        assertEquals(List.of(DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_CREATE_MS, DrpcIds.MGMT_START_MS,
                DrpcIds.MGMT_SET_UP), new ArrayList<>(fx.engineCalls));
        assertEquals(0, SetRankReq.parseFrom(fx.engineBodies.get(0)).getRank());
        CreateMsReq cr = CreateMsReq.parseFrom(fx.engineBodies.get(1));
        assertTrue(cr.getBootstrap());
        assertEquals(sb.uuid, cr.getUuid());
        assertEquals("localhost:" + Fixture.PORT, cr.getAddr());
        Superblock after = fx.superblockOnDisk(0);
        assertTrue(after.ms);
        assertFalse(after.createMs || after.bootstrapMs);
        // the next start only starts the MS
        fx.engineCalls.clear();
        inst.finishStartup(inst.ready(), true);
        assertEquals(List.of(DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_START_MS, DrpcIds.MGMT_SET_UP),
                new ArrayList<>(fx.engineCalls));
    }

    @Test
    public void failedSetUpCallsAreFatalWithTheReferenceTexts() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-4", 1));
        IOServerInstance inst = instance();
        assertTrue(inst.storageUsable());
        expectFatal(inst, ready(0), "SetRank: no dRPC client set (data plane not started?)");
        inst.notifyReady(ready(0), fx.startEngine());
        fx.engineReply = (m, b) -> DaosResp.newBuilder().setStatus(-1).build().toByteArray();
        expectFatal(inst, inst.ready(), "SetRank: -1\n");
        fx.engineReply = (m, b) -> new byte[] {(byte) 0xff, 1};
        String msg = assertThrows(Fatal.class, () -> inst.finishStartup(inst.ready(), false)).getMessage();
        assertTrue(msg, msg.startsWith("unmarshal SetRank response: "));
        fx.engineReply = (m, b) -> DaosResp.newBuilder().setStatus(m == DrpcIds.MGMT_SET_UP ? -1003 : 0).build()
                .toByteArray();
        expectFatal(inst, inst.ready(), "failed to load I/O server modules: SetUp: -1003\n");
        assertFalse(inst.isSetUp());
    }

    // ---------------------------------------------------------------- format gate and superblock

    @Test
    public void storageWithASuperblockIsUsableAndItsSuperblockIsKept() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-5", 2));
        List<String> mounted = new ArrayList<>();
        Fixture.Hooks mounting = new Fixture.Hooks() {
            @Override
            public void mountScm(IOServerConfig config) {
                mounted.add(config.scmMount());
            }
        };
        IOServerInstance withSb = instance(fx.config(), 0, fx.dir.resolve("x"), mounting);
        assertTrue(withSb.storageUsable());
        assertEquals(Rank.of(2), withSb.superblock().rank);
        assertEquals(List.of(fx.dir.resolve("scm0").toString()), mounted);

        IOServerInstance noSb = instance(fx.config2(""), 1, fx.dir.resolve("x"));
        assertFalse(noSb.storageUsable());
        assertNull(noSb.superblock());
    }

    @Test
    public void storageThatNeedsFormatOrCannotBeCheckedIsNotUsableAndNotMounted() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-14", 2));
        List<String> mounted = new ArrayList<>();
        for (RuntimeException checkError : new RuntimeException[] {null, new IllegalStateException("helper gone")}) {
            Fixture.Hooks hooks = new Fixture.Hooks() {
                @Override
                public boolean scmNeedsFormat(IOServerConfig config) {
                    if (checkError != null) {
                        throw checkError;
                    }
                    return true;
                }

                @Override
                public void mountScm(IOServerConfig config) {
                    mounted.add(config.scmMount());
                }
            };
            IOServerInstance inst = instance(fx.config(), 0, fx.dir.resolve("x"), hooks);
            assertFalse(inst.storageUsable());
            assertNull(inst.superblock());
        }
        assertEquals(List.of(), mounted);
    }

    @Test
    public void aFormatBeforeTheStartDropsTheSuperblockReadAtTheGate() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-6", 2));
        IOServerInstance inst = instance();
        assertTrue(inst.storageUsable());
        assertNotNull(inst.superblock());
        inst.storageFormatted(); // dropped, written anew
        assertNull(inst.superblock());
    }

    @Test
    public void onlyInstanceZeroMayBeAReplica() throws Exception {
        IOServerInstance second = instance(fx.config2(""), 1, fx.dir.resolve("x"));
        second.createSuperblock();
        Superblock sb = fx.superblockOnDisk(1);
        assertFalse(sb.ms || sb.createMs || sb.bootstrapMs || sb.validRank);
        assertNull(sb.rank);
        assertEquals(sb.uuid, second.superblock().uuid);
        second.createSuperblock(); // loaded: kept
        assertEquals(sb.uuid, second.superblock().uuid);
    }

    @Test
    public void anUnreadableSuperblockIsFatalUnlessSuperblocksAreRecreated() throws Exception {
        Path file = fx.dir.resolve("scm0").resolve(Superblock.FILE_NAME);
        Files.writeString(file, "version: 7\n");
        String msg = assertThrows(Fatal.class, instance()::createSuperblock).getMessage();
        assertTrue(msg, msg.startsWith("Failed to read Superblock from " + file));
        ServerConfig cfg = fx.config();
        ServerConfig recreate = (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, m, args) -> m.getName().equals("recreateSuperblocks")
                        ? Boolean.TRUE : m.invoke(cfg, args));
        IOServerInstance inst = instance(recreate, 0, fx.dir.resolve("x"));
        inst.createSuperblock();
        assertEquals(inst.superblock().uuid, fx.superblockOnDisk(0).uuid);
    }

    // ---------------------------------------------------------------- start and stop

    @Test
    public void startSpawnsWithTheLastReportedTargetCountAndRegistersAReplicaOnceSetUp() throws Exception {
        IOServerInstance inst = instance(fx.config(), 0, fx.script("exec sleep 600"));
        inst.createSuperblock(); // bootstrap replica, rank 0
        inst.start(0, null);
        List<String> args = fx.awaitSpawn();
        assertEquals("2", args.get(args.indexOf("-t") + 1));
        // defect 4 of issue 10: known at spawn, but Unknown until the engine can answer
        assertEquals(MemberState.UNKNOWN, hooks.started.poll(0, TimeUnit.SECONDS).state());
        inst.notifyReady(ready(5), fx.startEngine());
        assertTrue(hooks.started.isEmpty());
        inst.finishStartup(inst.ready(), true);
        Member m = hooks.started.poll(0, TimeUnit.SECONDS);
        assertEquals(new Member(Rank.of(0), inst.superblock().uuid, "127.0.0.1:" + Fixture.PORT, MemberState.STARTED),
                m);
        inst.stop(true);
        assertTrue(owner.exits.poll(20, TimeUnit.SECONDS).endsWith("(instance 0) exited: signal: killed"));
        assertTrue(inst.stopRequested());
        assertFalse(inst.exitedUnexpectedly());
        inst.start(0, null);
        args = fx.awaitSpawn();
        assertEquals("5", args.get(args.indexOf("-t") + 1));
        assertNull(inst.ready()); // a new run waits for its own NotifyReady
        assertFalse(inst.isSetUp() || inst.stopRequested());
    }

    /**
     * Issue 10 point 9: the sockets a dead engine leaves in socket_dir (its pid's, and the one
     * its NotifyReady named) are gone by the time its exit is reported, not at the next restart.
     */
    @Test
    public void theSocketsOfAnEngineAreRemovedWhenItsExitIsSeen() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-9", 1));
        IOServerInstance inst = instance(fx.config(), 0, fx.script("exec sleep 600"));
        assertTrue(inst.storageUsable());
        inst.start(0, null);
        fx.awaitSpawn();
        Path run = fx.dir.resolve("run");
        Path own = staleSocket(run.resolve("daos_io_server_" + inst.runner().process().pid() + ".sock"));
        Path announced = staleSocket(run.resolve("daos_io_server_announced.sock"));
        inst.notifyReady(ready(0), announced);
        inst.runner().kill();
        assertNotNull(owner.exits.poll(20, TimeUnit.SECONDS));
        assertFalse(Files.exists(own));
        assertFalse(Files.exists(announced));
    }

    /** A socket file whose socket is closed: what SIGKILL leaves behind. */
    private static Path staleSocket(Path p) throws IOException {
        try (var s = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(java.net.UnixDomainSocketAddress.of(p));
        }
        assertTrue(Files.exists(p));
        return p;
    }

    @Test
    public void anExitAfterACompleteStartIsUnexpectedUnlessRequested() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-7", 1));
        IOServerInstance inst = instance(fx.config(), 0, fx.script("exec sleep 600"));
        assertTrue(inst.storageUsable());
        inst.start(0, null);
        fx.awaitSpawn();
        assertTrue(inst.running());
        assertTrue(hooks.started.isEmpty()); // not a replica
        inst.notifyReady(ready(0), fx.startEngine());
        inst.finishStartup(inst.ready(), false);
        inst.runner().kill();
        assertNotNull(owner.exits.poll(20, TimeUnit.SECONDS));
        assertFalse(inst.running());
        assertTrue(inst.exitedUnexpectedly());
    }

    @Test
    public void stopSendsSigintToALiveProcessOnly() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-8", 1));
        IOServerInstance inst = instance(fx.config(), 0,
                fx.script("trap 'exit 42' INT\n", "while :; do sleep 0.05; done"));
        inst.stop(false); // nothing to stop
        assertFalse(inst.stopRequested());
        assertTrue(inst.storageUsable());
        inst.start(0, null);
        fx.awaitSpawn(); // the trap is set
        inst.stop(false);
        String exit = owner.exits.poll(20, TimeUnit.SECONDS);
        // SIGINT, unless this JVM's children inherit it ignored (then SIGTERM, see IOServerRunner)
        assertTrue(exit, exit.endsWith("exit status 42") || exit.endsWith("signal: terminated"));
        assertTrue(inst.stopRequested());
    }

    @Test
    public void startFailuresAreFatalWithTheReferenceTexts() throws Exception {
        fx.writeSuperblock(0, Fixture.ranked("u-9", 1));
        Path missing = fx.dir.resolve("missing_io_server");
        IOServerInstance inst = instance(fx.config(), 0, missing);
        assertTrue(inst.storageUsable());
        String msg = assertThrows(Fatal.class, () -> inst.start(0, null)).getMessage();
        assertTrue(msg, msg.startsWith(missing + " (instance 0) failed to start: "));
        Fixture.Hooks failing = new Fixture.Hooks() {
            @Override
            public void prepareBdevs(IOServerConfig c) throws Exception {
                throw new IOException("no space");
            }
        };
        IOServerInstance bdevs = instance(fx.config(), 0, missing, failing);
        assertEquals("start failed; unable to prepare NVMe device(s): no space",
                assertThrows(Fatal.class, () -> bdevs.start(0, null)).getMessage());
        Fixture.Hooks noConf = new Fixture.Hooks() {
            @Override
            public void writeNvmeConf(IOServerConfig c) throws Exception {
                throw new IOException("read-only");
            }
        };
        IOServerInstance conf = instance(fx.config(), 0, missing, noConf);
        assertEquals("start failed; unable to generate NVMe configuration for SPDK: read-only",
                assertThrows(Fatal.class, () -> conf.start(0, null)).getMessage());
        inst.runner().shutdown();
        assertThrows(HarnessClosed.class, () -> inst.start(0, null));
        assertNull(inst.runner().process());
    }

    @Test
    public void aReplicaWithoutRankIsFatalAfterTheSpawn() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-10", "daos_server", null, false, true, true, false));
        IOServerInstance inst = instance(fx.config(), 0, fx.script("exec sleep 600"));
        assertTrue(inst.storageUsable());
        assertEquals("failed to get member from instance: nil rank in superblock",
                assertThrows(Fatal.class, () -> inst.start(0, null)).getMessage());
        fx.awaitSpawn();
    }
}
