package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;

/**
 * One node end to end on the assembled distribution with two emulated engines
 * (bin/daos_io_server): format gate → StorageFormat → superblocks → both instances started and
 * joined (rank 0 the bootstrap MS replica registered locally, rank 1 through Join); SIGKILL of an
 * engine → member state Stopped (measured); SIGTERM of daos_server → no process left; restart with
 * the superblocks → same ranks without a format request (measured start → all joined). Membership
 * is checked through ctl.MgmtCtl/SystemQuery (fanout bundle). Finally daos_server is SIGKILLed: the
 * engines must die with it.
 */
public class NodeIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;
    private static final Pattern MEMBER_ADDED = NodeSupport.MEMBER_ADDED;
    private static final Pattern STATE_AT = Pattern.compile("rank (\\d+) member state Stopped at (\\S+)");

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-node");

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-node-work");

    private NodeSupport node;
    private Path work;
    private int port;
    private ServerProcess server;
    private ManagedChannel channel;

    @Before
    public void setUp() throws Exception {
        node = workRule.node(false);
        work = node.work;
        port = node.port;
    }

    private int logLines() throws IOException {
        return node.logLines();
    }

    private String awaitLog(int from, Predicate<String> p, long timeoutMs) throws Exception {
        return node.awaitLog(server, from, p, timeoutMs);
    }

    private List<String> linesFrom(int from) throws IOException {
        return node.linesFrom(from);
    }

    private List<String> awaitBothJoined(int from) throws Exception {
        List<String> uuids = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            Matcher m = MEMBER_ADDED.matcher(node.awaitMemberAdded(server, from, rank, EVENT_MS));
            assertTrue(m.find());
            uuids.add(m.group(3));
        }
        return uuids;
    }

    /** Both instances finished their start sequence (superblocks written, SetUp answered). */
    private void awaitSetUp(int from) throws Exception {
        for (int i = 0; i < 2; i++) {
            String want = "I/O server instance " + i + " started on rank " + i;
            awaitLog(from, l -> l.contains(want), EVENT_MS);
        }
    }

    private RanksResp ping() {
        return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .pingRanks(RanksReq.getDefaultInstance());
    }

    private List<SystemMember> systemQuery() {
        return MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
    }

    private void assertMembers(List<String> uuids, int state1) {
        List<SystemMember> members = systemQuery();
        assertEquals(members.toString(), 2, members.size());
        for (int i = 0; i < 2; i++) {
            SystemMember m = members.get(i);
            assertEquals(i, m.getRank());
            assertEquals(uuids.get(i), m.getUuid());
            assertEquals("127.0.0.1:" + port, m.getAddr());
            assertEquals(members.toString(), i == 1 ? state1 : 1, m.getState());
        }
    }

    private static String superblock(Path scm) throws IOException {
        return Files.readString(scm.resolve("superblock"));
    }

    private List<ProcessHandle> engines() {
        return server.process.descendants().filter(h -> h.info().commandLine().orElse("")
                .contains("io.daos.control.engine.EngineMain")).toList();
    }

    private ProcessHandle engine(int index) {
        return engines().stream().filter(h -> {
            String[] args = h.info().arguments().orElse(new String[0]);
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-I") && args[i + 1].equals(Integer.toString(index))) {
                    return true;
                }
            }
            return false;
        }).findFirst().orElseThrow(() -> new AssertionError("no engine process for instance " + index));
    }

    private void stopServerAndCheckNothingLeft(List<ProcessHandle> children) throws Exception {
        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
        for (ProcessHandle h : children) {
            h.onExit().get(10, TimeUnit.SECONDS);
            assertFalse("engine pid " + h.pid() + " left behind", h.isAlive());
        }
        try (Stream<Path> s = Files.list(work.resolve("run"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("daos_io_server")).toList());
        }
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        channel = null;
        server = null;
    }

    @Test
    public void formatJoinKillStopAndRestartWithTheSameRanks() throws Exception {
        // 1. first start: both instances wait for format
        server = workRule.start("start", "-o", work.resolve("daos_server.yml").toString());
        assertEquals(port, server.awaitListening(START_MS));
        channel = workRule.channel(port);
        awaitLog(0, l -> l.contains("SCM format required on instance 0"), EVENT_MS);
        int mark = logLines();

        long t0 = System.nanoTime();
        MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                .storageFormat(StorageFormatReq.getDefaultInstance()).forEachRemaining(r -> { });
        List<String> uuids = awaitBothJoined(0);
        long formatToJoinedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("[measure] NodeIT: StorageFormat call -> both ranks joined: " + formatToJoinedMs + " ms");
        awaitSetUp(0);

        String sb0 = superblock(work.resolve("scm0"));
        String sb1 = superblock(work.resolve("scm1"));
        assertTrue(sb0, sb0.contains("rank: 0\nvalidrank: true\nms: true\ncreatems: false\nbootstrapms: false\n"));
        assertTrue(sb1, sb1.contains("rank: 1\nvalidrank: true\nms: false\n"));
        assertTrue(sb0.contains("uuid: " + uuids.get(0) + "\n"));
        assertTrue(sb1.contains("uuid: " + uuids.get(1) + "\n"));

        assertMembers(uuids, 1);
        RanksResp pinged = ping();
        assertEquals(2, pinged.getResultsCount());
        for (int i = 0; i < 2; i++) {
            assertEquals(i, pinged.getResults(i).getRank());
            assertEquals(pinged.toString(), 1, pinged.getResults(i).getState());
        }

        // 2. SIGKILL of engine 1 -> member state Stopped
        List<ProcessHandle> children = engines();
        assertEquals(2, children.size());
        ProcessHandle e1 = engine(1);
        int beforeKill = logLines();
        Instant killedAt = Instant.now();
        assertTrue(e1.destroyForcibly());
        String changed = awaitLog(beforeKill, l -> STATE_AT.matcher(l).find(), EVENT_MS);
        Matcher m = STATE_AT.matcher(changed);
        assertTrue(m.find());
        assertEquals("1", m.group(1));
        long micros = Duration.between(killedAt, Instant.parse(m.group(2))).toNanos() / 1000;
        System.out.println("[measure] NodeIT: engine SIGKILL -> member state Stopped: " + micros + " us");
        pinged = ping();
        assertEquals(1, pinged.getResults(0).getState());
        assertEquals(3, pinged.getResults(1).getState());
        assertMembers(uuids, 3);

        // 3. SIGTERM of daos_server: no engine left, sockets removed
        stopServerAndCheckNothingLeft(children);

        // 4. restart: superblocks exist, no format, same ranks and UUIDs
        mark = logLines();
        long s0 = System.nanoTime();
        server = workRule.start("start", "-o", work.resolve("daos_server.yml").toString());
        List<String> again = awaitBothJoined(mark);
        long startToJoinedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
        assertEquals(port, server.awaitListening(START_MS));
        System.out.println("[measure] NodeIT: daos_server start (exec) -> both ranks joined: " + startToJoinedMs + " ms");
        awaitSetUp(mark);
        assertEquals(uuids, again);
        assertFalse(linesFrom(mark).toString(), linesFrom(mark).stream().anyMatch(l -> l.contains("SCM format required")));
        assertEquals(sb1, superblock(work.resolve("scm1")));
        assertEquals(sb0, superblock(work.resolve("scm0")));
        channel = workRule.channel(port);
        pinged = ping();
        assertEquals(1, pinged.getResults(0).getState());
        assertEquals(1, pinged.getResults(1).getState());
        assertEquals(1, pinged.getResults(1).getRank());
        assertMembers(uuids, 1);

        // 5. daos_server SIGKILLed (no shutdown hook runs): the engines die with it (parent-death
        //    signal through setpriv), so nothing is orphaned
        List<ProcessHandle> last = engines();
        assertEquals(2, last.size());
        server.process.destroyForcibly();
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS));
        for (ProcessHandle h : last) {
            h.onExit().get(10, TimeUnit.SECONDS);
            assertFalse("engine pid " + h.pid() + " orphaned", h.isAlive());
        }
    }
}
