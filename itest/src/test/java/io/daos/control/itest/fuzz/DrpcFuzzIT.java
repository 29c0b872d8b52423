package io.daos.control.itest.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Test;

import io.daos.control.itest.e2e.RunningNode;
import io.grpc.ManagedChannel;

/**
 * The dRPC half of the fuzz harness (issue 10), against a running node's
 * {@code daos_server.sock}: malformed packets (random bytes, empty, oversize, truncated Calls,
 * unknown modules and methods, unknown fields, known methods with random bodies), each of which
 * must be answered with a decodable Response; then a flood of idle connections
 * ({@code fuzz.drpc.flood}, default 3000) held while the node is checked, then one call on each
 * and the node checked again, and once more after they are closed. No particular connection
 * cap is asserted: only that the node stays healthy ({@link NodeCheck}) and that the socket
 * serves a call after the flood.
 */
public class DrpcFuzzIT {

    @Test
    public void malformedPacketsAndAConnectionFloodLeaveTheNodeHealthy() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        FuzzRun run = FuzzRun.fromSystemProperties();
        int packets = Integer.getInteger("fuzz.drpc.packets", run.iterations() * 10);
        int floodSize = Integer.getInteger("fuzz.drpc.flood", 3000);
        System.out.println("[fuzz] dRPC seed " + run.seed() + "; reproduce: " + run.reproduce("DrpcFuzzIT"));
        Tally tally = new Tally();
        String floodLine;
        try (RunningNode node = RunningNode.startFormatted("fuzz-drpc")) {
            ManagedChannel checks = GrpcFuzzIT.channel(node.port());
            try {
                NodeCheck check = new NodeCheck(node, checks);
                long pid = node.pid();
                check.restoreAndCheck(pid).forEach(p -> tally.problem("before: " + p));
                DrpcFuzzer fuzzer = new DrpcFuzzer(node.drpcSocket(), run.seed(), (int) run.deadlineMs(), tally);
                long t0 = System.nanoTime();
                fuzzer.packets(run.from(), run.to(packets),
                        () -> check.alive(pid));
                System.out.printf("[fuzz] dRPC: %d packets in %d ms%n", packets,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                check.restoreAndCheck(pid).forEach(p -> tally.problem("after packets: " + p));

                try (DrpcFuzzer.Flood flood = fuzzer.flood(floodSize)) {
                    String idleRss = rssKb(pid);
                    check.restoreAndCheck(pid).forEach(p -> tally.problem("during idle flood: " + p));
                    int[] calls = fuzzer.callEach(flood);
                    if (calls[1] > 0) {
                        tally.problem("during flood: " + calls[1] + " held connections neither answered a call"
                                + " within 1 s nor were refused (after " + calls[0] + " answered)");
                    }
                    floodLine = "flood: " + flood.open().size() + " connections opened, " + flood.failed()
                            + " connects failed, " + calls[0] + " answered a call; server VmRSS " + idleRss
                            + " kB idle, " + rssKb(pid) + " kB after the calls";
                    check.restoreAndCheck(pid).forEach(p -> tally.problem("during flood: " + p));
                }
                check.restoreAndCheck(pid).forEach(p -> tally.problem("after flood: " + p));
                String probe = fuzzer.probe();
                if (!probe.equals("UNKNOWN_MODULE")) {
                    tally.problem("after flood: a well-formed call on a new connection: " + probe);
                }
            } finally {
                checks.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        String report = tally.report("dRPC fuzz: seed " + run.seed() + ", " + packets + " packets; " + floodLine
                + "; reproduce: " + run.reproduce("DrpcFuzzIT"));
        run.write("fuzz-drpc-report.txt", report);
        assertTrue(report, tally.clean());
    }

    static String rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
