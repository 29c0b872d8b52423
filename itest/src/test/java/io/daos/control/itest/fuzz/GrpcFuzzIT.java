package io.daos.control.itest.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.junit.Assume;
import org.junit.Test;

import com.google.protobuf.Descriptors.MethodDescriptor;

import io.daos.control.itest.e2e.RunningNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The gRPC fuzz harness (issue 10): against one running node (two emulated engines, ram SCM),
 * every method its reflection lists gets {@code fuzz.iterations} mutated requests
 * ({@link RequestMutator}), each with a deadline; before and after each method's batch the node
 * is restored and checked ({@link NodeCheck}). Passes only with no crash, no deadline, no broken
 * answer and no health problem; the per-method table goes to {@code target/fuzz-report.txt}.
 * A crash does not end the run: the node is restarted so that the later methods are fuzzed too.
 *
 * <p>Host-acting fields kept safe: StoragePrepare's {@code nrhugepages} only gets 1 to 16 (0 or
 * less means 4096 pages, 8 GB, and any value is really written to /proc/sys/vm/nr_hugepages);
 * the host's nr_hugepages is written back afterwards. See docs/fuzzing.md.
 */
public class GrpcFuzzIT {

    static final Map<String, long[]> CONSTRAINTS = Map.of("ctl.PrepareNvmeReq.nrhugepages", new long[] {1, 16});
    /** The target name of the batch that sends to all methods at once. */
    static final String MIXED = "mixed (all methods)";
    private static final Path NR_HUGEPAGES = Path.of("/proc/sys/vm/nr_hugepages");

    @Test
    public void everyServedMethodSurvivesMutatedRequests() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        FuzzRun run = FuzzRun.fromSystemProperties();
        System.out.println("[fuzz] gRPC seed " + run.seed() + "; reproduce: " + run.reproduce("GrpcFuzzIT"));
        String hugepages = Files.isReadable(NR_HUGEPAGES) ? Files.readString(NR_HUGEPAGES).trim() : null;
        Tally tally = new Tally();
        long t0 = System.nanoTime();
        try (RunningNode node = RunningNode.startFormatted("fuzz-grpc")) {
            ManagedChannel fuzz = channel(node.port());
            ManagedChannel checks = channel(node.port());
            try {
                List<MethodDescriptor> methods = ServedMethods.of(checks);
                assertTrue("reflection lists ctl.MgmtCtl/SystemQuery: " + methods,
                        methods.stream().anyMatch(m -> ServedMethods.fullName(m).equals("ctl.MgmtCtl/SystemQuery")));
                NodeCheck check = new NodeCheck(node, checks);
                GrpcFuzzer fuzzer = new GrpcFuzzer(fuzz, new RequestMutator(CONSTRAINTS), run.seed(),
                        run.deadlineMs(), tally);
                fuzzEach(node, run, methods, fuzzer, check::restoreAndCheck, tally);
            } finally {
                fuzz.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                checks.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                // the server's side of any finding, kept beside the report
                Files.copy(node.log(), Path.of("target", "fuzz-grpc-server.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (hugepages != null && !hugepages.equals(Files.readString(NR_HUGEPAGES).trim())) {
                Files.writeString(NR_HUGEPAGES, hugepages);
            }
        }
        String report = tally.report("gRPC fuzz: seed " + run.seed() + ", " + run.iterations()
                + " requests per method, " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)
                + " s; reproduce: " + run.reproduce("GrpcFuzzIT"));
        run.write("fuzz-report.txt", report);
        assertTrue(report, tally.clean());
    }

    /**
     * Sends each of {@code methods} its batch of {@code run}'s requests, then one batch to all of
     * them at once ({@link #MIXED}), with {@code restore} (restores the node and returns what does
     * not hold, for the server pid given) before and after each batch; a server that died is
     * recorded and restarted so that the later methods are fuzzed too.
     */
    static void fuzzEach(RunningNode node, FuzzRun run, List<MethodDescriptor> methods, GrpcFuzzer fuzzer,
            Function<Long, List<String>> restore, Tally tally) throws Exception {
        for (MethodDescriptor m : methods) {
            String name = ServedMethods.fullName(m);
            if (!run.includes(name)) {
                continue;
            }
            long pid = node.pid();
            BooleanSupplier alive = () -> node.pid() == pid && node.process().isAlive();
            restore.apply(pid).forEach(p -> tally.problem("before " + name + ": " + p));
            long b0 = System.nanoTime();
            int to = run.to(run.iterations());
            boolean survived = fuzzer.batch(m, run.from(), to, run.parallel(), alive);
            System.out.printf("[fuzz] %s: %d requests in %d ms%n", name, to - run.from(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - b0));
            if (!survived || !alive.getAsBoolean()) {
                tally.problem("after " + name + ": server pid " + pid + " died; stderr tail: "
                        + node.stderrTail(10) + "; node restarted for the next method");
                node.restart();
                continue;
            }
            restore.apply(pid).forEach(p -> tally.problem("after " + name + ": " + p));
        }
        if (run.includes(MIXED)) {
            // every method at once: state-changing requests race each other
            long pid = node.pid();
            BooleanSupplier same = () -> node.pid() == pid && node.process().isAlive();
            boolean survived = fuzzer.mixed(methods, MIXED, run.from(), run.to(2 * run.iterations()),
                    2 * run.parallel(), same);
            if (!survived || !same.getAsBoolean()) {
                tally.problem("after " + MIXED + ": server pid " + pid + " died; stderr tail: "
                        + node.stderrTail(10));
            } else {
                restore.apply(pid).forEach(p -> tally.problem("after " + MIXED + ": " + p));
            }
        }
    }

    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }
}
