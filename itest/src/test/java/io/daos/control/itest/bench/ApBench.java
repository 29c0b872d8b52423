package io.daos.control.itest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.e2e.RunningCluster;
import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Several access points against one (a measurement, not a test; issue 12), in one run:
 * <ul>
 * <li>a 1-peer system (one node, two emulated engines) and a 3-peer one (three nodes, each an
 * access point, two engines each) on this host, ram SCM (root needed);
 * <li>PoolCreate p50/p99 ({@code bench.pools} creates, default 40, 16 MiB per rank on every
 * member, one replica; destroyed after) and Join throughput ({@code bench.joins} Joins of new
 * servers back to back, default 300), on the 1-peer system, then on the 3-peer system through the
 * leader and through a follower (which forwards each call to the leader); each after a warm-up of
 * a quarter of the creates and a tenth of the Joins, not counted;
 * <li>leader loss: {@code bench.kills} times (default 10) the 3-peer leader is SIGKILLed while a
 * client sends Joins to the survivors without pause; the time from the kill to the first Join a
 * new leader answers, median and max; the node is restarted between kills.
 * </ul>
 * Run (after building the distribution): {@code mvn -B -o -pl itest -Pbench verify -Dbench=ApBench};
 * with other counts: {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.bench.ApBench -Dbench.kills=3}
 */
public final class ApBench {

    private static final long MIB = 1L << 20;

    private ApBench() {
    }

    public static void main(String[] args) throws Exception {
        if (!RunningNode.isRoot()) {
            System.out.println("ApBench needs root (ram SCM is a real tmpfs mount): not run");
            return;
        }
        int pools = Integer.getInteger("bench.pools", 40);
        int joins = Integer.getInteger("bench.joins", 300);
        int kills = Integer.getInteger("bench.kills", 10);
        System.out.printf("%nseveral access points: %d cores%n", Runtime.getRuntime().availableProcessors());
        try (RunningNode one = RunningNode.startFormatted("ap-bench-1")) {
            measure("1peer", one.port(), pools, joins);
        }
        try (RunningCluster three = RunningCluster.startFormatted()) {
            int leader = three.leader();
            int follower = (leader + 1) % three.ports().size();
            measure("3peer_leader", three.ports().get(leader), pools, joins);
            measure("3peer_follower", three.ports().get(follower), pools, joins);
            List<Long> failover = new ArrayList<>();
            for (int k = 0; k < kills; k++) {
                failover.add(leaderLoss(three));
            }
            List<Long> s = new ArrayList<>(failover);
            Collections.sort(s);
            System.out.printf("RESULT leader_loss_to_join median=%d ms max=%d ms over %d kills %s "
                    + "(election timeouts 1-2 s)%n", s.get(s.size() / 2), s.get(s.size() - 1), s.size(), failover);
        }
    }

    private static void measure(String name, int port, int pools, int joins) throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            MgmtSvcGrpc.MgmtSvcBlockingStub stub = MgmtSvcGrpc.newBlockingStub(ch);
            run(name + " (warm-up)", stub, pools / 4, joins / 10);
            run(name, stub, pools, joins);
        } finally {
            ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** {@code pools} creates (then destroyed) and {@code joins} Joins; printed unless warming up. */
    private static void run(String name, MgmtSvcGrpc.MgmtSvcBlockingStub stub, int pools, int joins) {
        List<Long> create = new ArrayList<>();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < pools; i++) {
            String uuid = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            PoolCreateResp r = PoolBench.deadline(stub).poolCreate(PoolCreateReq.newBuilder().setUuid(uuid)
                    .setScmbytes(16 * MIB).setNumsvcreps(1).setUser("root@").setUsergroup("root@")
                    .setSys("daos_server").build());
            create.add(System.nanoTime() - t0);
            PoolBench.check(r.getStatus() == 0, name + ": PoolCreate status " + r.getStatus());
            made.add(uuid);
        }
        for (String uuid : made) {
            int s = PoolBench.deadline(stub).poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid)
                    .setSys("daos_server")
                    .build()).getStatus();
            PoolBench.check(s == 0, name + ": PoolDestroy status " + s);
        }
        long j0 = System.nanoTime();
        List<Long> join = new ArrayList<>();
        for (int i = 0; i < joins; i++) {
            long t0 = System.nanoTime();
            JoinResp r = PoolBench.deadline(stub).join(joinReq());
            join.add(System.nanoTime() - t0);
            PoolBench.check(r.getStatus() == 0, name + ": Join status " + r.getStatus());
        }
        double seconds = (System.nanoTime() - j0) / 1e9;
        if (name.endsWith("(warm-up)")) {
            return;
        }
        PoolBench.print(name + "_poolcreate", create);
        PoolBench.print(name + "_join", join);
        System.out.printf("RESULT %s_join_throughput %.0f joins/s (%d joins)%n", name, joins / seconds, joins);
    }

    /** Kills the leader, Joins through the survivors until one is answered; restarts the node. */
    private static long leaderLoss(RunningCluster c) throws Exception {
        int leader = c.leader();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            List<MgmtSvcGrpc.MgmtSvcBlockingStub> survivors = new ArrayList<>();
            for (int i = 0; i < c.ports().size(); i++) {
                if (i != leader) {
                    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", c.ports().get(i)).usePlaintext()
                            .build();
                    channels.add(ch);
                    survivors.add(MgmtSvcGrpc.newBlockingStub(ch));
                }
            }
            JoinReq req = joinReq();
            long killed = System.nanoTime();
            c.kill(leader);
            long served = -1;
            for (int attempt = 0; served < 0; attempt++) {
                try {
                    JoinResp r = survivors.get(attempt % survivors.size()).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .join(req);
                    if (r.getStatus() == 0) {
                        served = System.nanoTime();
                    }
                } catch (StatusRuntimeException e) {
                    // no leader yet: the next survivor at once
                }
                PoolBench.check(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(60),
                        "no Join answered 60 s after the kill");
            }
            c.restart(leader);
            return TimeUnit.NANOSECONDS.toMillis(served - killed);
        } finally {
            for (ManagedChannel ch : channels) {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static JoinReq joinReq() {
        return JoinReq.newBuilder().setUuid(UUID.randomUUID().toString()).setRank(-1)
                .setUri("ofi+sockets://127.0.0.1:9").setNctxs(1).setAddr("0.0.0.0:9").build();
    }
}
