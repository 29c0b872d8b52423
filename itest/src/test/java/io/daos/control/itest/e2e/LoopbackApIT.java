package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.ApCluster.Node;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.grpc.StatusRuntimeException;

/**
 * Three access points as if on three hosts (issue 12: "distinct loopback addresses — that is how
 * the tests run"): daos_server processes on 127.0.0.2, 127.0.0.3 and 127.0.0.4, each started with
 * {@code JAVA_OPTS=-Ddaos.listen.address=<its address>}, all on the same control port and hence
 * the same Raft port. Each recognises itself as its access point, six ranks join, every member is
 * recorded at its own node's address, every node names the same leader; after the leader is
 * killed a new one serves Joins, and the killed node, restarted, gets its ranks back at its own
 * address.
 */
public class LoopbackApIT {

    private static final int STARTED = 1;
    private static final int STOPPED = 3;
    /** Bounds a hang waiting for a new leader; the failover itself takes seconds. */
    private static final long FAILOVER_BOUND_MS = 30_000;

    @Rule
    public final WorkRule rule = new WorkRule();

    @Test
    public void threeAccessPointsOnThreeLoopbackAddressesShareOnePort() throws Exception {
        Assume.assumeTrue("needs root: the ram SCM is a tmpfs mount", NodeSupport.isRoot());
        ApCluster c = ApCluster.create(rule, true);
        int port = c.nodes.get(0).port();
        for (Node n : c.nodes) {
            assertEquals("one control port for all", port, n.port());
            assertEquals("127.0.0." + (n.index + 2) + ":" + port, n.address());
        }
        c.startAndFormat();
        for (Node n : c.nodes) {
            String banner = n.server.out().stream().filter(l -> ServerProcess.LISTENING.matcher(l).find())
                    .findFirst().orElseThrow();
            assertTrue(banner, banner.contains("listening on " + n.address()));
        }

        Map<Integer, Node> nodeOfRank = nodeOfRank(c);
        Map<Integer, SystemMember> members = ApCluster.members(c.nodes.get(0));
        assertEquals("six ranks joined: " + members, new TreeSet<>(List.of(0, 1, 2, 3, 4, 5)), members.keySet());
        for (SystemMember m : members.values()) {
            assertEquals(m.toString(), STARTED, m.getState());
            assertEquals("rank " + m.getRank() + " at its node's own address", nodeOfRank.get(m.getRank()).address(),
                    m.getAddr());
        }
        int leader = c.leader(c.nodes.get(0));
        for (Node n : c.nodes) {
            assertEquals("every access point names the same leader", leader, c.leader(n));
        }
        assertEquals("rank 0 is the first leader's instance 0", c.nodes.get(leader).address(),
                members.get(0).getAddr());

        stopAndStartThroughFollowers(c, leader, members.keySet());

        Node dead = c.nodes.get(leader);
        Map<Integer, Integer> deadRanks = dead.ranksSince(0);
        c.kill(dead);
        Node survivor = c.others(dead).get(0);
        JoinResp joined = joinThrough(survivor);
        assertEquals("a new leader serves Join: " + joined, 0, joined.getStatus());
        int now = c.leader(survivor);
        assertNotEquals("a new leader", dead.index, now);
        for (Node n : c.others(dead)) {
            assertEquals("the survivors agree on the leader", now, c.leader(n));
        }

        Map<Integer, Integer> back = c.restart(dead);
        assertEquals("the restarted node's ranks come back", deadRanks, back);
        Map<Integer, SystemMember> after = ApCluster.members(dead);
        for (int r : back.values()) {
            assertEquals("rank " + r + " Started again", STARTED, after.get(r).getState());
            assertEquals("rank " + r + " still at its node's address", dead.address(), after.get(r).getAddr());
        }
    }

    /**
     * Issue 13: SystemStop through one follower and SystemStart through the other are handed to
     * the leader, which stops every rank (its own management-service rank 0 last) and starts them
     * again (its own host first); each node's instances start again on their ranks.
     */
    static void stopAndStartThroughFollowers(ApCluster c, int leader, java.util.Set<Integer> ranks)
            throws Exception {
        List<Node> followers = c.nodes.stream().filter(n -> n.index != leader).toList();
        List<RankResult> stopped = followers.get(0).ctl().systemStop(SystemStopReq.newBuilder().setPrep(true)
                .setKill(true).build()).getResultsList();
        assertEquals("one result per rank: " + stopped, ranks,
                new TreeSet<>(stopped.stream().map(RankResult::getRank).toList()));
        for (RankResult r : stopped) {
            assertEquals(r.toString(), "stop", r.getAction());
            assertEquals(r.toString(), STOPPED, r.getState());
        }
        assertEquals("the leader's own rank last", 0, stopped.get(stopped.size() - 1).getRank());
        for (SystemMember m : ApCluster.members(followers.get(1)).values()) {
            assertEquals("after the stop, through the other follower: " + m, STOPPED, m.getState());
        }
        Map<Node, Integer> marks = new HashMap<>();
        for (Node n : c.nodes) {
            marks.put(n, n.support.logLines());
        }
        List<RankResult> started = followers.get(1).ctl().systemStart(SystemStartReq.getDefaultInstance())
                .getResultsList();
        assertEquals("the leader's host first: " + started, 0, started.get(0).getRank());
        for (RankResult r : started) {
            assertEquals(r.toString(), "start", r.getAction());
            assertEquals(r.toString(), STARTED, r.getState());
        }
        for (Node n : c.nodes) {
            n.support.awaitSetUp(n.server, marks.get(n), ApCluster.EVENT_MS);
            assertEquals(n.address() + " ranks after the start", new TreeSet<>(n.ranksSince(0).values()),
                    new TreeSet<>(n.ranksSince(marks.get(n)).values()));
        }
    }

    /** The node of every rank, from each node's log. */
    static Map<Integer, Node> nodeOfRank(ApCluster c) throws Exception {
        Map<Integer, Node> out = new HashMap<>();
        for (Node n : c.nodes) {
            n.ranksSince(0).values().forEach(r -> out.put(r, n));
        }
        return out;
    }

    /** The Join of a new member (a new uuid, any rank) of a made-up engine. */
    static JoinReq newMemberJoin() {
        return JoinReq.newBuilder().setUuid(MgmtCalls.newUuid()).setRank(-1).setUri("ofi+sockets://127.0.0.9:9")
                .setNctxs(1).setAddr("0.0.0.0:9").build();
    }

    /**
     * A Join of a new member through {@code via}, tried again while there is no leader yet (each
     * try waits for the server's answer); fails after {@value #FAILOVER_BOUND_MS} ms.
     */
    private static JoinResp joinThrough(Node via) {
        JoinReq req = newMemberJoin();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FAILOVER_BOUND_MS);
        StatusRuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                JoinResp r = via.mgmt().withDeadlineAfter(20, TimeUnit.SECONDS).join(req);
                if (r.getStatus() == 0) {
                    return r;
                }
            } catch (StatusRuntimeException e) {
                last = e; // no leader yet: the same member again
            }
        }
        throw new AssertionError("no Join served through " + via.address() + " within " + FAILOVER_BOUND_MS
                + " ms after the leader died", last);
    }
}
