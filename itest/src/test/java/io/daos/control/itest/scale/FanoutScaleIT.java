package io.daos.control.itest.scale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.daos.control.api.system.MemberState;
import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopResp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The access point's fanout at scale (issue 13), end to end: one real node (two emulated
 * engines; root needed for its ram SCM) and one {@link SimFleet} of two-rank simulated hosts,
 * grown step by step to 16, 64, 256 and 1,024 hosts ({@code -Dscale.max=<n>} stops earlier or
 * goes further), so that each size costs only the Joins of the hosts it adds.
 * <ul>
 * <li>at each size, SystemQuery answers every member, Started, at its host's address; then with
 * 5% of the hosts hung it still answers every member, the hung hosts' ranks Unresponsive and
 * every other Started, within the per-host query deadline + 1 s (+ 1.5 s for a loaded CI box;
 * the benchmark measures the goal itself); the hung hosts come back and
 * the next query shows them Started again;</li>
 * <li>over the grown fleet, SystemStop (prep and kill) stops every rank, the management-service
 * rank (one of the node's) last, and a query then shows all Stopped; SystemStart starts every
 * rank, the node's first; after the re-Joins the query shows all Started; with 5% hung a stop without force
 * fails {@code PrepShutdown HasErrors}, and with force it completes for every other host, the
 * hung hosts' ranks errored Unresponsive with a message naming the host.</li>
 * </ul>
 * The node runs with a per-host control deadline of {@value #CONTROL_DEADLINE_MS} ms (instead of
 * 30 s; its own engines stop and start well within it) so that a stop with hung hosts takes
 * seconds.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FanoutScaleIT {

    private static final int[] SIZES = {16, 64, 256, 1024};
    private static final int RANKS_PER_HOST = 2;
    private static final int HUNG_PERCENT = 5;
    private static final long JOIN_MS = 300_000;
    /** What the timing bound allows beyond the goal on a loaded CI machine. */
    private static final long LOADED_BOX_MS = 1_500;
    /** The node's per-host deadline of a stop or start stage (daos.fanout.control.deadline.ms). */
    static final long CONTROL_DEADLINE_MS = 6_000;
    /** How long the node's own ranks may take to join again after SystemStart. */
    private static final long REJOIN_MS = 120_000;

    private static RunningNode node;
    private static ManagedChannel ch;
    private static SimFleet fleet;
    private static int max;

    @BeforeClass
    public static void startNode() throws Exception {
        Assume.assumeTrue("a node needs root (ram SCM mount)", RunningNode.isRoot());
        max = Integer.getInteger("scale.max", SIZES[SIZES.length - 1]);
        node = RunningNode.startFormatted("fanout-scale",
                Map.of("daos.fanout.control.deadline.ms", Long.toString(CONTROL_DEADLINE_MS)));
        ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        fleet = SimFleet.start(0, RANKS_PER_HOST, node.port(), JOIN_MS);
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (ch != null) {
            ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    /** The sizes to run: those up to {@code scale.max}, and it if it is none of them. */
    private static List<Integer> sizes() {
        List<Integer> out = new ArrayList<>();
        for (int s : SIZES) {
            if (s <= max) {
                out.add(s);
            }
        }
        if (out.isEmpty() || out.get(out.size() - 1) != max) {
            out.add(max);
        }
        return out;
    }

    /** Grows the fleet to {@code n} hosts (never shrinks it). */
    private static void growTo(int n) throws Exception {
        int more = n - fleet.hosts().size();
        if (more > 0) {
            long t0 = System.nanoTime();
            fleet.grow(more, RANKS_PER_HOST, JOIN_MS);
            System.out.printf("FanoutScaleIT: %d hosts (%d ranks) joined; the %d new in %d ms%n", n,
                    fleet.rankCount(), more, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    private static void assertQuery(SystemQueryResp r, Set<SimHost> hung, MemberState state) {
        assertNull(ScaleCalls.queryMismatch(r.getMembersList(), node.instances(), fleet.hosts(), hung, state,
                MemberState.UNRESPONSIVE));
    }

    private static void setUp(Set<SimHost> hosts) throws Exception {
        for (SimHost h : hosts) {
            h.mode(SimHost.Mode.UP);
        }
    }

    @Test
    public void a_queryAnswersEveryMemberAtEachSizeWithAndWithoutHungHosts() throws Exception {
        for (int n : sizes()) {
            growTo(n);
            // the first query after a growth also opens the node's connections to the new hosts
            assertQuery(ScaleCalls.query(ch).reply(), Set.of(), MemberState.STARTED);
            ScaleCalls.Timed<SystemQueryResp> all = ScaleCalls.query(ch);
            assertQuery(all.reply(), Set.of(), MemberState.STARTED);

            Set<SimHost> hung = new HashSet<>(fleet.setMode(SimHost.Mode.HUNG, HUNG_PERCENT));
            ScaleCalls.Timed<SystemQueryResp> some = ScaleCalls.query(ch);
            System.out.printf("FanoutScaleIT: SystemQuery of %d hosts: %d ms all healthy, %d ms with %d hung%n", n,
                    all.ms(), some.ms(), hung.size());
            assertQuery(some.reply(), hung, MemberState.STARTED);
            for (SimHost h : hung) {
                assertTrue("hung host " + h.address() + " was pinged", h.hungCalls() >= 1);
            }
            // the goal is the deadline + 1 s (FanoutBench measures it: about 2.1 s at 1,024 hosts);
            // the test leaves a loaded CI box (2 busy cores) another 1.5 s, far below the 30 s a
            // hung host costs the reference
            long bound = ScaleCalls.QUERY_DEADLINE_MS + 1_000 + LOADED_BOX_MS;
            assertTrue("healthy query of " + n + " hosts took " + all.ms() + " ms", all.ms() <= bound);
            assertTrue("query of " + n + " hosts, " + hung.size() + " hung, took " + some.ms() + " ms > " + bound,
                    some.ms() <= bound);
            assertTrue("the hung hosts' pings waited for the deadline: " + some.ms() + " ms",
                    some.ms() >= ScaleCalls.QUERY_DEADLINE_MS);

            setUp(hung);
            assertQuery(ScaleCalls.query(ch).reply(), Set.of(), MemberState.STARTED);
        }
    }

    /** SystemStop/SystemStart over the fleet; skipped on a build without them (UNIMPLEMENTED). */
    @Test
    public void b_stopAndStartOverTheFleet() throws Exception {
        growTo(max);
        assertQuery(ScaleCalls.query(ch).reply(), Set.of(), MemberState.STARTED);
        int n = fleet.hosts().size();
        ScaleCalls.Timed<SystemStopResp> stop;
        try {
            stop = ScaleCalls.stop(ch, false);
        } catch (StatusRuntimeException e) {
            Assume.assumeFalse("SystemStop not served by this build",
                    e.getStatus().getCode() == Status.Code.UNIMPLEMENTED);
            throw e;
        }
        assertNull(ScaleCalls.resultsMismatch(stop.reply().getResultsList(), node.instances(), fleet.hosts(),
                Set.of(), "stop", MemberState.STOPPED, true));
        assertQuery(ScaleCalls.query(ch).reply(), Set.of(), MemberState.STOPPED);
        ScaleCalls.Timed<SystemStartResp> start = ScaleCalls.start(ch);
        assertNull(ScaleCalls.resultsMismatch(start.reply().getResultsList(), node.instances(), fleet.hosts(),
                Set.of(), "start", MemberState.STARTED, false));
        awaitAllStarted();
        System.out.printf("FanoutScaleIT: SystemStop of %d hosts in %d ms, SystemStart in %d ms%n", n, stop.ms(),
                start.ms());

        Set<SimHost> hung = new HashSet<>(fleet.setMode(SimHost.Mode.HUNG, HUNG_PERCENT));
        long t0 = System.nanoTime();
        try {
            ScaleCalls.stop(ch, false);
            fail("a stop without force completed with " + hung.size() + " hosts hung");
        } catch (StatusRuntimeException e) {
            String d = String.valueOf(e.getStatus().getDescription());
            assertTrue(e.getStatus().toString(), d.contains("PrepShutdown HasErrors"));
        }
        long refusedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        ScaleCalls.Timed<SystemStopResp> forced = ScaleCalls.stop(ch, true);
        assertNull(ScaleCalls.resultsMismatch(forced.reply().getResultsList(), node.instances(), fleet.hosts(),
                hung, "stop", MemberState.STOPPED, true));
        System.out.printf("FanoutScaleIT: SystemStop of %d hosts, %d hung: refused in %d ms; forced in %d ms%n", n,
                hung.size(), refusedMs, forced.ms());

        // the hung hosts come back: their ranks still run, so stop them again, then start everything
        setUp(hung);
        assertNull(ScaleCalls.resultsMismatch(ScaleCalls.stop(ch, true).reply().getResultsList(), node.instances(),
                fleet.hosts(), Set.of(), "stop", MemberState.STOPPED, true));
        ScaleCalls.start(ch);
        awaitAllStarted();
    }

    /**
     * Waits until the fleet re-Joined and a query shows every member Started again (the node's
     * engines restart and re-Join on their own; the query is repeated until they did).
     */
    private static void awaitAllStarted() throws Exception {
        fleet.awaitRejoins(REJOIN_MS);
        assertEquals("every member Started after SystemStart", null,
                ScaleCalls.awaitAll(ch, node.instances(), fleet.hosts(), MemberState.STARTED, REJOIN_MS));
    }
}
