package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.grpc.ManagedChannel;

/**
 * A formatted node of the system DB tests (issue 11, restart and crash proofs) that is stopped,
 * killed and started again on the same storage and distribution copy: the server of the moment,
 * a fresh channel per start (a channel to a dead server backs off), the pools as the management
 * service lists them, the members as SystemQuery lists them, and the pools the engines hold
 * (dRPC ListPools straight to each engine's socket, past the control plane).
 */
final class DbNode {

    static final long START_MS = 60_000;
    static final long EVENT_MS = 30_000;

    private final WorkRule rule;
    final NodeSupport node;
    private ServerProcess server;
    private MgmtCalls mgmt;

    private DbNode(WorkRule rule, NodeSupport node) {
        this.rule = rule;
        this.node = node;
    }

    /** A fresh node in {@code rule}'s work directory, not started (its storage not formatted). */
    static DbNode create(WorkRule rule) throws Exception {
        return new DbNode(rule, rule.node(false));
    }

    /** A fresh node in {@code rule}'s work directory, started and formatted, both ranks joined. */
    static DbNode startFormatted(WorkRule rule) throws Exception {
        DbNode n = create(rule);
        n.server = RankRaceIT.startFormatted(rule, n.node);
        n.mgmt = new MgmtCalls(rule.channel(n.node.port));
        return n;
    }

    ServerProcess server() {
        return server;
    }

    MgmtCalls mgmt() {
        return mgmt;
    }

    /** The system DB directory of this distribution copy. */
    Path dbDir() {
        return node.dist.home.resolve("data").resolve("control_raft");
    }

