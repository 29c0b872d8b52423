package io.daos.control.itest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The management service over the system DB (a measurement, not a test; issue 11): one formatted
 * node (two emulated engines, ram SCM, so root is needed) on a private copy of the distribution,
 * one client:
 * <ul>
 * <li>PoolCreate end to end through gRPC (the checks, the Raft write of Creating, the dRPC to the
 * MS engine, the Raft write of Ready), the smallest pool dmg allows (16 MiB SCM per target),
 * {@code bench.rounds} rounds (default 4) of {@code bench.pools} creates (default 40), each
 * round's pools destroyed after it;
 * <li>ListPools (answered from the DB) with that many pools recorded, 10 calls per pool;
 * <li>Join throughput: {@code bench.joins} (default 300) Joins of new servers (fresh UUIDs, rank
 * allocated by the DB, told to the MS engine), back to back.
 * </ul>
 * Prints p50/p99 of each, the Join rate, and daos_server's VmRSS idle after the start (the system
 * DB open) and after the runs, as {@code RESULT} lines.
 *
 * <p>Run (after building the distribution):
 * {@code mvn -B -o -pl itest -Pbench verify -Dbench=PoolBench}
 */
public final class PoolBench {

    private static final long MIB = 1L << 20;

    private PoolBench() {
    }

    public static void main(String[] args) throws Exception {
        if (!RunningNode.isRoot()) {
            System.out.println("PoolBench needs root (ram SCM is a real tmpfs mount): not run");
            return;
        }
        int rounds = Integer.getInteger("bench.rounds", 4);
        int pools = Integer.getInteger("bench.pools", 40);
        int joins = Integer.getInteger("bench.joins", 300);
        try (RunningNode node = RunningNode.startFormatted("pool-bench")) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
            try {
                Thread.sleep(3000);   // a measurement, not a test: let the started node idle
                long idleRss = vmRssKiB(node.pid());
                MgmtSvcGrpc.MgmtSvcBlockingStub stub = MgmtSvcGrpc.newBlockingStub(ch);
                List<Long> create = new ArrayList<>();
                List<Long> list = new ArrayList<>();
                List<Long> destroy = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    List<String> made = new ArrayList<>();
                    for (int i = 0; i < pools; i++) {
                        String uuid = UUID.randomUUID().toString();
                        long t0 = System.nanoTime();
                        PoolCreateResp resp = deadline(stub).poolCreate(PoolCreateReq.newBuilder()
                                .setUuid(uuid).setScmbytes(16 * MIB).setNumsvcreps(1).setUser("root@")
                                .setUsergroup("root@").setSys("daos_server").build());
                        create.add(System.nanoTime() - t0);
                        check(resp.getStatus() == 0, "PoolCreate status " + resp.getStatus());
                        made.add(uuid);
                    }
                    for (int i = 0; i < pools * 10; i++) {
                        long t0 = System.nanoTime();
                        ListPoolsResp resp = deadline(stub).listPools(ListPoolsReq.newBuilder().setSys("daos_server")
                                .build());
                        list.add(System.nanoTime() - t0);
                        check(resp.getPoolsCount() == pools, "ListPools listed " + resp.getPoolsCount());
                    }
                    for (String uuid : made) {
                        long t0 = System.nanoTime();
                        PoolDestroyResp resp = deadline(stub).poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid)
                                .setSys("daos_server").build());
                        destroy.add(System.nanoTime() - t0);
                        check(resp.getStatus() == 0, "PoolDestroy status " + resp.getStatus());
                    }
                }
                long j0 = System.nanoTime();
                List<Long> join = new ArrayList<>();
                for (int i = 0; i < joins; i++) {
                    long t0 = System.nanoTime();
                    JoinResp resp = deadline(stub).join(JoinReq.newBuilder().setUuid(UUID.randomUUID().toString())
                            .setRank(-1).setUri("ofi+sockets://127.0.0.1:" + (40000 + i)).setNctxs(1)
                            .setAddr("0.0.0.0:" + node.port()).build());
                    join.add(System.nanoTime() - t0);
                    check(resp.getStatus() == 0, "Join status " + resp.getStatus());
                }
                double joinSeconds = (System.nanoTime() - j0) / 1e9;
                System.out.printf("%nmanagement service over the system DB: %d cores, 2 emulated engines%n",
                        Runtime.getRuntime().availableProcessors());
                print("poolcreate", create);
                print("listpools_" + pools + "pools", list);
                print("pooldestroy", destroy);
                print("join", join);
                System.out.printf("RESULT join_throughput %.0f joins/s (%d joins)%n", joins / joinSeconds, joins);
                System.out.printf("RESULT daos_server_rss idle (formatted, 2 ranks joined, system DB open) %.1f MiB,"
                        + " after the runs %.1f MiB (goal <= 128)%n", idleRss / 1024.0, vmRssKiB(node.pid()) / 1024.0);
            } finally {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** VmRSS of a process, KiB. */
    private static long vmRssKiB(long pid) throws java.io.IOException {
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    static MgmtSvcGrpc.MgmtSvcBlockingStub deadline(MgmtSvcGrpc.MgmtSvcBlockingStub stub) {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    static void print(String name, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        System.out.printf("RESULT %s p50=%.2f ms p99=%.2f ms max=%.2f ms n=%d%n", name,
                SystemQueryLoadBench.pct(s, 50), SystemQueryLoadBench.pct(s, 99), s.get(s.size() - 1) / 1e6, s.size());
    }
}
