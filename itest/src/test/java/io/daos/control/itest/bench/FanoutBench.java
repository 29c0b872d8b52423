package io.daos.control.itest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.daos.control.api.system.MemberState;
import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.itest.scale.ProcStats;
import io.daos.control.itest.scale.ScaleCalls;
import io.daos.control.itest.scale.SimFleet;
import io.daos.control.itest.scale.SimHost;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopResp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The access point's fanout at scale (a measurement, not a test; issue 13): one formatted node
 * (two emulated engines, ram SCM, so root is needed) and a fleet of simulated two-rank hosts in
 * this JVM ({@link SimFleet}) grown to 16, 64, 256 and 1,024 hosts. A plain gRPC client here
 * times each whole call.
 * <ul>
 * <li>SystemQuery, all healthy: {@code bench.reps} calls per size (default 10) after two
 * unmeasured ones; median and max, and the growth of the median from 16 to 1,024 hosts (64
 * times the hosts: below 64 is better than linear);</li>
 * <li>SystemQuery at 1,024 with 5% of the hosts hung: {@code bench.hungReps} calls (default 3)
 * against the goal of the per-host deadline (2 s) + 1 s;</li>
 * <li>SystemStop (prep and kill) then SystemStart at 1,024 hosts, until the re-Joins are in;</li>
 * <li>the node's threads, open file descriptors and sockets ({@code /proc/<pid>}) before,
 * after one round of {@code bench.loops} (default 50) back-to-back 1,024-host queries, after a
 * second round (which must add nothing: pools that grow lazily are full after the first) and at
 * most during both.</li>
 * </ul>
 * Every answer is checked against the fleet ({@link ScaleCalls}); a wrong one ends the run.
 * Prints a table to paste (BENCHMARKS.md). Run (after building the distribution):
 * {@code mvn -B -o -pl itest -Pbench verify -Dbench=FanoutBench}
 */
public final class FanoutBench {

    private static final int[] SIZES = {16, 64, 256, 1024};
    private static final int RANKS_PER_HOST = 2;
    private static final long JOIN_MS = 300_000;
    private static final String CMD = "mvn -B -o -pl itest -Pbench verify -Dbench=FanoutBench";

    private final RunningNode node;
    private final ManagedChannel ch;
    private final SimFleet fleet;
    private final List<String> rows = new ArrayList<>();

    private FanoutBench(RunningNode node, ManagedChannel ch, SimFleet fleet) {
        this.node = node;
        this.ch = ch;
        this.fleet = fleet;
    }

