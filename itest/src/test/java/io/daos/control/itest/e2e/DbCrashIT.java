package io.daos.control.itest.e2e;

import static io.daos.control.itest.e2e.MgmtCalls.MIB;
import static io.daos.control.itest.e2e.MgmtCalls.create;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.grpc.StatusRuntimeException;

/**
 * SIGKILL of daos_server in the middle of pool creates, in a loop (issue 11, proof 4). Seeded:
 * {@code -Ddb.crash.seed=<n>} replays a run (the seed is printed first); {@code -Ddb.crash.rounds}
 * sets the number of rounds (default {@value #DEFAULT_ROUNDS}, enough for CI). Each round a
 * client thread creates pools back to back, noting each create acknowledged (status 0); once a
 * seeded number of them (1 to {@value #MAX_CREATES} - 2) is acknowledged and a seeded delay of 0 to
 * {@value #MAX_DELAY_MS} ms later (somewhere in the next create: before it is recorded, during the
 * data plane's call, before it is marked Ready), daos_server is SIGKILLed (its engines die with it) and
 * started again. Then: the DB loaded, every acknowledged pool is listed with the replicas it was
 * created with, and within a deadline (the resolver of pools left Creating runs every 2 s) the
 * control plane and the data plane agree on every pool tried: listed by ListPools exactly when
 * an engine holds it (dRPC ListPools on each engine's socket) and exactly when PoolQuery answers 0;
 * none answers -DER_AGAIN (still Creating). The pools are destroyed at the end of each round, so
 * that the ram SCM (1 GiB per engine) never fills.
 */
public class DbCrashIT {

    private static final int DEFAULT_ROUNDS = 5;
    /** Creates per round at most: 32 × 16 MiB fit an engine's 1 GiB of ram SCM. */
    private static final int MAX_CREATES = 32;
    /** The longest seeded delay after the chosen acknowledgement (a create takes a few ms). */
    private static final int MAX_DELAY_MS = 30;
    private static final long SETTLE_MS = 30_000;
    private static final int DER_NONEXIST = -1005;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-dbcrash")
            .assuming("needs root: the ram SCM is a tmpfs mount", NodeSupport::isRoot);

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-dbcrash-work");

    /** What one round's client saw. */
    private static final class Creates {
        final List<String> tried = new ArrayList<>();
        final Map<String, List<Integer>> acked = new LinkedHashMap<>();
        final Map<String, Integer> refused = new LinkedHashMap<>();
        final CountDownLatch acks;

        Creates(int killAfter) {
            acks = new CountDownLatch(killAfter);
        }
        volatile String ended = "still running";
    }

    @Test
    public void everyAcknowledgedPoolSurvivesSigkillAndNoneStaysCreating() throws Exception {
        String fixed = System.getProperty("db.crash.seed");
        long seed = fixed == null || fixed.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(fixed.trim());
        int rounds = Integer.getInteger("db.crash.rounds", DEFAULT_ROUNDS);
        System.out.println("[seed] DbCrashIT: seed " + seed + ", " + rounds + " rounds (replay: -Ddb.crash.seed="
                + seed + ")");
        Random rnd = new Random(seed);
        long t0 = System.nanoTime();
        DbNode n = DbNode.startFormatted(workRule);
        int totalAcked = 0;
        for (int round = 1; round <= rounds; round++) {
            int killAfter = 1 + rnd.nextInt(MAX_CREATES - 2);
            long delayMs = rnd.nextInt(MAX_DELAY_MS + 1);
            Random uuids = new Random(rnd.nextLong());
            String at = "seed " + seed + " round " + round + " (kill " + delayMs + " ms after ack " + killAfter + ")";
            long r0 = System.nanoTime();
            Creates c = createAndKill(n, uuids, killAfter, delayMs, at);
            int mark = n.start();
            n.awaitRejoined(mark);
            n.node.awaitLog(n.server(), mark, l -> l.contains("system DB open: "), DbNode.EVENT_MS);
            String settled = check(n, c, at);
            totalAcked += c.acked.size();
            System.out.printf("[measure] DbCrashIT: %s: %d tried, %d acknowledged, client %s; unacknowledged "
                    + "pools now %s; %s; round %.1f s%n", at, c.tried.size(), c.acked.size(), c.ended,
                    unacknowledged(n, c), settled, (System.nanoTime() - r0) / 1e9);
            destroyAll(n, at);
        }
        System.out.printf("[measure] DbCrashIT: seed %d, %d rounds, %d pools acknowledged, %.1f s in all%n", seed,
                rounds, totalAcked, (System.nanoTime() - t0) / 1e9);
    }

