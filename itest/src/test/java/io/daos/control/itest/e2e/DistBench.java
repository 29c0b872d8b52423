package io.daos.control.itest.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * Measurements of the assembled distribution (not a test): start-up time, hot-add latency and
 * idle footprint, on a private copy of the tree.
 *
 * <ul>
 * <li>start: {@code bin/daos_server start} launched -> first answered health check (the check is
 * sent when the banner appears, which is printed once the gRPC server listens); the first start
 * of a fresh copy (empty bundle cache, no class-data archive) is reported apart, then the median
 * of N restarts;
 * <li>hot add: example-echo jar renamed into deploy/ -> first successful Echo call (the health
 * Watch on daos.control.example.echo.Echo says SERVING, then one call), median of N;
 * <li>idle RSS: VmRSS of the server process after it has idled a few seconds with echo deployed.
 * </ul>
 *
 * Run (after building the distribution):
 * {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.e2e.DistBench [-Dbench.runs=10]}
 * To measure a JVM knob: {@code -Dbench.jvm.options=<file>} replaces etc/jvm.options of the copy,
 * {@code -Dbench.file.etc/system.properties=<file>} replaces any file of the copy,
 * {@code -Dbench.env=DAOS_CDS=0,JAVA_OPTS=...} adds environment variables.
 */
public final class DistBench {

    private DistBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 10);
        Dist dist = Dist.copy("dist-bench");
        String opts = System.getProperty("bench.jvm.options");
        if (opts != null) {
            Files.copy(Path.of(opts), dist.home.resolve("etc/jvm.options"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("bench.file.")) { // bench.file.etc/system.properties=<file>
                Files.copy(Path.of(System.getProperty(k)), dist.home.resolve(k.substring("bench.file.".length())),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String envSpec = System.getProperty("bench.env", "");
        for (String kv : envSpec.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                ENV.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        Path work = Files.createTempDirectory("dist-bench-work");
        try {
            int port = TestFiles.freePort();
            Path cfg = TestFiles.writeConfig(work, port, "");

            double first = startOnce(dist, cfg, port, null);
            List<Double> starts = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                starts.add(startOnce(dist, cfg, port, null));
            }

            List<Double> hot = new ArrayList<>();
            long[] rss = new long[1];
            startOnce(dist, cfg, port, server -> {
                try (GrpcTestClient c = new GrpcTestClient(port)) {
                    GrpcTestClient.Watch w = c.watch(GrpcTestClient.ECHO);
                    w.awaitStatus(ServingStatus.SERVICE_UNKNOWN, 30_000);
                    Path jar = dist.example("echo");
                    Path target = dist.deploy().resolve("echo.jar");
                    for (int i = 0; i < runs + 1; i++) {
                        Path tmp = dist.deploy().resolve(".echo.jar.tmp");
                        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
                        long t0 = System.nanoTime();
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                        w.awaitStatus(ServingStatus.SERVING, 30_000);
                        c.echo("bench");
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (i > 0) { // the first one warms the client
                            hot.add(ms);
                        }
                        Files.delete(target);
                        w.awaitStatus(ServingStatus.NOT_SERVING, 30_000);
                    }
                    Files.copy(jar, dist.deploy().resolve(".echo.jar.tmp"), StandardCopyOption.REPLACE_EXISTING);
                    Files.move(dist.deploy().resolve(".echo.jar.tmp"), target, StandardCopyOption.ATOMIC_MOVE);
                    w.awaitStatus(ServingStatus.SERVING, 30_000);
                    c.echo("idle");
                    Thread.sleep(5_000); // idle: a measurement, not a test
                    rss[0] = vmRssKb(server.process.pid());
                    Files.delete(target);
                }
            });

            System.out.printf("%nDAOS distribution measurements (%d runs, %d cores)%n", runs,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  first start of a fresh copy (empty cache, no CDS): %.0f ms%n", first);
            System.out.printf("  start -> first answered health check, median: %.0f ms (min %.0f, max %.0f; goal <= 1000)%n",
                    median(starts), Collections.min(starts), Collections.max(starts));
            System.out.printf("  hot add jar -> first successful call, median: %.0f ms (min %.0f, max %.0f; goal < 1000)%n",
                    median(hot), Collections.min(hot), Collections.max(hot));
            System.out.printf("  idle RSS (VmRSS, echo deployed): %.1f MiB (goal <= 128)%n", rss[0] / 1024.0);
        } finally {
            TestFiles.deleteTree(work);
            dist.delete();
        }
    }

    private static final java.util.Map<String, String> ENV = new java.util.HashMap<>();

    interface WhileUp {
        void run(ServerProcess server) throws Exception;
    }

    /** One start; returns ms from launch to the first answered health check; then SIGTERM. */
    static double startOnce(Dist dist, Path cfg, int port, WhileUp whileUp) throws Exception {
        long t0 = System.nanoTime();
        try (ServerProcess server = ServerProcess.start(dist, ENV, "start", "-o", cfg.toString())) {
            server.awaitListening(60_000);
            double ms;
            try (GrpcTestClient c = new GrpcTestClient(port)) {
                if (c.check("") != ServingStatus.SERVING) {
                    throw new IllegalStateException("not SERVING");
                }
                ms = (System.nanoTime() - t0) / 1e6;
            }
            if (whileUp != null) {
                whileUp.run(server);
            }
            server.terminate();
            if (server.awaitExit(60_000) != 0) {
                throw new IllegalStateException("exit status != 0: " + server.err());
            }
            return ms;
        }
    }

    static long vmRssKb(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static double median(List<Double> l) {
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