    /** SIGINT, as an administrator's Ctrl-C; the server must exit 0 and leave no engine behind. */
    void stopCleanly() throws Exception {
        List<ProcessHandle> engines = engines();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.process.pid())).start();
        assertEquals(0, kill.waitFor());
        assertEquals("daos_server exit status after SIGINT", 0, server.awaitExit(START_MS));
        awaitGone(engines);
    }

    /** SIGKILL of daos_server: no hook runs; its engines die with it (parent-death signal). */
    void kill() throws Exception {
        List<ProcessHandle> engines = engines();
        server.process.destroyForcibly();
        assertTrue("daos_server did not die of SIGKILL", server.process.waitFor(30, TimeUnit.SECONDS));
        awaitGone(engines);
    }

    private static void awaitGone(List<ProcessHandle> engines) throws Exception {
        for (ProcessHandle h : engines) {
            h.onExit().get(30, TimeUnit.SECONDS);
            assertFalse("engine pid " + h.pid() + " left behind", h.isAlive());
        }
    }

    /**
     * Starts daos_server again on the same storage (no format) and a new channel; returns as soon
     * as it listens, with the log line count at the start (for {@link #awaitRejoined}).
     */
    int start() throws Exception {
        int mark = node.logLines();
        server = rule.track(node.start());
        assertEquals(node.port, server.awaitListening(START_MS));
        mgmt = new MgmtCalls(rule.channel(node.port));
        return mark;
    }

    /**
     * Waits (log events) until both ranks came back Started after log line {@code mark} and both
     * instances finished their start sequence; returns the uuids the log gave ranks 0 and 1.
     */
    List<String> awaitRejoined(int mark) throws Exception {
        String[] uuids = new String[2];
        for (int rank = 0; rank < 2; rank++) {
            Matcher m = NodeSupport.MEMBER_ADDED.matcher(node.awaitMemberAdded(server, mark, rank, EVENT_MS));
            assertTrue(m.find());
            uuids[rank] = m.group(3);
        }
        node.awaitSetUp(server, mark, EVENT_MS);
        return List.of(uuids);
    }

    /** Both ranks came back as members the DB knew ("system member rejoined"), not as new ones. */
    void assertRejoinedNotAdded(int mark) throws Exception {
        List<String> lines = node.linesFrom(mark);
        for (int rank = 0; rank < 2; rank++) {
            String me = "127.0.0.1:" + node.port + "/" + rank + " ";
            assertTrue("rank " + rank + " did not log 'system member rejoined': " + lines,
                    lines.stream().anyMatch(l -> l.contains("system member rejoined") && l.contains(me)));
            assertFalse("rank " + rank + " was added as a new member: " + lines,
                    lines.stream().anyMatch(l -> l.contains("system member added") && l.contains(me)));
        }
    }

    /** SystemQuery's members, in rank order. */
    List<SystemMember> members() {
        return MgmtCtlGrpc.newBlockingStub(mgmt.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
    }

    /** Rank → uuid of {@code members}. */
    static Map<Integer, String> ranksAndUuids(List<SystemMember> members) {
        Map<Integer, String> out = new LinkedHashMap<>();
        members.forEach(m -> out.put(m.getRank(), m.getUuid()));
        return out;
    }

    /** ListPools through the management service: uuid → service replicas. */
    Map<String, List<Integer>> listPools() {
        ListPoolsResp r = mgmt.stub().listPools(ListPoolsReq.newBuilder().setSys(MgmtCalls.SYS).build());
        assertEquals(r.toString(), 0, r.getStatus());
        return poolsOf(r);
    }

    /** PoolQuery's status through the management service. */
    int queryStatus(String uuid) {
        return mgmt.stub().poolQuery(PoolQueryReq.newBuilder().setUuid(uuid).build()).getStatus();
    }

    /**
     * The pools the engines hold, by a dRPC ListPools on each engine's own socket: the data
     * plane's view, whatever the system DB says. A pool lives on the engines of its service
     * replica ranks, each listing it with the same replicas; the union is returned, and engines
     * that disagree about a pool's replicas fail the test.
     */
    Map<String, List<Integer>> enginePools() throws Exception {
        Map<String, List<Integer>> all = new LinkedHashMap<>();
        for (ProcessHandle engine : engines()) {
            enginePools(engine).forEach((uuid, svc) -> {
                List<Integer> seen = all.putIfAbsent(uuid, svc);
                assertTrue("pool " + uuid + ": engines list replicas " + seen + " and " + svc,
                        seen == null || seen.equals(svc));
            });
        }
        return all;
    }

    /** The pools one engine holds, by a dRPC ListPools on its socket. */
    Map<String, List<Integer>> enginePools(ProcessHandle engine) throws Exception {
        Path sock = node.work.resolve("run").resolve("daos_io_server_" + engine.pid() + ".sock");
        try (DrpcClientImpl c = new DrpcClientImpl(sock)) {
            byte[] body = c.call(DrpcIds.MODULE_MGMT, DrpcIds.MGMT_LIST_POOLS,
                    ListPoolsReq.getDefaultInstance().toByteArray(), Duration.ofSeconds(30));
            ListPoolsResp r = ListPoolsResp.parseFrom(body);
            assertEquals(r.toString(), 0, r.getStatus());
            return poolsOf(r);
        }
    }

    /** The engine process of instance {@code index} (its {@code -I} argument). */
    ProcessHandle engine(int index) {
        String want = Integer.toString(index);
        return engines().stream().filter(h -> {
            String[] args = h.info().arguments().orElse(new String[0]);
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-I") && args[i + 1].equals(want)) {
                    return true;
                }
            }
            return false;
        }).findFirst().orElseThrow(() -> new AssertionError("no engine process for instance " + index + ": "
                + engines()));
    }

    private static Map<String, List<Integer>> poolsOf(ListPoolsResp r) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        r.getPoolsList().forEach(p -> out.put(p.getUuid(), List.copyOf(p.getSvcrepsList())));
        return out;
    }

    /** The engines (emulators) of the current server. */
    List<ProcessHandle> engines() {
        return server.process.descendants().filter(h -> h.info().commandLine().orElse("")
                .contains("io.daos.control.engine.EngineMain")).toList();
    }

    ManagedChannel channel() {
        return mgmt.channel();
    }
}
