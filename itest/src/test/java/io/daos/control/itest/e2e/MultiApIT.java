package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.ApCluster.Node;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolCreateResp;

/**
 * Three access points (issue 12, proof): a system of three daos_server processes on this host,
 * each an access point with two emulated engines. Six ranks join, rank 0 on the first leader's
 * instance 0; a pool is created through a follower; then, {@code -Dmultiap.rounds} times
 * (default {@value #DEFAULT_ROUNDS}), the leader is SIGKILLed in the middle of a burst of Joins and
 * pool creates ({@link Burst}, seeded: {@code -Dmultiap.seed}, printed first), a new leader must
 * serve Joins, nothing acknowledged may be lost or doubled, the dead node's ranks must show
 * stopped, and the node, restarted, must get its ranks back and catch up. A second test stops a
 * follower with SIGSTOP: the majority serves on, and the resumed node catches up. The time from a
 * kill to the first Join a new leader answers is printed for each round, with the median and max.
 */
public class MultiApIT {

    private static final int DEFAULT_ROUNDS = 10;
    /** Serving again after a leader's death: the goal is 5 s; this bounds a hang. */
    private static final long FAILOVER_BOUND_MS = 30_000;
    private static final int STARTED = 1;

    @Rule
    public final WorkRule rule = new WorkRule();

    @Before
    public void root() throws Exception {
        Assume.assumeTrue("needs root: the ram SCM is a tmpfs mount", NodeSupport.isRoot());
    }

