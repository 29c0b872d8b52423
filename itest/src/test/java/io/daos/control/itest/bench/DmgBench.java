package io.daos.control.itest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.stub.StreamObserver;

/**
 * How fast {@code bin/dmg} starts and answers (a measurement, not a test; issue 15): in one run,
 * 10 timed runs each (after two untimed ones, the first of which makes the class-data archive
 * when the tree has none) of
 * <ul>
 * <li>{@code java -version} with the java bin/dmg runs (the JVM's floor);
 * <li>{@code bin/dmg -l 127.0.0.1:<port> system query} and {@code storage scan} against a real
 * formatted node (a private copy of the distribution, two emulated engines: root is needed);
 * <li>{@code bin/dmg -i -l 127.0.0.1:[p-p+63] storage format} across 64 simulated hosts: 64
 * gRPC servers in this JVM on consecutive loopback ports answering ctl.MgmtCtl/StorageFormat
 * with a canned success;
 * <li>{@code system query} once more with {@code DMG_CDS=off} (no archive), for comparison.
 * </ul>
 * Prints a table of medians and p90 in ms and as multiples of {@code java -version}, and
 * {@code RESULT} lines. bin/dmg is the one of the built tree ({@code daos.dist.dir}), whose
 * lib/dmg/dmg.jsa it makes if missing.
 *
 * <p>Run (after building the distribution):
 * {@code mvn -B -o -pl itest -Pbench verify -Dbench=DmgBench}
 */
public final class DmgBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 10);
    private static final int HOSTS = 64;

    private DmgBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(System.getProperty("daos.dist.dir", "distribution/target/daos-control")).toAbsolutePath();
        String dmg = dist.resolve("bin/dmg").toString();
        String java = java();
        List<String[]> rows = new ArrayList<>();
        long[] floor = measure("java -version", List.of(java, "-version"), null, null, rows, null);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<Server> servers = new ArrayList<>();
        try {
            int base = startHosts(group, servers);
            String list = "127.0.0.1:[" + base + "-" + (base + HOSTS - 1) + "]";
            measure("dmg storage format, 64 hosts", List.of(dmg, "-i", "-l", list, "storage", "format"),
                    "storage format ok", null, rows, floor);
        } finally {
            for (Server s : servers) {
                s.shutdownNow();
            }
            for (Server s : servers) {
                s.awaitTermination(10, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        if (RunningNode.isRoot()) {
            try (RunningNode node = RunningNode.startFormatted("dmg-bench")) {
                String at = "127.0.0.1:" + node.port();
                measure("dmg system query", List.of(dmg, "-l", at, "system", "query"), "Started", "Joined", rows, floor);
                measure("dmg storage scan", List.of(dmg, "-l", at, "storage", "scan"), "NVMe", null, rows, floor);
                measure("dmg system query, no archive", List.of(dmg, "-l", at, "system", "query"), "Started",
                        "Joined", rows, floor, "DMG_CDS", "off");
            }
        } else {
            System.out.println("a node needs root (ram SCM is a real tmpfs mount): system query and storage scan not run");
        }
        System.out.printf("%nbin/dmg start-up, %d cores, %d runs each (after 2 untimed), %s%n",
                Runtime.getRuntime().availableProcessors(), RUNS, dist);
        System.out.printf("%-32s %10s %10s %12s%n", "command", "median ms", "p90 ms", "x java -version");
        for (String[] r : rows) {
            System.out.printf("%-32s %10s %10s %12s%n", (Object[]) r);
        }
    }

    /** The java bin/dmg picks: JAVA_HOME's, else the one on PATH. */
    private static String java() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
    }

    /**
     * Two untimed runs, then {@link #RUNS} timed ones of {@code command}; each must exit 0 and
     * print {@code expect} (or {@code orExpect}) when given. Adds a table row; returns the sorted
     * wall times (ns).
     */
    private static long[] measure(String name, List<String> command, String expect, String orExpect,
            List<String[]> rows, long[] floor, String... env) throws Exception {
        Path out = Files.createTempFile("dmg-bench", ".out");
        try {
            long first = 0;
            long[] times = new long[RUNS];
            for (int i = -2; i < RUNS; i++) {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile());
                for (int e = 0; e + 1 < env.length; e += 2) {
                    pb.environment().put(env[e], env[e + 1]);
                }
                long t0 = System.nanoTime();
                Process p = pb.start();
                int status = p.waitFor();
                long took = System.nanoTime() - t0;
                String text = Files.readString(out);
                if (status != 0 || (expect != null && !text.contains(expect)
                        && (orExpect == null || !text.contains(orExpect)))) {
                    throw new IllegalStateException(name + ": exit " + status + ", printed:\n" + text);
                }
                if (i == -2) {
                    first = took;
                } else if (i >= 0) {
                    times[i] = took;
                }
            }
            java.util.Arrays.sort(times);
            double median = times[(RUNS - 1) / 2] / 1e6;
            double p90 = times[(int) Math.ceil(RUNS * 0.9) - 1] / 1e6;
            String ratio = floor == null ? "1.0" : String.format("%.1f", median / (floor[(RUNS - 1) / 2] / 1e6));
            rows.add(new String[] {name, String.format("%.0f", median), String.format("%.0f", p90), ratio});
            System.out.printf("RESULT %s median=%.0f ms p90=%.0f ms ratio=%s first=%.0f ms n=%d%n",
                    name.replace(' ', '_').replace(",", ""), median, p90, ratio, first / 1e6, RUNS);
            return times;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** 64 StorageFormat servers on consecutive loopback ports; returns the first port. */
    private static int startHosts(EventLoopGroup group, List<Server> servers) throws IOException {
        StorageFormatResp canned = StorageFormatResp.newBuilder()
                .addCrets(NvmeControllerResult.newBuilder().setPciaddr("0000:81:00.0")
                        .setState(ResponseState.getDefaultInstance()))
                .addMrets(ScmMountResult.newBuilder().setMntpoint("/mnt/daos")
                        .setState(ResponseState.getDefaultInstance()))
                .build();
        MgmtCtlGrpc.MgmtCtlImplBase service = new MgmtCtlGrpc.MgmtCtlImplBase() {
            @Override
            public void storageFormat(StorageFormatReq request, StreamObserver<StorageFormatResp> out) {
                out.onNext(canned);
                out.onCompleted();
            }
        };
        for (int attempt = 0; attempt < 20; attempt++) {
            int base = 20_000 + (int) (Math.random() * 30_000);
            try {
                for (int i = 0; i < HOSTS; i++) {
                    servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", base + i))
                            .bossEventLoopGroup(group).workerEventLoopGroup(group)
                            .channelType(NioServerSocketChannel.class).directExecutor()
                            .addService(service).build().start());
                }
                return base;
            } catch (IOException e) {
                for (Server s : servers) {
                    s.shutdownNow();
                }
                servers.clear();
            }
        }
        throw new IOException("no " + HOSTS + " consecutive free loopback ports found");
    }
}
