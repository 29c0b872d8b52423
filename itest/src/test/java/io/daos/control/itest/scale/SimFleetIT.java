package io.daos.control.itest.scale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

import io.daos.control.api.system.MemberState;
import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The simulated-host fixture against a real node: 64 {@link SimHost}s of two ranks each join
 * the node's access point and its SystemQuery reports them, Started, at their own addresses;
 * then 5% of them hang, and how SystemQuery fares is printed ({@link FanoutScaleIT} asserts it,
 * at several sizes). Needs root (the node's ram SCM).
 */
public class SimFleetIT {

    private static final int HOSTS = 64;
    private static final int RANKS_PER_HOST = 2;
    private static final long JOIN_MS = 120_000;
    private static final long QUERY_S = 60;

    private static RunningNode node;
    private static ManagedChannel ch;

    @BeforeClass
    public static void startNode() throws Exception {
        Assume.assumeTrue("a node needs root (ram SCM mount)", RunningNode.isRoot());
        node = RunningNode.startFormatted("simfleet");
        ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (ch != null) {
            ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    private static List<SystemMember> query() {
        return MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(QUERY_S, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
    }

    @Test
    public void simulatedHostsJoinAndAnswerTheQuery() throws Exception {
        int before = SimFleet.jvmThreads();
        long t0 = System.nanoTime();
        try (SimFleet fleet = SimFleet.start(HOSTS, RANKS_PER_HOST, node.port(), JOIN_MS)) {
            long joinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            int after = SimFleet.jvmThreads();
            System.out.printf("SimFleetIT: %d hosts (%d ranks) joined in %d ms; JVM threads %d before, %d with the fleet%n",
                    HOSTS, fleet.rankCount(), joinMs, before, after);

            List<SystemMember> members = query();
            int nodeRanks = node.instances();
            assertEquals(nodeRanks + HOSTS * RANKS_PER_HOST, members.size());
            Map<String, SystemMember> byUuid = new HashMap<>();
            for (SystemMember m : members) {
                assertEquals("rank " + m.getRank(), MemberState.STARTED.code(), m.getState());
                byUuid.put(m.getUuid(), m);
            }
            for (SimHost h : fleet.hosts()) {
                for (int i = 0; i < h.rankCount(); i++) {
                    SystemMember m = byUuid.get(h.uuid(i));
                    assertEquals(h.address(), m.getAddr());
                    assertEquals(h.rank(i).bits(), m.getRank());
                }
            }
            int pinged = fleet.hosts().stream().mapToInt(SimHost::answeredCalls).sum();
            assertEquals("the query pinged every simulated host once", HOSTS, pinged);

            List<SimHost> hung = fleet.setMode(SimHost.Mode.HUNG, 5);
            long q0 = System.nanoTime();
            String outcome;
            try {
                outcome = query().size() + " members";
            } catch (StatusRuntimeException e) {
                outcome = e.getStatus().toString();
            }
            long queryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - q0);
            System.out.printf("SimFleetIT: SystemQuery with %d of %d hosts hung: %s after %d ms%n",
                    hung.size(), HOSTS, outcome, queryMs);
            for (SimHost h : hung) {
                assertTrue("the query pinged hung host " + h.address(), h.hungCalls() >= 1);
            }
        }
    }

    /**
     * Opt-in ({@code -Dscale.hosts=1024}): that many hosts join the node; prints the JVM's thread
     * count with them and how long the Joins and a SystemQuery take. Not part of the normal run
     * (2,048 Joins through one node take a while).
     */
    @Test
    public void manyHostsOnAFewThreads() throws Exception {
        int hosts = Integer.getInteger("scale.hosts", 0);
        Assume.assumeTrue("opt-in: -Dscale.hosts=<n>", hosts > 0);
        int before = SimFleet.jvmThreads();
        long t0 = System.nanoTime();
        try (SimFleet fleet = SimFleet.start(hosts, RANKS_PER_HOST, node.port(), 10 * JOIN_MS)) {
            long joinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            int with = SimFleet.jvmThreads();
            long q0 = System.nanoTime();
            int members = query().size();
            System.out.printf("SimFleetIT: %d hosts (%d ranks) joined in %d ms; JVM threads %d before, %d with the fleet;"
                    + " SystemQuery of %d members in %d ms%n", hosts, fleet.rankCount(), joinMs, before, with, members,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - q0));
            assertTrue("members " + members, members >= node.instances() + fleet.rankCount());
        }
    }
}
