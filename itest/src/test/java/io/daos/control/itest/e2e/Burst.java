package io.daos.control.itest.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.e2e.ApCluster.Node;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;

/**
 * A burst of Joins and pool creates against the access points of an {@link ApCluster}, on two
 * threads (one each), until stopped. Every operation goes to a live access point chosen at random
 * (seeded); one whose call fails (no leader yet, the node called died) is retried with the same
 * UUID until it is answered, so that a retry after a failover must find what the first try did
 * (the same rank; the pool already there) — a Join acknowledged twice with two ranks fails the
 * burst. A create answered with another error (its replica is down) is given up. Joins come from servers that do not exist
 * (address port 9, where nothing listens): the system shows them stopped at its next query.
 */
final class Burst {

    private static final int DER_ALREADY = -1008;
    private static final long SCM = 16L << 20;

    /** What the system acknowledged: member uuid → rank, pools created. Thread-safe. */
    static final class Acks {
        private final Map<String, Integer> joins = new LinkedHashMap<>();
        private final Set<String> pools = new LinkedHashSet<>();
        private final List<long[]> joinTimes = new ArrayList<>();
        private final Map<String, Integer> refusals = new LinkedHashMap<>();
        private String duplicate;

        synchronized void joined(String uuid, int rank) {
            joined(uuid, rank, Long.MIN_VALUE);
        }

        /** A Join acknowledged, its last attempt sent at {@code sent} (nanoTime). */
        synchronized void joined(String uuid, int rank, long sent) {
            Integer before = joins.putIfAbsent(uuid, rank);
            if (before != null && before != rank) {
                duplicate = "uuid " + uuid + " acknowledged with rank " + before + " then " + rank;
            }
            joinTimes.add(new long[] {sent, System.nanoTime()});
            notifyAll();
        }

        /** How often each non-zero status was answered. */
        synchronized void refused(String op, int status) {
            refusals.merge(op + " " + status, 1, Integer::sum);
        }

        synchronized Map<String, Integer> refusals() {
            return new LinkedHashMap<>(refusals);
        }

        synchronized void created(String uuid) {
            pools.add(uuid);
            notifyAll();
        }

        synchronized int joins() {
            return joins.size();
        }

        synchronized int pools() {
            return pools.size();
        }

        synchronized int count() {
            return joins.size() + pools.size();
        }

        synchronized Map<String, Integer> joinsSnapshot() {
            if (duplicate != null) {
                throw new AssertionError(duplicate);
            }
            return new LinkedHashMap<>(joins);
        }

        synchronized List<String> poolsSnapshot() {
            return new ArrayList<>(pools);
        }

        synchronized void forget(String pool) {
            pools.remove(pool);
        }
    }

    private final ApCluster cluster;
    private final List<Integer> ranks;
    private final Acks acks;
    private final Random rnd;
    private final List<String> createdHere = new ArrayList<>();
    private volatile boolean stopped;
    private volatile List<Node> through;
    private final List<Thread> threads = new ArrayList<>();
    private volatile Throwable failure;

    /**
     * @param ranks the ranks (of real engines) pools may be created on
     */
    Burst(ApCluster cluster, List<Integer> ranks, Acks acks, Random rnd) {
        this.cluster = cluster;
        this.ranks = List.copyOf(ranks);
        this.acks = acks;
        this.rnd = rnd;
    }

    /** Only these nodes are called (a stopped node is still "alive"). */
    void onlyThrough(List<Node> nodes) {
        through = List.copyOf(nodes);
    }

    /** Starts both threads; {@code rule} stops them after the test if it ends first (a failure). */
    void start(WorkRule rule) {
        rule.closing(() -> stop());
        threads.add(thread("burst-join", this::joinOnce));
        threads.add(thread("burst-create", this::createOnce));
        threads.forEach(Thread::start);
    }

