package io.daos.control.itest.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Measurements of one node (not a test) on a private copy of the distribution, two emulated
 * engines with ram SCM (tmpfs, so root is needed) and a file bdev each:
 * <ul>
 * <li>(c) StorageFormat of the 2 waiting instances: the call alone (the channel is connected
 * first), then the node is stopped and the SCM unmounted; N runs, the last one keeps its storage;
 * <li>(a) {@code bin/daos_server start} on formatted storage (existing superblocks) → both ranks
 * joined (the second "system member added" log line seen, then SystemQuery says both Started);
 * <li>(b) SIGKILL of engine 1 → member state Stopped, from the harness log line
 * {@code rank 1 member state Stopped at <instant>} (the instant of the change, as in NodeIT).
 * </ul>
 * Run (after building the distribution), as root:
 * {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.e2e.NodeBench [-Dbench.runs=5]}
 */
public final class NodeBench {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;
    private static final Pattern STATE_AT = Pattern.compile("rank (\\d+) member state Stopped at (\\S+)");

    private NodeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (!NodeSupport.isRoot()) {
            System.out.println("NodeBench needs root (ram SCM is a real tmpfs mount): not run");
            return;
        }
        int runs = Math.max(5, Integer.getInteger("bench.runs", 5));
        Dist dist = Dist.copy("node-bench");
        NodeSupport node = null;
        try {
            node = NodeSupport.create(dist, "node-bench-work", true);
            List<Double> format = new ArrayList<>();
            List<Double> start = new ArrayList<>();
            List<Double> kill = new ArrayList<>();

            // (c) format; the server is started once before to leave the first-start cost
            // (bundle cache, class-data archive) out of every number
            formatRun(node, true);
            for (int i = 0; i < runs; i++) {
                format.add(formatRun(node, i < runs - 1));
            }
            // (a) + (b) on the storage formatted last
            for (int i = 0; i < runs; i++) {
                double[] r = startAndKill(node);
                start.add(r[0]);
                kill.add(r[1]);
            }

            System.out.printf("%nDAOS node measurements (%d runs, %d cores, 2 emulated engines, ram SCM + file bdev)%n",
                    runs, Runtime.getRuntime().availableProcessors());
            result("start_to_all_joined_ms", start, "goal <= 3000");
            result("engine_sigkill_to_member_stopped_ms", kill, "goal <= 20");
            result("storage_format_2_instances_ms", format, "report");
        } finally {
            if (node != null) {
                node.cleanUp();
            }
            dist.delete();
        }
    }

    private static void result(String name, List<Double> v, String goal) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        System.out.printf("RESULT %s min=%.1f median=%.1f max=%.1f n=%d (%s)%n", name, s.get(0),
                DistBench.median(s), s.get(s.size() - 1), s.size(), goal);
    }

    private static ManagedChannel channel(NodeSupport node) {
        return NettyChannelBuilder.forAddress("127.0.0.1", node.port).usePlaintext().build();
    }

    private static void stop(NodeSupport node, ServerProcess server) throws Exception {
        List<ProcessHandle> engines = node.engineProcesses();
        server.terminate();
        if (server.awaitExit(START_MS) != 0) {
            throw new IllegalStateException("exit status != 0: " + server.err());
        }
        for (ProcessHandle h : engines) {
            h.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    /** Start at the format gate, time the StorageFormat call, wait for both joined, stop. */
    private static double formatRun(NodeSupport node, boolean wipe) throws Exception {
        int mark = node.logLines();
        ServerProcess server = node.start();
        ManagedChannel ch = channel(node);
        double ms;
        try {
            server.awaitListening(START_MS);
            node.awaitLog(server, mark, l -> l.contains("SCM format required on instance 0"), EVENT_MS);
            HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            long t0 = System.nanoTime();
            List<StorageFormatResp> replies = new ArrayList<>();
            MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(120, TimeUnit.SECONDS)
                    .storageFormat(StorageFormatReq.getDefaultInstance()).forEachRemaining(replies::add);
            ms = (System.nanoTime() - t0) / 1e6;
            StorageFormatResp r = replies.get(0);
            if (replies.size() != 1 || r.getMretsCount() != 2 || r.getCretsCount() != 2
                    || r.getMretsList().stream().anyMatch(m -> m.getState().getStatusValue() != 0)
                    || r.getCretsList().stream().anyMatch(c -> c.getState().getStatusValue() != 0)) {
                throw new IllegalStateException("format failed: " + replies);
            }
            node.awaitSetUp(server, mark, EVENT_MS);
            stop(node, server);
        } finally {
            ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.close();
        }
        if (wipe) {
            node.unmountScm();
            for (int i = 0; i < 2; i++) {
                java.nio.file.Files.deleteIfExists(node.work.resolve("bdev" + i + ".img"));
            }
        }
        return ms;
    }

    /** {launch → both joined ms, engine SIGKILL → member Stopped ms}. */
    private static double[] startAndKill(NodeSupport node) throws Exception {
        int mark = node.logLines();
        long t0 = System.nanoTime();
        ServerProcess server = node.start();
        ManagedChannel ch = channel(node);
        try {
            node.awaitMemberAdded(server, mark, 0, EVENT_MS);
            node.awaitMemberAdded(server, mark, 1, EVENT_MS);
            double startMs = (System.nanoTime() - t0) / 1e6;
            if (node.linesFrom(mark).stream().anyMatch(l -> l.contains("SCM format required"))) {
                throw new IllegalStateException("formatted storage asked for format again");
            }
            List<SystemMember> members = MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
            if (members.size() != 2 || members.stream().anyMatch(m -> m.getState() != 1)) {
                throw new IllegalStateException("not both Started: " + members);
            }
            node.awaitSetUp(server, mark, EVENT_MS);

            ProcessHandle e1 = engine(node, 1);
            int before = node.logLines();
            Instant killedAt = Instant.now();
            e1.destroyForcibly();
            String changed = node.awaitLog(server, before, l -> STATE_AT.matcher(l).find(), EVENT_MS);
            Matcher m = STATE_AT.matcher(changed);
            m.find();
            if (!m.group(1).equals("1")) {
                throw new IllegalStateException("unexpected: " + changed);
            }
            double killMs = Duration.between(killedAt, Instant.parse(m.group(2))).toNanos() / 1e6;
            stop(node, server);
            return new double[] {startMs, killMs};
        } finally {
            ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.close();
        }
    }

    /** The emulator process (not its setpriv wrapper) of instance {@code index}. */
    private static ProcessHandle engine(NodeSupport node, int index) {
        return node.engineProcesses().stream().filter(h -> {
            if (!h.info().commandLine().orElse("").contains("io.daos.control.engine.EngineMain")) {
                return false;
            }
            String[] a = h.info().arguments().orElse(new String[0]);
            for (int i = 0; i + 1 < a.length; i++) {
                if (a[i].equals("-I") && a[i + 1].equals(Integer.toString(index))) {
                    return true;
                }
            }
            return false;
        }).findFirst().orElseThrow(() -> new IllegalStateException("no engine process for instance " + index));
    }
}
