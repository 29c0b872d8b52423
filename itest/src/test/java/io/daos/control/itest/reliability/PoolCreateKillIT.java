package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.KillableNode;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.grpc.StatusRuntimeException;

/**
 * daos_server SIGKILL during concurrent pool creates (issue 16, point 5),
 * {@code reliability.pool.kills} rounds (quick 2, long 40). On a formatted node,
 * {@code reliability.pool.clients} clients (quick 8, long 16) create 16 MiB pools back to back
 * (seeded uuids, at most {@value #PER_ROUND} a round: they fit the engines' 1 GiB of ram SCM);
 * daos_server is SIGKILLed the moment a seeded number of creates was acknowledged (status 0).
 * Started again on the same storage and DB (which must open: no torn log): every acknowledged pool
 * is listed with the replicas its reply named and answers PoolQuery 0; engines, superblocks and
 * mounts are as {@link CrashChecks} wants. The pools are destroyed at the end of each round.
 */
public class PoolCreateKillIT {

    private static final int PER_ROUND = 32;
    private static final long MIB = 1L << 20;
    /** How long a pool the crash left half created may take to be resolved (the resolver runs every 2 s). */
    private static final long SETTLE_MS = 30_000;

    @Rule
    public final NodeRule rule = new NodeRule("rel-poolkill");

    private KillableNode node() {
        return rule.get();
    }

    @Test
    public void everyAcknowledgedPoolSurvivesSigkillDuringConcurrentCreates() throws Exception {
        int rounds = Profile.count("pool.kills", 2, 40);
        int clients = Profile.count("pool.clients", 8, 16);
        Random rnd = Profile.random("PoolCreateKillIT");
        long t0 = System.nanoTime();
        node().start();
        node().formatAndAwaitJoined();
        int total = 0;
        for (int round = 1; round <= rounds; round++) {
            long r0 = System.nanoTime();
            int killAfter = 1 + rnd.nextInt(PER_ROUND - clients);
            String at = "round " + round + "/" + rounds + " (kill at create ack " + killAfter + ", " + clients
                    + " clients)";
            String[] uuids = new String[PER_ROUND];
            for (int i = 0; i < PER_ROUND; i++) {
                uuids[i] = KillableNode.seededUuid(rnd).toString();
            }
            Map<String, List<Integer>> acked = createAndKill(uuids, clients, killAfter);
            String left = CrashChecks.afterKill(node(), at);

            int mark = node().start();
            node().awaitJoined(mark);
            node().awaitLog(mark, l -> l.contains("system DB open: "), KillableNode.EVENT_MS);
            Map<String, List<Integer>> listed = node().listPools();
            for (Map.Entry<String, List<Integer>> a : acked.entrySet()) {
                assertEquals(at + ": acknowledged pool " + a.getKey() + " in " + listed, a.getValue(),
                        listed.get(a.getKey()));
                assertEquals(at + ": PoolQuery of acknowledged pool " + a.getKey(), 0, node().queryStatus(a.getKey()));
            }
            CrashChecks.afterRestart(node(), at);
            int destroyed = destroyAll(at);
            total += acked.size();
            System.out.printf("[measure] PoolCreateKillIT: %s: %d acknowledged, %d listed after the restart, %d "
                    + "destroyed; left %s; round %.1f s%n", at, acked.size(), listed.size(), destroyed, left,
                    (System.nanoTime() - r0) / 1e9);
        }
        System.out.printf("[measure] PoolCreateKillIT: %d rounds, %d pools acknowledged, %.1f s in all%n", rounds,
                total, (System.nanoTime() - t0) / 1e9);
    }

    /** The creates of one round on {@code clients} threads, and the SIGKILL at ack {@code killAfter}. */
    private Map<String, List<Integer>> createAndKill(String[] uuids, int clients, int killAfter) throws Exception {
        Map<String, List<Integer>> acked = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch acks = new CountDownLatch(killAfter);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                var stub = node().mgmt().withDeadlineAfter(60, TimeUnit.SECONDS);
                pool.execute(() -> {
                    try {
                        go.await();
                        for (int i = next.getAndIncrement(); i < uuids.length; i = next.getAndIncrement()) {
                            PoolCreateResp r = stub.poolCreate(PoolCreateReq.newBuilder().setUuid(uuids[i])
                                    .setScmbytes(16 * MIB).setNumsvcreps(1).setUser("root@").setUsergroup("root@")
                                    .setSys("daos_server").build());
                            if (r.getStatus() == 0) {
                                acked.put(uuids[i], List.copyOf(r.getSvcrepsList()));
                                acks.countDown();
                            }
                        }
                    } catch (StatusRuntimeException | InterruptedException e) {
                        // the server died under the call: this create is not acknowledged
                    }
                });
            }
            go.countDown();
            assertTrue("fewer than " + killAfter + " creates acknowledged in time",
                    acks.await(KillableNode.EVENT_MS, TimeUnit.MILLISECONDS));
            node().sigkill();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        return Map.copyOf(acked);
    }

    /**
     * Destroys every listed pool; a pool the crash left being created is refused until the
     * resolver settled it, so each is retried (a poll: the resolver's period is what is waited
     * for) up to {@value #SETTLE_MS} ms. Returns how many were destroyed; none must be left.
     */
    private int destroyAll(String at) throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        int destroyed = 0;
        while (true) {
            Map<String, List<Integer>> listed = node().listPools();
            if (listed.isEmpty()) {
                return destroyed;
            }
            String refused = null;
            for (String uuid : listed.keySet()) {
                PoolDestroyResp d = node().mgmt().poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid).build());
                if (d.getStatus() == 0) {
                    destroyed++;
                } else {
                    refused = uuid + " -> " + d.getStatus();
                }
            }
            if (refused != null) {
                assertTrue(at + ": destroy still refused after " + SETTLE_MS + " ms: " + refused,
                        System.currentTimeMillis() < deadline);
                Thread.sleep(200);
            }
        }
    }
}
