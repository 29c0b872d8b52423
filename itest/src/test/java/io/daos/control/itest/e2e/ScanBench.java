package io.daos.control.itest.e2e;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of {@code bin/daos_server storage scan} (goal: median of 10 ≤ 1 s, JVM start
 * included) on a private copy of the distribution, next to {@code bin/daos_server version} in the
 * same run as the floor of starting the JVM and the launcher. Each command is run once to warm up
 * (page cache, JNA's native stub, class-data archives), then N times; wall time is process start
 * to exit, output discarded. Not a test.
 *
 * <p>Run (after building the distribution):
 * {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.e2e.ScanBench [-Dbench.runs=10] [-Dbench.env=DAOS_CDS=0]}
 */
public final class ScanBench {

    private static final long GOAL_MS = 1000;

    private ScanBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Math.max(3, Integer.getInteger("bench.runs", 10));
        Map<String, String> env = new java.util.HashMap<>();
        String extra = System.getProperty("bench.env");
        if (extra != null && extra.contains("=")) {
            env.put(extra.substring(0, extra.indexOf('=')), extra.substring(extra.indexOf('=') + 1));
        }
        Dist dist = Dist.copy("scan-bench");
        try {
            check(dist, env, "storage", "scan");
            List<Double> scan = time(dist, env, runs, "storage", "scan");
            List<Double> version = time(dist, env, runs, "version");
            List<Double> net = time(dist, env, runs, "network", "scan", "-a");
            double s = median(scan);
            double v = median(version);
            System.out.printf("%nbin/daos_server wall time, %d runs after 1 warm-up, %d cores, java %s%s%n", runs,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    env.isEmpty() ? "" : ", env " + env);
            report("storage scan", scan);
            report("version", version);
            report("network scan -a", net);
            System.out.printf("  storage scan / goal (%d ms): %.2f   storage scan / version: %.2f%n", GOAL_MS,
                    s / GOAL_MS, s / v);
            System.out.printf("RESULT storage_scan_ms median=%.0f min=%.0f max=%.0f (goal <= %d)%n", s,
                    Collections.min(scan), Collections.max(scan), GOAL_MS);
        } finally {
            dist.delete();
        }
    }

    private static void report(String what, List<Double> ms) {
        System.out.printf("  %-16s median %5.0f ms  (min %.0f, max %.0f)%n", what, median(ms), Collections.min(ms),
                Collections.max(ms));
    }

    /** Runs once, printing the output: the command must work before it is timed. */
    private static void check(Dist dist, Map<String, String> env, String... args) throws Exception {
        Process p = ServerProcess.builder(dist, env, args).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", args) + " did not finish");
        }
        System.out.print("$ bin/daos_server " + String.join(" ", args) + "   (exit " + p.exitValue() + ")\n" + out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed");
        }
    }

    /** 1 warm-up + {@code runs} timed runs, ms each. */
    private static List<Double> time(Dist dist, Map<String, String> env, int runs, String... args) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            ProcessBuilder pb = ServerProcess.builder(dist, env, args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null"));
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args) + " did not finish");
            }
            double t = (System.nanoTime() - t0) / 1e6;
            if (i > 0) {
                ms.add(t);
            }
        }
        return ms;
    }

    static double median(List<Double> l) {
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
