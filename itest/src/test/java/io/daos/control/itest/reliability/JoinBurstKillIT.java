package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.KillableNode;
import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.grpc.StatusRuntimeException;

/**
 * daos_server SIGKILL during a Join burst (issue 16, point 5), {@code reliability.join.kills}
 * rounds (quick 2, long 40). On a formatted access point (two engines, ranks 0 and 1, the
 * management service on rank 0), {@code reliability.join.burst} joiners (quick 16, long 64) send
 * {@code mgmt.MgmtSvc/Join} at once, as the control planes of that many engines on another host do
 * (seeded uuids, "any" rank, one address that does not answer); daos_server is SIGKILLed the
 * moment a seeded number of them got their reply. Started again on the same storage and DB: every
 * joiner that got a reply is a member with the rank and uuid it was given; no uuid and no rank is
 * there twice; every joiner joining again (acknowledged ones with their rank, the others with
 * "any") is answered IN, the acknowledged ones with the same rank; the engines, superblocks and
 * mounts are as before ({@link CrashChecks}).
 */
public class JoinBurstKillIT {

    private static final int NIL_RANK = -1;

    @Rule
    public final NodeRule rule = new NodeRule("rel-joinkill");

    private KillableNode node() {
        return rule.get();
    }

    @Test
    public void everyAcknowledgedJoinKeepsItsRankAndUuidAcrossSigkill() throws Exception {
        int rounds = Profile.count("join.kills", 2, 40);
        int burst = Profile.count("join.burst", 16, 64);
        Random rnd = Profile.random("JoinBurstKillIT");
        long t0 = System.nanoTime();
        node().start();
        node().formatAndAwaitJoined();
        int fakePort = TestFiles.freePort(); // nobody listens there: the joiners' host is unreachable
        Map<String, Integer> everAcked = new LinkedHashMap<>();
        Set<String> everTried = new HashSet<>();
        for (int round = 1; round <= rounds; round++) {
            long r0 = System.nanoTime();
            int killAfter = 1 + rnd.nextInt(burst - 1);
            String at = "round " + round + "/" + rounds + " (kill at Join reply " + killAfter + " of " + burst + ")";
            List<JoinReq> joiners = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                joiners.add(join(KillableNode.seededUuid(rnd).toString(), NIL_RANK, fakePort));
            }
            Map<String, Integer> acked = burstAndKill(joiners, killAfter);
            joiners.forEach(j -> everTried.add(j.getUuid()));
            everAcked.putAll(acked);
            String left = CrashChecks.afterKill(node(), at);

            int mark = node().start();
            node().awaitJoined(mark);
            node().awaitLog(mark, l -> l.contains("system DB open: "), KillableNode.EVENT_MS);
            Map<Integer, String> members = ranks(node().members(), at);
            for (Map.Entry<String, Integer> a : everAcked.entrySet()) {
                assertEquals(at + ": the rank an acknowledged Join got (" + a + ") in " + members, a.getKey(),
                        members.get(a.getValue()));
            }
            int unackedIn = (int) members.values().stream().filter(u -> everTried.contains(u) && !everAcked.containsKey(u))
                    .count();
            // every joiner joins again: the acknowledged ones keep their rank, the others get one
            for (JoinReq j : joiners) {
                Integer rank = everAcked.get(j.getUuid());
                JoinResp r = node().mgmt().join(rank == null ? j : j.toBuilder().setRank(rank).build());
                assertEquals(at + ": Join again of " + j.getUuid() + " -> " + r, 0, r.getStatus());
                assertEquals(at + ": " + r, JoinResp.State.IN, r.getState());
                if (rank != null) {
                    assertEquals(at + ": rank of " + j.getUuid() + " joining again", (int) rank, r.getRank());
                } else {
                    everAcked.put(j.getUuid(), r.getRank());
                }
            }
            Map<Integer, String> after = ranks(node().members(), at);
            assertEquals(at + ": members after the joins again", 2 + everAcked.size(), after.size());
            CrashChecks.afterRestart(node(), at);
            System.out.printf("[measure] JoinBurstKillIT: %s: %d replies before the kill, %d unacknowledged joins "
                    + "recorded; left %s; round %.1f s%n", at, acked.size(), unackedIn, left,
                    (System.nanoTime() - r0) / 1e9);
        }
        System.out.printf("[measure] JoinBurstKillIT: %d rounds of %d joiners, %.1f s in all%n", rounds, burst,
                (System.nanoTime() - t0) / 1e9);
    }

    /** What the control plane of an engine on the unreachable host sends. */
    private static JoinReq join(String uuid, int rank, int port) {
        return JoinReq.newBuilder().setUuid(uuid).setRank(rank).setUri("ofi+sockets://127.0.0.1:" + (port + 1))
                .setNctxs(1).setAddr("0.0.0.0:" + port).build();
    }

    /** All joiners at once; SIGKILL once {@code killAfter} were answered IN; the answered ones: uuid → rank. */
    private Map<String, Integer> burstAndKill(List<JoinReq> joiners, int killAfter) throws Exception {
        Map<String, Integer> acked = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch replies = new CountDownLatch(killAfter);
        ExecutorService pool = Executors.newFixedThreadPool(joiners.size());
        try {
            for (JoinReq j : joiners) {
                var stub = node().mgmt();
                pool.execute(() -> {
                    try {
                        go.await();
                        JoinResp r = stub.join(j);
                        if (r.getStatus() == 0 && r.getState() == JoinResp.State.IN) {
                            acked.put(j.getUuid(), r.getRank());
                            replies.countDown();
                        }
                    } catch (StatusRuntimeException | InterruptedException e) {
                        // the server died under the call: not acknowledged
                    }
                });
            }
            go.countDown();
            assertTrue("fewer than " + killAfter + " Join replies in time", replies.await(KillableNode.EVENT_MS,
                    TimeUnit.MILLISECONDS));
            node().sigkill();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        return new LinkedHashMap<>(acked);
    }

    /** Rank → uuid; no rank and no uuid twice. */
    private static Map<Integer, String> ranks(List<SystemMember> members, String at) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Set<String> uuids = new HashSet<>();
        for (SystemMember m : members) {
            assertTrue(at + ": rank twice in " + members, out.put(m.getRank(), m.getUuid()) == null);
            assertTrue(at + ": uuid twice in " + members, uuids.add(m.getUuid()));
        }
        return out;
    }
}
