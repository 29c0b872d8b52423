package io.daos.control.itest.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

import io.daos.control.example.echo.proto.EchoGrpc;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.daos.control.itest.support.TestFiles;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ServerCalls;

/**
 * Unary gRPC latency through the assembled host versus a raw grpc-java server, same JVM, same run.
 *
 * <p>The host is the real thing: Felix with every bundle of the assembled distribution's
 * {@code system/} folder plus the example-echo module from {@code examples/}, so a call goes
 * through the rpc-server's whiteboard {@code HandlerRegistry} and its dynamic interceptor chain.
 * The raw server is a plain {@code NettyServerBuilder} server in this JVM serving the same Echo
 * method with the same logic. Both are called over loopback TCP with a blocking stub.
 *
 * <p>Run: {@code mvn -B -o -pl itest -Pbench verify} (after {@code mvn -B install -DskipTests});
 * it prints p50 of each and the ratio host/raw (goal &lt;= 1.15).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class GrpcHostBench {

    private Path work;
    private Framework framework;
    private Server raw;
    private EventLoopGroup rawBoss;
    private EventLoopGroup rawWorkers;
    private ExecutorService rawExecutor;
    private ManagedChannel hostChannel;
    private ManagedChannel rawChannel;
    private EchoGrpc.EchoBlockingStub host;
    private EchoGrpc.EchoBlockingStub direct;
    private final EchoReq req = EchoReq.newBuilder().setText("ping").build();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dist = Path.of(System.getProperty("daos.dist.dir", "distribution/target/daos-control"));
        if (!Files.isDirectory(dist.resolve("system"))) {
            throw new IllegalStateException("no assembled distribution at " + dist
                    + " (build it first: mvn -B install -DskipTests)");
        }
        work = Files.createTempDirectory("grpc-host-bench");
        int hostPort = TestFiles.freePort();
        Path yml = TestFiles.writeConfig(work, hostPort, "");

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, work.resolve("cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("daos.config", yml.toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        framework = factory.newFramework(props);
        framework.start();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dist.resolve("system"))) {
            s.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("org.apache.felix.framework"))
                    // the daos-examples feature is shipped in system/ but not booted
                    .filter(p -> !p.getFileName().toString().startsWith("io.daos.control.example."))
                    .sorted(Comparator.naturalOrder()).forEach(jars::add);
        }
        try (Stream<Path> s = Files.list(dist.resolve("examples"))) {
            s.filter(p -> p.getFileName().toString().startsWith("io.daos.control.example.echo"))
                    .forEach(jars::add);
        }
        for (Path jar : jars) {
            installed.add(ctx.installBundle(jar.toUri().toString()));
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        ServiceTracker<Object, Object> ready = new ServiceTracker<>(ctx,
                FrameworkUtil.createFilter("(daos.grpc.port=*)"), null);
        ready.open();
        if (ready.waitForService(30_000) == null) {
            throw new IllegalStateException("host gRPC server did not come up");
        }
        ready.close();

        ServerServiceDefinition rawService = ServerServiceDefinition.builder(EchoGrpc.SERVICE_NAME)
                .addMethod(EchoGrpc.getEchoMethod(), ServerCalls.asyncUnaryCall((EchoReq r,
                        io.grpc.stub.StreamObserver<EchoResp> out) -> {
                    out.onNext(EchoResp.newBuilder().setText(r.getText())
                            .setServedBy("raw").build());
                    out.onCompleted();
                }))
                .build();
        // the same transport set-up as the host's GrpcHost: own boss/worker loops (epoll when
        // available) and a cached call executor, so the ratio isolates Felix, the whiteboard
        // registry and the interceptor chain
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        rawBoss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raw-boss", true), io);
        rawWorkers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("raw-worker", true), io);
        rawExecutor = Executors.newCachedThreadPool(new DefaultThreadFactory("raw-call", true));
        raw = NettyServerBuilder.forAddress(new InetSocketAddress("0.0.0.0", TestFiles.freePort()))
                .channelType(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .bossEventLoopGroup(rawBoss)
                .workerEventLoopGroup(rawWorkers)
                .executor(rawExecutor)
                .addService(rawService).build().start();

        hostChannel = NettyChannelBuilder.forAddress("127.0.0.1", hostPort).usePlaintext().build();
        rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", raw.getPort()).usePlaintext().build();
        host = EchoGrpc.newBlockingStub(hostChannel);
        direct = EchoGrpc.newBlockingStub(rawChannel);
        // both answer, and the host's answer comes from the OSGi module, not from the raw server
        String servedBy = host.echo(req).getServedBy();
        if (!servedBy.startsWith("io.daos.control.example.echo")) {
            throw new IllegalStateException("host Echo served by " + servedBy);
        }
        direct.echo(req);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        hostChannel.shutdownNow();
        rawChannel.shutdownNow();
        raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        rawBoss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        rawWorkers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        rawExecutor.shutdownNow();
        framework.stop();
        framework.waitForStop(30_000);
        TestFiles.deleteTree(work);
    }

    @Benchmark
    public EchoResp host() {
        return host.echo(req);
    }

    @Benchmark
    public EchoResp raw() {
        return direct.echo(req);
    }

    /** Runs both benchmarks in one JMH run and prints p50 of each and their ratio. */
    public static void main(String[] args) throws Exception {
        Options opts = new OptionsBuilder()
                .include(GrpcHostBench.class.getName() + "\\.")
                .jvmArgsAppend("-Ddaos.dist.dir=" + System.getProperty("daos.dist.dir",
                        "distribution/target/daos-control"))
                .build();
        double hostP50 = 0;
        double rawP50 = 0;
        for (RunResult r : new Runner(opts).run()) {
            String label = r.getParams().getBenchmark();
            double p50 = r.getPrimaryResult().getStatistics().getPercentile(50);
            if (label.endsWith(".host")) {
                hostP50 = p50;
            } else if (label.endsWith(".raw")) {
                rawP50 = p50;
            }
        }
        if (!(hostP50 > 0 && rawP50 > 0)) {
            throw new IllegalStateException("benchmark failed: no p50 for host or raw (see the JMH output above)");
        }
        System.out.printf("%nRESULT grpc unary p50: host %.1f us, raw %.1f us, ratio host/raw %.3f (goal <= 1.15)%n",
                hostP50, rawP50, hostP50 / rawP50);
    }
}
