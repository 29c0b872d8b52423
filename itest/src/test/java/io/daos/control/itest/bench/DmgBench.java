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
 * 10 timed rounds (after 3 untimed ones, the first of which makes the class-data archive when the
 * tree has none), each running every command of its group once, in turn, of
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
    private static final int WARM_ROUNDS = 3;
    private static final int HOSTS = 64;

    private DmgBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(System.getProperty("daos.dist.dir", "distribution/target/daos-control")).toAbsolutePath();
        String dmg = dist.resolve("bin/dmg").toString();
        Cmd floor = new Cmd("java -version", List.of(java(), "-version"), null);
        List<String[]> rows = new ArrayList<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<Server> servers = new ArrayList<>();
        try {
            int base = startHosts(group, servers);
            String list = "127.0.0.1:[" + base + "-" + (base + HOSTS - 1) + "]";
            rounds(List.of(floor, new Cmd("dmg storage format, 64 hosts", List.of(dmg, "-i", "-l", list, "storage",
                    "format"), "storage format ok")), rows);
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
                rounds(List.of(floor,
                        new Cmd("dmg system query", List.of(dmg, "-l", at, "system", "query"), "Started"),
                        new Cmd("dmg storage scan", List.of(dmg, "-l", at, "storage", "scan"), "NVMe"),
                        new Cmd("dmg system query, no archive", List.of(dmg, "-l", at, "system", "query"), "Started",
                                "DMG_CDS", "off")), rows);
            }
        } else {
            System.out.println("a node needs root (ram SCM is a real tmpfs mount): system query and storage scan not run");
        }
        System.out.printf("%nbin/dmg start-up, %d cores, %d rounds (after %d untimed), each command once per round%n%s%n",
                Runtime.getRuntime().availableProcessors(), RUNS, WARM_ROUNDS, dist);
        System.out.printf("%-32s %10s %10s %12s%n", "command", "median ms", "p90 ms", "x java -version");
        for (String[] r : rows) {
            System.out.printf("%-32s %10s %10s %12s%n", (Object[]) r);
        }
    }

    /** One command measured: it must exit 0 and print {@code expect} when given; {@code env} name/value pairs. */
    private record Cmd(String name, List<String> command, String expect, String... env) {
    }

    /**
     * {@link #WARM_ROUNDS} untimed rounds (the first run of bin/dmg makes the class-data archive
     * when the tree has none; a node just started settles), then {@link #RUNS} timed ones; a round
     * runs every command once, in turn, so that whatever else the machine does weighs on all of
     * them alike. The first command is the floor the others are divided by. Adds a row per
     * command.
     */
    private static void rounds(List<Cmd> cmds, List<String[]> rows) throws Exception {
        long[][] times = new long[cmds.size()][RUNS];
        Path out = Files.createTempFile("dmg-bench", ".out");
        try {
            for (int round = -WARM_ROUNDS; round < RUNS; round++) {
                for (int c = 0; c < cmds.size(); c++) {
                    long took = run(cmds.get(c), out);
                    if (round >= 0) {
                        times[c][round] = took;
                    }
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
        double floor = 0;
        for (int c = 0; c < cmds.size(); c++) {
            long[] t = times[c];
            java.util.Arrays.sort(t);
            double median = t[(RUNS - 1) / 2] / 1e6;
            double p90 = t[(int) Math.ceil(RUNS * 0.9) - 1] / 1e6;
            if (c == 0) {
                floor = median;
            }
            String ratio = String.format("%.1f", median / floor);
            rows.add(new String[] {cmds.get(c).name(), String.format("%.0f", median), String.format("%.0f", p90), ratio});
            System.out.printf("RESULT %s median=%.0f ms p90=%.0f ms ratio=%s n=%d%n",
                    cmds.get(c).name().replace(' ', '_').replace(",", ""), median, p90, ratio, RUNS);
        }
    }

    /** One run of {@code cmd}; its wall time in ns. */
    private static long run(Cmd cmd, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd.command()).redirectErrorStream(true).redirectOutput(out.toFile());
        for (int e = 0; e + 1 < cmd.env().length; e += 2) {
            pb.environment().put(cmd.env()[e], cmd.env()[e + 1]);
        }
        long t0 = System.nanoTime();
        int status = pb.start().waitFor();
        long took = System.nanoTime() - t0;
        String text = Files.readString(out);
        if (status != 0 || (cmd.expect() != null && !text.contains(cmd.expect()))) {
            throw new IllegalStateException(cmd.name() + ": exit " + status + ", printed:\n" + text);
        }
        return took;
    }

    /** The java bin/dmg picks: JAVA_HOME's, else the one on PATH. */
    private static String java() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
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