    @Test
    public void noAcknowledgedMemberOrPoolIsLostWhenTheLeaderIsKilledTenTimes() throws Exception {
        long seed = Long.getLong("multiap.seed", System.nanoTime());
        int rounds = Integer.getInteger("multiap.rounds", DEFAULT_ROUNDS);
        System.out.println("MultiApIT seed " + seed + " (-Dmultiap.seed=" + seed + "), " + rounds + " rounds");
        Random rnd = new Random(seed);
        ApCluster c = ApCluster.create(rule);
        c.startAndFormat();

        Map<Integer, SystemMember> members = ApCluster.members(c.nodes.get(0));
        assertEquals("six ranks joined: " + members, new TreeSet<>(List.of(0, 1, 2, 3, 4, 5)), members.keySet());
        members.values().forEach(m -> assertEquals(m.toString(), STARTED, m.getState()));
        int leader = c.leader(c.nodes.get(0));
        for (Node n : c.nodes) {
            assertEquals("every access point names the same leader", leader, c.leader(n));
        }
        assertEquals("rank 0 is the first leader's instance 0", c.nodes.get(leader).address(),
                members.get(0).getAddr());
        Map<Integer, Integer> nodeOfRank = new HashMap<>();
        for (Node n : c.nodes) {
            n.ranksSince(0).values().forEach(r -> nodeOfRank.put(r, n.index));
        }
        List<Integer> realRanks = new ArrayList<>(nodeOfRank.keySet());

        Burst.Acks acks = new Burst.Acks();
        members.values().forEach(m -> acks.joined(m.getUuid(), m.getRank()));
        Node follower = c.others(c.nodes.get(leader)).get(0);
        String first = MgmtCalls.newUuid();
        PoolCreateResp created = follower.mgmt().poolCreate(Burst.create(first, realRanks.subList(0, 2)));
        assertEquals("a pool created through a follower: " + created, 0, created.getStatus());
        acks.created(first);

        List<Long> failovers = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Node dead = c.nodes.get(c.leader(c.others(null).get(0)));
            Map<Integer, Integer> deadRanks = dead.ranksSince(0);
            Burst burst = new Burst(c, realRanks, acks, new Random(rnd.nextLong()));
            int before = rnd.nextInt(8) + 1;
            burst.start(rule);
            burst.awaitAcks(burst.count() + before, FAILOVER_BOUND_MS);
            long killed = System.nanoTime();
            c.kill(dead);
            long served = burst.awaitJoinAfter(killed, FAILOVER_BOUND_MS);
            failovers.add(TimeUnit.NANOSECONDS.toMillis(served - killed));
            burst.awaitAcks(burst.count() + 4, FAILOVER_BOUND_MS);
            burst.stop();

            Node survivor = c.others(dead).get(0);
            int now = c.leader(survivor);
            assertNotEquals("round " + round + ": a new leader", dead.index, now);
            for (Node n : c.others(dead)) {
                assertEquals("round " + round + ": the survivors agree on the leader", now, c.leader(n));
            }
            checkNothingLost(acks, ApCluster.members(survivor), survivor, "round " + round);
            Map<Integer, SystemMember> seen = ApCluster.members(survivor);
            for (int r : deadRanks.values()) {
                assertNotEquals("round " + round + ": rank " + r + " of the dead node is not shown Started",
                        STARTED, seen.get(r).getState());
            }
            checkPoolsServe(acks, survivor, Set.copyOf(deadRanks.values()), "round " + round + " after the kill");

            Map<Integer, Integer> back = c.restart(dead);
            assertEquals("round " + round + ": the restarted node's ranks come back", deadRanks, back);
            Map<Integer, SystemMember> caughtUp = ApCluster.members(dead);
            checkNothingLost(acks, caughtUp, dead, "round " + round + " (restarted node)");
            for (int r : back.values()) {
                assertEquals("round " + round + ": rank " + r + " Started again", STARTED, caughtUp.get(r).getState());
            }
            checkPoolsServe(acks, dead, Set.of(), "round " + round + " after the restart");
            int pools = burst.destroyCreated(survivor);
            System.out.println("MultiApIT round " + round + ": leader " + dead.address() + " killed, "
                    + c.nodes.get(now).address() + " serving Joins after " + failovers.get(failovers.size() - 1)
                    + " ms; " + acks.joins() + " members so far, " + pools + " pools created (then destroyed); refusals "
                    + acks.refusals());
        }
        List<Long> sorted = new ArrayList<>(failovers);
        Collections.sort(sorted);
        System.out.println("MultiApIT leader loss -> new leader serving Join over " + sorted.size() + " kills: median "
                + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) + " ms " + failovers);
    }

    /** Every acknowledged member with its rank, no uuid twice, every acknowledged pool listed. */
    private static void checkNothingLost(Burst.Acks acks, Map<Integer, SystemMember> members, Node via, String when) {
        Map<String, Integer> rankOf = new HashMap<>();
        for (SystemMember m : members.values()) {
            Integer other = rankOf.put(m.getUuid(), m.getRank());
            assertEquals(when + ": uuid " + m.getUuid() + " holds two ranks", null, other);
        }
        acks.joinsSnapshot().forEach((uuid, rank) -> assertEquals(when + ": acknowledged member " + uuid, rank,
                rankOf.get(uuid)));
        checkPools(acks, via, when);
    }

    /**
     * Every acknowledged pool answers PoolQuery and GetACL, and takes an ACL update and a property,
     * through {@code via} when one of its service replicas is up (not in {@code down}); PoolQuery
     * and GetACL answer -1011 (DER_TIMEDOUT) at once when none is.
     */
    private static void checkPoolsServe(Burst.Acks acks, Node via, Set<Integer> down, String when) {
        Map<String, List<Integer>> replicas = new HashMap<>();
        via.mgmt().listPools(ListPoolsReq.newBuilder().setSys(MgmtCalls.SYS).build()).getPoolsList()
                .forEach(p -> replicas.put(p.getUuid(), p.getSvcrepsList()));
        for (String p : acks.poolsSnapshot()) {
            List<Integer> svc = replicas.get(p);
            assertTrue(when + ": pool " + p + " listed", svc != null && !svc.isEmpty());
            boolean up = svc.stream().anyMatch(r -> !down.contains(r));
            int query = via.mgmt().poolQuery(PoolQueryReq.newBuilder().setUuid(p).build()).getStatus();
            int acl = via.mgmt().poolGetACL(GetACLReq.newBuilder().setUuid(p).build()).getStatus();
            assertEquals(when + ": PoolQuery of " + p + " (replicas " + svc + ", down " + down + ")", up ? 0 : -1011,
                    query);
            assertEquals(when + ": GetACL of " + p + " (replicas " + svc + ", down " + down + ")", up ? 0 : -1011, acl);
            if (up) {
                // the writes of the pool service too: an ACL entry, the reclaim property
                int update = via.mgmt().poolUpdateACL(ModifyACLReq.newBuilder().setUuid(p)
                        .addACL("A:G:round@:r").build()).getStatus();
                assertEquals(when + ": UpdateACL of " + p, 0, update);
                PoolSetPropResp prop = via.mgmt().poolSetProp(PoolSetPropReq.newBuilder().setUuid(p).setName("reclaim")
                        .setStrval("time").build());
                assertEquals(when + ": SetProp of " + p + ": " + prop, 0, prop.getStatus());
            }
        }
    }

    /** Every acknowledged pool listed by ListPools through {@code via}. */
    private static void checkPools(Burst.Acks acks, Node via, String when) {
        Set<String> listed = new TreeSet<>();
        via.mgmt().listPools(ListPoolsReq.newBuilder().setSys(MgmtCalls.SYS).build()).getPoolsList()
                .forEach(p -> listed.add(p.getUuid()));
        for (String p : acks.poolsSnapshot()) {
            assertTrue(when + ": acknowledged pool " + p + " listed by " + via.address() + ": " + listed,
                    listed.contains(p));
        }
    }

    @Test
    public void aStoppedMinorityDoesNotStopTheMajorityAndCatchesUpWhenResumed() throws Exception {
        ApCluster c = ApCluster.create(rule);
        c.startAndFormat();
        int leader = c.leader(c.nodes.get(0));
        Node stopped = c.others(c.nodes.get(leader)).get(0);
        Node other = c.others(c.nodes.get(leader)).stream().filter(n -> n != stopped).findFirst().orElseThrow();
        List<Integer> ranks = new ArrayList<>(ApCluster.members(c.nodes.get(leader)).keySet());
        ApCluster.signal(stopped, true);
        try {
            Burst.Acks acks = new Burst.Acks();
            Burst burst = new Burst(c, ranks.subList(0, 2), acks, new Random(1));
            burst.onlyThrough(List.of(c.nodes.get(leader), other));
            burst.start(rule);
            burst.awaitAcks(burst.count() + 10, FAILOVER_BOUND_MS);
            burst.stop();
            assertTrue("joins and creates acknowledged by the majority: " + acks.joins() + "/" + acks.pools(),
                    acks.joins() > 0 && acks.pools() > 0);
            // the pools are checked while the host hangs, the members (read through the resumed
            // node itself) once it answers again
            checkPools(acks, other, "majority");
            ApCluster.signal(stopped, false);
            checkNothingLost(acks, ApCluster.members(stopped), stopped, "resumed node");
            burst.destroyCreated(other);
        } finally {
            ApCluster.signal(stopped, false);
        }
    }
}
