package io.daos.control.itest.reliability;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.KillableNode;

/**
 * daos_server SIGKILL during format (issue 16, point 5), {@code reliability.format.kills} rounds
 * (quick 2, long 50). Each round starts on unformatted storage, sends StorageFormat from a client
 * thread and SIGKILLs daos_server the moment a seeded one of the events of format and first start
 * appears in its log (the SCM format of either instance, storage ready, the superblocks, each
 * engine's spawn, the DB, each rank's join and start): no engine is left, each superblock is
 * absent or complete, no tmpfs is mounted twice. Started again on the same storage, DB and copy,
 * format runs again as far as needed (SPEC-SERVER §4.10) and both ranks come up, each SCM mounted
 * exactly once. Then a clean stop and unmount make the next round's storage unformatted again.
 */
public class FormatKillIT {

    @Rule
    public final NodeRule rule = new NodeRule("rel-formatkill");

    /** The log events of a format and first start, in their order: the kill points. */
    private List<Map.Entry<String, Predicate<String>>> killPoints() {
        String scm0 = "(ram:" + node().scm(0) + ")";
        String scm1 = "(ram:" + node().scm(1) + ")";
        String member = "system member (added|rejoined): member 127\\.0\\.0\\.1:" + node().port() + "/";
        return List.of(
                Map.entry("format request for instance 0", l -> l.contains("formatting storage for DAOS I/O Server instance 0")),
                Map.entry("SCM 0 format started", l -> l.contains("Starting format of SCM " + scm0)),
                Map.entry("SCM 0 formatted", l -> l.contains("Finished format of SCM " + scm0)),
                Map.entry("SCM 1 format started", l -> l.contains("Starting format of SCM " + scm1)),
                Map.entry("SCM 1 formatted", l -> l.contains("Finished format of SCM " + scm1)),
                Map.entry("instance 0 storage ready", l -> l.contains("I/O Server instance 0 storage ready")),
                Map.entry("instance 1 storage ready", l -> l.contains("I/O Server instance 1 storage ready")),
                Map.entry("engine 0 spawned", l -> l.contains("Starting I/O server instance 0: ")),
                Map.entry("system DB open", l -> l.contains("system DB open: ")),
                Map.entry("rank 0 member", l -> l.matches(".*" + member + "0 .*")),
                Map.entry("engine 1 spawned", l -> l.contains("Starting I/O server instance 1: ")),
                Map.entry("MS started", l -> l.contains("Management Service access point started")),
                Map.entry("rank 0 started", l -> l.contains("I/O server instance 0 started on rank")),
                Map.entry("rank 1 joined", l -> l.matches(".*" + member + "1 .*")),
                Map.entry("rank 1 started", l -> l.contains("I/O server instance 1 started on rank")));
    }

    private KillableNode node() {
        return rule.get();
    }

    @Test
    public void sigkillAnywhereInFormatLeavesNoTornFileOrphanOrMountAndFormatRunsAgain() throws Exception {
        int rounds = Profile.count("format.kills", 2, 50);
        Random rnd = Profile.random("FormatKillIT");
        long t0 = System.nanoTime();
        List<Map.Entry<String, Predicate<String>>> points = killPoints();
        for (int round = 1; round <= rounds; round++) {
            long r0 = System.nanoTime();
            Map.Entry<String, Predicate<String>> point = points.get(rnd.nextInt(points.size()));
            String at = "round " + round + "/" + rounds + " (kill at: " + point.getKey() + ")";
            int mark = node().start();
            node().awaitLog(mark, l -> l.contains("SCM format required on instance 0"), KillableNode.EVENT_MS);
            int gate = node().logLines();
            CompletableFuture<String> format = CompletableFuture.supplyAsync(() -> {
                try {
                    node().format();
                    return "format acknowledged";
                } catch (RuntimeException e) {
                    return "format failed: " + e.getMessage();
                }
            });
            String seen = node().awaitLog(gate, point.getValue(), KillableNode.EVENT_MS);
            node().sigkill();
            String client = format.get(KillableNode.EVENT_MS, TimeUnit.MILLISECONDS);
            String left = CrashChecks.afterKill(node(), at);

            long s0 = System.nanoTime();
            mark = node().start();
            String how = node().formatAgainAndAwaitJoined(mark) + String.format(" (%.1f s)", (System.nanoTime() - s0) / 1e9);
            CrashChecks.afterRestart(node(), at);
            System.out.printf("[measure] FormatKillIT: %s: killed on '%s'; client: %s; left %s; restart: %s; "
                    + "round %.1f s%n", at, seen.substring(Math.min(seen.length(), 20)), client, left, how,
                    (System.nanoTime() - r0) / 1e9);
            node().stopCleanly();
            node().wipeScm();
        }
        System.out.printf("[measure] FormatKillIT: %d rounds, %.1f s in all%n", rounds, (System.nanoTime() - t0) / 1e9);
    }
}
