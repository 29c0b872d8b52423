package io.daos.control.engine;

import io.daos.control.proto.srv.NotifyReadyReq;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measurement, not a test: exec -> NotifyReady received (a test listener on a temp
 * daos_server.sock), median of 10 after one warm-up run (which records the CDS archive), and the
 * idle VmRSS of each run. Runs the distribution's bin/daos_io_server
 * (-Ddaos.dist.dir=distribution/target/daos-control). Run with
 * {@code mvn -B -o -pl native/engine -Pbench verify} after {@code mvn -B -o install -DskipTests}.
 */
public final class EngineBench {
    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(System.getProperty("daos.dist.dir", "distribution/target/daos-control")).toAbsolutePath();
        Path script = dist.resolve("bin/daos_io_server");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " not found: build the distribution first");
        }
        int runs = Integer.getInteger("runs", 10);
        Path root = Files.createTempDirectory("engbench");
        Path run = Files.createDirectories(root.resolve("run"));
        Path scm = Files.createDirectories(root.resolve("scm"));
        Files.writeString(scm.resolve("daos_nvme.conf"), "[Malloc]\n    NumberOfLuns 1\n    LunSizeInMB 1000\n");
        List<Double> startMs = new ArrayList<>();
        List<Long> rssKb = new ArrayList<>();
        try (EngineProcess.ControlSocket ctl = new EngineProcess.ControlSocket(run)) {
            for (int i = 0; i <= runs; i++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(script.toString());
                cmd.addAll(EngineProcess.args(run, scm, 4));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(root.toFile(), "out.log")));
                pb.environment().putAll(Map.of("CRT_PHY_ADDR_STR", "ofi+sockets", "OFI_INTERFACE", "lo",
                        "OFI_PORT", "31416", "VOS_BDEV_CLASS", "MALLOC"));
                long t0 = System.nanoTime();
                Process p = pb.start();
                NotifyReadyReq r = ctl.awaitReady(60);
                double ms = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(500); // idle
                long rss = vmRssKb(p.pid());
                p.destroy();
                if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("run " + i + ": no clean exit after SIGTERM");
                }
                System.out.printf("run %2d%s: ready after %7.1f ms, idle VmRSS %6d KiB (%s)%n", i,
                        i == 0 ? " (warm-up, records the CDS archive)" : "", ms, rss, r.getDrpcListenerSock());
                if (i > 0) {
                    startMs.add(ms);
                    rssKb.add(rss);
                }
            }
        }
        Collections.sort(startMs);
        Collections.sort(rssKb);
        double median = (startMs.get((runs - 1) / 2) + startMs.get(runs / 2)) / 2;
        System.out.printf("EngineBench: exec -> NotifyReady median %.1f ms (min %.1f, max %.1f) over %d runs;"
                + " idle VmRSS median %d KiB, max %d KiB%n", median, startMs.get(0), startMs.get(runs - 1), runs,
                rssKb.get(runs / 2), rssKb.get(runs - 1));
    }

    static long vmRssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