    public static void main(String[] args) throws Exception {
        if (!RunningNode.isRoot()) {
            System.out.println("FanoutBench needs root (ram SCM is a real tmpfs mount): not run");
            return;
        }
        int reps = Integer.getInteger("bench.reps", 10);
        int hungReps = Integer.getInteger("bench.hungReps", 3);
        int loops = Integer.getInteger("bench.loops", 50);
        try (RunningNode node = RunningNode.startFormatted("fanout-bench", Map.of())) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
            try (SimFleet fleet = SimFleet.start(0, RANKS_PER_HOST, node.port(), JOIN_MS)) {
                new FanoutBench(node, ch, fleet).run(reps, hungReps, loops);
            } finally {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private void run(int reps, int hungReps, int loops) throws Exception {
        double first = 0;
        double last = 0;
        for (int n : SIZES) {
            fleet.grow(n - fleet.hosts().size(), RANKS_PER_HOST, JOIN_MS);
            List<Long> ms = queries(reps, Set.of());
            row("SystemQuery, " + n + " hosts (" + fleet.rankCount() + " ranks), all healthy", ms,
                    n == 1024 ? "≤ 1 s" : "report");
            double median = median(ms);
            first = first == 0 ? median : first;
            last = median;
        }
        rows.add(String.format("| SystemQuery median growth 16 → 1024 hosts (64× the hosts) | %.1f× | ≤ 64× (linear) |",
                last / first));

        Set<SimHost> hung = new HashSet<>(fleet.setMode(SimHost.Mode.HUNG, 5));
        List<Long> slow = queries(hungReps, hung);
        row("SystemQuery, 1024 hosts, " + hung.size() + " (5%) hung", slow,
                "≤ " + (ScaleCalls.QUERY_DEADLINE_MS + 1000) + " ms (deadline + 1 s)");
        for (SimHost h : hung) {
            h.mode(SimHost.Mode.UP);
        }
        queries(1, Set.of());

        stopStart();
        resources(loops);

        System.out.printf("%nFanout at scale: one node (2 emulated engines) + simulated hosts of %d ranks, %d cores;"
                + " per-host query deadline %d ms%n", RANKS_PER_HOST, Runtime.getRuntime().availableProcessors(),
                ScaleCalls.QUERY_DEADLINE_MS);
        System.out.println("| measure | result | goal |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println("Reproduce: " + CMD);
    }

    /** {@code reps} timed queries after two unmeasured ones, each answer checked. */
    private List<Long> queries(int reps, Set<SimHost> hung) {
        List<Long> out = new ArrayList<>();
        for (int i = -2; i < reps; i++) {
            ScaleCalls.Timed<SystemQueryResp> q = ScaleCalls.query(ch);
            check(ScaleCalls.queryMismatch(q.reply().getMembersList(), node.instances(), fleet.hosts(), hung,
                    MemberState.STARTED, MemberState.UNRESPONSIVE));
            if (i >= 0) {
                out.add(q.ms());
            }
        }
        return out;
    }

    /** SystemStop then SystemStart of the whole fleet, then until every member is Started again. */
    private void stopStart() throws Exception {
        int n = fleet.hosts().size();
        ScaleCalls.Timed<SystemStopResp> stop;
        try {
            stop = ScaleCalls.stop(ch, false);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            rows.add("| SystemStop + SystemStart, " + n + " hosts | not served by this build | report |");
            return;
        }
        check(ScaleCalls.resultsMismatch(stop.reply().getResultsList(), node.instances(), fleet.hosts(), Set.of(), "stop",
                MemberState.STOPPED, true));
        long s0 = System.nanoTime();
        ScaleCalls.Timed<SystemStartResp> start = ScaleCalls.start(ch);
        check(ScaleCalls.resultsMismatch(start.reply().getResultsList(), node.instances(), fleet.hosts(), Set.of(), "start",
                MemberState.STARTED, false));
        fleet.awaitRejoins(JOIN_MS);
        check(ScaleCalls.awaitAll(ch, node.instances(), fleet.hosts(), MemberState.STARTED, JOIN_MS));
        long allMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
        rows.add(String.format("| SystemStop (prep + kill), %d hosts | %d ms | report |", n, stop.ms()));
        rows.add(String.format("| SystemStart, %d hosts (call; until all re-joined Started) | %d ms; %d ms | report |",
                n, start.ms(), allMs));
    }

    /** The node's threads, fds and sockets before, at most during and after {@code loops} queries. */
    private void resources(int loops) throws Exception {
        long pid = node.pid();
        queries(3, Set.of());
        ProcStats before = ProcStats.of(pid);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<ProcStats> peak = new AtomicReference<>(before);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread sampler = new Thread(() -> {
            try {
                while (!done.get()) {
                    ProcStats now = ProcStats.of(pid);
                    peak.accumulateAndGet(now, ProcStats::max);
                    Thread.sleep(20); // a sampling period, not a synchronisation
                }
            } catch (Exception e) {
                failed.set(e);
            }
        }, "fanout-bench-sampler");
        sampler.start();
        List<Long> ms;
        ProcStats mid;
        try {
            ms = new ArrayList<>(queries(loops, Set.of()));
            mid = ProcStats.of(pid); // lazily grown pools are full by now: the second round must add nothing
            ms.addAll(queries(loops, Set.of()));
        } finally {
            done.set(true);
            sampler.join();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        ProcStats after = ProcStats.of(pid);
        rows.add(String.format("| node during 2 × %d × 1024-host queries (median %.0f ms): threads before / after"
                + " round 1 / after round 2 / max | %d / %d / %d / %d | no growth in round 2 |", loops, median(ms),
                before.threads(), mid.threads(), after.threads(), peak.get().threads()));
        rows.add(String.format("| node: open fds (sockets) before / after round 1 / after round 2 / max | %d (%d) /"
                + " %d (%d) / %d (%d) / %d (%d) | no growth in round 2 |", before.fds(), before.sockets(), mid.fds(),
                mid.sockets(), after.fds(), after.sockets(), peak.get().fds(), peak.get().sockets()));
    }

    private void row(String what, List<Long> ms, String goal) {
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        rows.add(String.format("| %s | median %.0f ms, max %d ms (n=%d) | %s |", what, median(s), s.get(s.size() - 1),
                s.size(), goal));
    }

    private static double median(List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2.0;
    }

    private static void check(String mismatch) {
        if (mismatch != null) {
            throw new IllegalStateException("wrong answer: " + mismatch);
        }
    }
}