    private Thread thread(String name, Runnable step) {
        Thread t = new Thread(() -> {
            try {
                while (!stopped) {
                    step.run();
                }
            } catch (Throwable e) {
                failure = e;
                synchronized (acks) {
                    acks.notifyAll();
                }
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private Node pick() {
        List<Node> live = through != null ? through : cluster.nodes.stream().filter(Node::alive).toList();
        synchronized (rnd) {
            return live.get(rnd.nextInt(live.size()));
        }
    }

    private void joinOnce() {
        String uuid = MgmtCalls.newUuid();
        JoinReq req = JoinReq.newBuilder().setUuid(uuid).setRank(-1).setUri("ofi+sockets://127.0.0.1:9").setNctxs(1)
                .setAddr("0.0.0.0:9").build();
        while (!stopped) {
            try {
                long sent = System.nanoTime();
                JoinResp r = pick().mgmt().withDeadlineAfter(20, TimeUnit.SECONDS).join(req);
                if (r.getStatus() == 0) {
                    acks.joined(uuid, r.getRank(), sent);
                    return;
                }
                acks.refused("Join", r.getStatus());
            } catch (RuntimeException e) {
                // no leader yet, or the node called just died: the same uuid again elsewhere
            }
        }
    }

    private void createOnce() {
        String uuid = MgmtCalls.newUuid();
        List<Integer> on = new ArrayList<>();
        synchronized (rnd) {
            for (int r : ranks) {
                if (rnd.nextBoolean()) {
                    on.add(r);
                }
            }
            if (on.isEmpty()) {
                on.add(ranks.get(rnd.nextInt(ranks.size())));
            }
        }
        PoolCreateReq req = create(uuid, on);
        while (!stopped) {
            try {
                PoolCreateResp r = pick().mgmt().withDeadlineAfter(20, TimeUnit.SECONDS).poolCreate(req);
                if (r.getStatus() == 0 || r.getStatus() == DER_ALREADY) {
                    // ALREADY: an earlier try of this very create went through before its answer was lost
                    acks.created(uuid);
                    synchronized (createdHere) {
                        createdHere.add(uuid);
                    }
                    return;
                }
                acks.refused("PoolCreate", r.getStatus());
                // a replica down (-1011) or a create of the dead leader not settled yet (-1013):
                // this one is not acknowledged; the next create takes a new uuid
                return;
            } catch (RuntimeException e) {
                // as for Join
            }
        }
    }

    /** A pool of 16 MiB per rank on {@code ranks}, one service replica. */
    static PoolCreateReq create(String uuid, List<Integer> ranks) {
        return MgmtCalls.create(uuid, SCM).clearRanks().addAllRanks(ranks).setNumsvcreps(1).build();
    }

    /** Operations acknowledged (joins + pools, this burst's and earlier). */
    int count() {
        return acks.count();
    }

    /** Waits until {@code want} operations in all (counted as {@link #count}) were acknowledged. */
    void awaitAcks(int want, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        synchronized (acks) {
            while (acks.count() < want) {
                check();
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("burst: " + acks.count() + " of " + want + " acknowledged in "
                            + timeoutMs + " ms");
                }
                acks.wait(left);
            }
        }
        check();
    }

    /** The time of the first Join sent and acknowledged after {@code since} (nanoTime). */
    long awaitJoinAfter(long since, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        synchronized (acks) {
            while (true) {
                check();
                for (long[] t : acks.joinTimes) {
                    if (t[0] > since) {
                        return t[1];
                    }
                }
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("no Join acknowledged within " + timeoutMs + " ms of the leader's death");
                }
                acks.wait(left);
            }
        }
    }

    private void check() {
        if (failure != null) {
            throw new AssertionError("burst failed", failure);
        }
    }

    /** Stops both threads (an operation in flight ends within its deadline). */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
        check();
    }

    /**
     * Destroys the pools this burst created (through {@code via}), so that the ram SCM never fills;
     * answers how many.
     */
    int destroyCreated(Node via) {
        List<String> all;
        synchronized (createdHere) {
            all = new ArrayList<>(createdHere);
        }
        for (String uuid : all) {
            int s = via.mgmt().poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid).setSys(MgmtCalls.SYS).build())
                    .getStatus();
            if (s != 0) {
                throw new AssertionError("destroy of " + uuid + ": status " + s);
            }
            acks.forget(uuid);
        }
        return all.size();
    }
}
