package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * Several access points (issue 12): the superblock decision (a replica, never a bootstrap one,
 * wherever its host is in the list), every instance Joining on every start (replicas with a valid
 * rank too), CreateMS without bootstrap, no local MS registration; and
 * {@link IOServerHarness#localInstances()} from the instances' superblocks.
 */
public class SeveralAccessPointsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private static final Map<String, String> DNS = Map.of("node-a", "10.0.0.1", "node-b", "10.0.0.2",
            "node-c", "10.0.0.3");
    private static final String[] THREE = {"node-a:10001", "node-b:10001", "node-c:10001"};

    private Fixture fx;
    private Fixture.Hooks hooks;
    private InstanceLog log;
    private IOServerHarness harness;
    private final List<IOServerInstance> made = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        hooks = fx.hooks;
        log = new InstanceLog(fx.dir.resolve(InstanceLog.FILE_NAME));
    }

    @After
    public void tearDown() {
        if (harness != null) {
            harness.close();
        }
        Fixture.stopAll(made);
        log.close();
        fx.close();
    }

    /** {@code base} with its methods named in {@code overrides} answering the given values instead. */
    @SuppressWarnings("unchecked")
    private static <T> T override(Class<T> type, T base, Map<String, Object> overrides) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (overrides.containsKey(m.getName()) && m.getParameterCount() == 0) {
                return overrides.get(m.getName());
            }
            return invoke(m, base, args);
        });
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The two-instance configuration with these access points. */
    private ServerConfig config(String... aps) throws Exception {
        return override(ServerConfig.class, fx.config2(""), Map.of("accessPoints", List.of(aps)));
    }

    /** The access points of {@code cfg} on a host with these interface addresses (fake DNS). */
    private static AccessPoints accessPoints(ServerConfig cfg, String... localIps) {
        return new AccessPoints(cfg, host -> {
            String ip = DNS.get(host);
            if (ip == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(ip)};
        }, () -> {
            Set<InetAddress> s = new HashSet<>();
            for (String ip : localIps) {
                s.add(InetAddress.getByName(ip));
            }
            return s;
        });
    }

    private IOServerInstance instance(ServerConfig cfg, IOServerConfig io, AccessPoints aps, Path binary) {
        IOServerRunner runner = new IOServerRunner(io.index(), binary, Map.of("PATH", System.getenv("PATH")), log);
        IOServerInstance i = new IOServerInstance(io.index(), io, cfg, hooks, aps, runner, new Fixture.IdleOwner());
        made.add(i);
        return i;
    }

    /** Instance {@code index} of a host whose interface is {@code localIp}, access points {@code aps}. */
    private IOServerInstance instance(int index, String localIp, String... aps) throws Exception {
        ServerConfig cfg = config(aps);
        return instance(cfg, cfg.servers().get(index), accessPoints(cfg, "127.0.0.1", localIp),
                fx.dir.resolve("unused"));
    }

    /** Creates the superblock of a fresh instance and returns it (as written on disk). */
    private Superblock fresh(IOServerInstance inst) throws Exception {
        Files.deleteIfExists(inst.superblockPath);
        inst.createSuperblock();
        Superblock sb = Superblock.read(inst.superblockPath).orElseThrow();
        assertEquals(inst.superblock().uuid, sb.uuid);
        return sb;
    }

    private static NotifyReadyReq ready() {
        return NotifyReadyReq.newBuilder().setUri("ofi+sockets://10.0.0.1:31416").setNctxs(7).build();
    }

    /** The Join the instance sent (its start returned, so it was sent before). */
    private JoinReq joined() {
        JoinReq j = hooks.mgmt().joins.poll();
        assertNotNull("no Join sent", j);
        return j;
    }

    private static void assertReplicaNotBootstrap(Superblock sb, Rank rank) {
        assertTrue(sb.ms && sb.createMs);
        assertFalse(sb.bootstrapMs);
        assertFalse(sb.validRank);
        assertEquals(rank, sb.rank);
    }

    // ---------------------------------------------------------------- superblock decision

    @Test
    public void aReplicaIsNeverTheBootstrapReplicaWhateverItsPlaceInTheList() throws Exception {
        assertReplicaNotBootstrap(fresh(instance(0, "10.0.0.1", THREE)), null); // first access point
        assertReplicaNotBootstrap(fresh(instance(0, "10.0.0.3", THREE)), null); // third
        Superblock other = fresh(instance(0, "10.0.0.9", THREE)); // not an access point
        assertFalse(other.ms || other.createMs || other.bootstrapMs || other.validRank);
        Superblock second = fresh(instance(1, "10.0.0.1", THREE)); // instance 1 is never a replica
        assertFalse(second.ms || second.createMs || second.bootstrapMs);
        // a configured rank is kept, but not valid until a Join confirms it
        ServerConfig cfg = config(THREE);
        IOServerConfig ranked = override(IOServerConfig.class, cfg.servers().get(0),
                Map.of("rank", Optional.of(Rank.of(7))));
        assertReplicaNotBootstrap(fresh(instance(cfg, ranked, accessPoints(cfg, "10.0.0.1"),
                fx.dir.resolve("unused"))), Rank.of(7));
    }

    @Test
    public void withOneAccessPointItsReplicaStillBootstrapsWithRankZero() throws Exception {
        Superblock sb = fresh(instance(0, "10.0.0.1", "node-a:10001"));
        assertTrue(sb.ms && sb.createMs && sb.bootstrapMs && sb.validRank);
        assertEquals(Rank.of(0), sb.rank);
    }

    // ---------------------------------------------------------------- start

    @Test
    public void aFreshReplicaJoinsTakesItsRankAndCreatesTheMsWithoutBootstrap() throws Exception {
        IOServerInstance inst = instance(0, "10.0.0.2", THREE);
        fresh(inst);
        hooks.mgmt().rank = 0; // the leader gives rank 0 to its own instance 0
        inst.notifyReady(ready(), fx.startEngine());
        inst.finishStartup(inst.ready(), false);
        JoinReq join = joined();
        assertEquals(Rank.NIL.bits(), join.getRank());
        assertEquals(inst.superblock().uuid, join.getUuid());
        assertEquals(List.of(HostPort.of("node-a", 10001)), hooks.mgmt().targets);
        assertEquals(List.of(DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_CREATE_MS, DrpcIds.MGMT_START_MS,
                DrpcIds.MGMT_SET_UP), new ArrayList<>(fx.engineCalls));
        assertEquals(0, SetRankReq.parseFrom(fx.engineBodies.get(0)).getRank());
        assertEquals(CreateMsReq.getDefaultInstance(), CreateMsReq.parseFrom(fx.engineBodies.get(1)));
        Superblock after = fx.superblockOnDisk(0);
        assertEquals(Rank.of(0), after.rank);
        assertTrue(after.validRank && after.ms);
        assertFalse(after.createMs || after.bootstrapMs);
        assertTrue("registered locally: " + hooks.started, hooks.started.isEmpty());
        assertEquals(List.of(MemberState.STARTED), new ArrayList<>(hooks.states));
    }

    @Test
    public void aBootstrapSuperblockLeftFromOneAccessPointDoesNotBootstrapWithSeveral() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-b", "daos_server", Rank.of(0), true, true, true, true));
        IOServerInstance inst = instance(0, "10.0.0.1", THREE);
        assertTrue(inst.storageUsable());
        inst.notifyReady(ready(), fx.startEngine());
        inst.finishStartup(inst.ready(), false);
        assertEquals(0, joined().getRank()); // it Joins with its rank
        assertFalse(CreateMsReq.parseFrom(fx.engineBodies.get(1)).getBootstrap());
        assertTrue(hooks.started.isEmpty());
    }

    @Test
    public void aReplicaWithAValidRankJoinsOnRestartAndIsNotRegisteredLocally() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-3", "daos_server", Rank.of(3), true, true, false, false));
        ServerConfig cfg = config(THREE);
        IOServerInstance inst = instance(cfg, cfg.servers().get(0), accessPoints(cfg, "10.0.0.1"),
                fx.script("exec sleep 600"));
        assertTrue(inst.storageUsable());
        inst.start(0, null);
        fx.awaitSpawn();
        hooks.mgmt().rank = 3;
        inst.notifyReady(ready(), fx.startEngine());
        inst.finishStartup(inst.ready(), false);
        JoinReq join = joined();
        assertEquals("u-3", join.getUuid());
        assertEquals(3, join.getRank());
        assertEquals(List.of(DrpcIds.MGMT_SET_RANK, DrpcIds.MGMT_START_MS, DrpcIds.MGMT_SET_UP),
                new ArrayList<>(fx.engineCalls));
        assertEquals(3, SetRankReq.parseFrom(fx.engineBodies.get(0)).getRank());
        assertTrue("registered locally: " + hooks.started, hooks.started.isEmpty()); // neither at spawn nor after SetUp
        assertEquals(List.of(MemberState.STARTED), new ArrayList<>(hooks.states));
        assertEquals(Rank.of(3), fx.superblockOnDisk(0).rank);
    }

    @Test
    public void aReplicaWithoutRankIsNotFatalAtSpawnWithSeveralAccessPoints() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-10", "daos_server", null, false, true, true, false));
        ServerConfig cfg = config(THREE);
        IOServerInstance inst = instance(cfg, cfg.servers().get(0), accessPoints(cfg, "10.0.0.1"),
                fx.script("exec sleep 600"));
        assertTrue(inst.storageUsable());
        inst.start(0, null); // with one access point: "nil rank in superblock"
        fx.awaitSpawn();
        assertTrue(inst.running());
        assertTrue(hooks.started.isEmpty());
    }

    // ---------------------------------------------------------------- localInstances

    @Test
    public void localInstancesDescribeTheCurrentSuperblocks() throws Exception {
        fx.writeSuperblock(0, new Superblock("u-0", "daos_server", Rank.of(2), false, true, true, false));
        fx.writeSuperblock(1, Fixture.ranked("u-1", 4));
        harness = new IOServerHarness(fx.config2(""), null, fx.plainScript("sleeper", "exec sleep 600"),
                new HashMap<>(Map.of("PATH", System.getenv("PATH"))), fx.dir.resolve("log"), hooks, 0);
        assertEquals(List.of(new LocalInstance(0, null, null, false), new LocalInstance(1, null, null, false)),
                harness.localInstances());
        harness.start();
        Fixture.awaitTrue("the harness has left the gate", harness::isStarted);
        // instance 0 awaits the Join that confirms its configured rank: no rank yet
        assertEquals(List.of(new LocalInstance(0, "u-0", null, true), new LocalInstance(1, "u-1", Rank.of(4), false)),
                harness.localInstances());
    }

    @Test
    public void localInstancesOfAFreshReplicaShowItsRankOnceItsJoinGaveIt() throws Exception {
        ServerConfig cfg = config(THREE);
        IOServerInstance inst = instance(cfg, cfg.servers().get(0), accessPoints(cfg, "10.0.0.1"),
                fx.dir.resolve("unused"));
        InstanceCalls calls = new InstanceCalls(List.of(inst), () -> true, cfg);
        inst.createSuperblock();
        String uuid = inst.superblock().uuid;
        assertEquals(List.of(new LocalInstance(0, uuid, null, true)), calls.localInstances());
        hooks.mgmt().rank = 5;
        inst.notifyReady(ready(), fx.startEngine());
        inst.finishStartup(inst.ready(), false);
        assertEquals(List.of(new LocalInstance(0, uuid, Rank.of(5), true)), calls.localInstances());
    }
}