    /** One round's creates on a client thread, and the SIGKILL once {@code killAfter} are acknowledged. */
    private static Creates createAndKill(DbNode n, Random uuids, int killAfter, long delayMs, String at)
            throws Exception {
        Creates c = new Creates(killAfter);
        MgmtCalls mgmt = n.mgmt();
        Thread client = new Thread(() -> {
            try {
                for (int i = 0; i < MAX_CREATES; i++) {
                    String uuid = KillableNode.seededUuid(uuids).toString();
                    synchronized (c) {
                        c.tried.add(uuid);
                    }
                    PoolCreateResp r = mgmt.stub().poolCreate(create(uuid, 16 * MIB).build());
                    synchronized (c) {
                        if (r.getStatus() == 0) {
                            c.acked.put(uuid, List.copyOf(r.getSvcrepsList()));
                        } else {
                            c.refused.put(uuid, r.getStatus());
                        }
                    }
                    c.acks.countDown();
                }
                c.ended = "done before the kill";
            } catch (StatusRuntimeException e) {
                c.ended = "cut off: " + e.getStatus().getCode();
            } catch (RuntimeException e) {
                c.ended = "failed: " + e;
            }
        }, "db-crash-client");
        client.setDaemon(true);
        client.start();
        if (!c.acks.await(DbNode.EVENT_MS, TimeUnit.MILLISECONDS)) {
            fail(at + ": " + killAfter + " creates not answered within " + DbNode.EVENT_MS + " ms; client " + c.ended);
        }
        // the seeded point of the crash, somewhere among the creates that follow
        Thread.sleep(delayMs);
        n.kill();
        client.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(at + ": client thread did not end", !client.isAlive());
        synchronized (c) {
            assertTrue(at + ": creates refused " + c.refused, c.refused.isEmpty());
            return c;
        }
    }

    /** A version-4 uuid from {@code rnd}, so that a seed replays the same pools. */
    /** What became of the creates not acknowledged (the one in flight at the kill): listed or gone. */
    private static Map<String, String> unacknowledged(DbNode n, Creates c) {
        Map<String, List<Integer>> listed = n.listPools();
        Map<String, String> out = new LinkedHashMap<>();
        c.tried.stream().filter(u -> !c.acked.containsKey(u))
                .forEach(u -> out.put(u.substring(0, 8), listed.containsKey(u) ? "listed" : "gone"));
        return out;
    }

    /**
     * Every acknowledged pool listed as created; then, within {@value #SETTLE_MS} ms, the DB and
     * the engines agree on every pool (polling the RPCs: the resolver runs every 2 s). Returns
     * how soon they agreed, with the first disagreement seen.
     */
    private static String check(DbNode n, Creates c, String at) throws Exception {
        Map<String, List<Integer>> listed = n.listPools();
        for (Map.Entry<String, List<Integer>> e : c.acked.entrySet()) {
            assertEquals(at + ": acknowledged pool " + e.getKey() + " in " + listed, e.getValue(),
                    listed.get(e.getKey()));
        }
        long start = System.currentTimeMillis();
        long deadline = start + SETTLE_MS;
        String disagreement;
        String first = null;
        while (true) {
            disagreement = disagreement(n, c.tried);
            if (disagreement == null) {
                return first == null ? "agreed at once"
                        : "agreed after " + (System.currentTimeMillis() - start) + " ms (first: " + first + ")";
            }
            if (first == null) {
                first = disagreement;
            }
            if (System.currentTimeMillis() > deadline) {
                fail(at + ": after " + SETTLE_MS + " ms the DB and the data plane still disagree: " + disagreement);
            }
            // a poll period, not a wait for an event: the resolver's retry is what we wait for
            Thread.sleep(200);
        }
    }

    /** What differs between the control plane and the data plane, or null when they agree. */
    private static String disagreement(DbNode n, List<String> tried) throws Exception {
        Map<String, List<Integer>> listed = n.listPools();
        Map<String, List<Integer>> held = n.enginePools();
        if (!new TreeMap<>(listed).equals(new TreeMap<>(held))) {
            return "ListPools " + listed + " but the engines hold " + held;
        }
        Set<String> all = new HashSet<>(tried);
        all.addAll(listed.keySet());
        for (String uuid : all) {
            int q = n.queryStatus(uuid);
            int want = listed.containsKey(uuid) ? 0 : DER_NONEXIST;
            if (q != want) {
                return "PoolQuery " + uuid + " answered " + q + ", expected " + want + " (listed: "
                        + listed.containsKey(uuid) + ")";
            }
        }
        return null;
    }

    /** Destroys every pool; the DB and the engines then have none. */
    private static void destroyAll(DbNode n, String at) throws Exception {
        for (String uuid : n.listPools().keySet()) {
            PoolDestroyResp d = n.mgmt().stub().poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid).build());
            assertEquals(at + ": destroy " + uuid + " -> " + d, 0, d.getStatus());
        }
        assertEquals(at, Map.of(), n.listPools());
        assertEquals(at, Map.of(), n.enginePools());
    }
}
