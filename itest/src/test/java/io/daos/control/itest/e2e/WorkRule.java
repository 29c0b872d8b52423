package io.daos.control.itest.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.rules.ExternalResource;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * What one e2e test (a {@code @Rule}; or a class, as a {@code @ClassRule} inside its
 * {@link DistRule}) starts and must leave behind clean: a fresh work directory, the
 * {@code daos_server} processes it started, its gRPC channels and clients. After the test, passed
 * or failed, in this order: channels and clients closed, servers stopped ({@link ServerProcess#close}),
 * any process still naming an owned directory killed (engines whose daos_server is gone), the
 * test's own clean-up actions ({@link #atEnd}), then everything mounted under each owned directory
 * (the ram SCM tmpfs) unmounted before the directory is deleted. When the test failed, the
 * directories named by {@link #keepOnFailure} are first copied under {@code target/failed-logs}
 * ({@code -Ditest.failed.logs} elsewhere), one directory per failed test.
 */
final class WorkRule extends ExternalResource {

    private final DistRule dist;
    private final String prefix;
    private Path dir;
    private final List<Path> owned = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<Teardown.Step> atEnd = new ArrayList<>();
    private final Map<String, Path> keep = new java.util.LinkedHashMap<>();
    private volatile boolean failed;
    private String testName = "test";

    /** A work directory {@code prefix…} per test; servers on {@code dist}'s copy. */
    WorkRule(DistRule dist, String prefix) {
        this.dist = dist;
        this.prefix = prefix;
    }

    /** No work directory: servers and channels on {@code dist}'s copy only. */
    WorkRule(DistRule dist) {
        this(dist, null);
    }

    /** Neither a work directory nor a class copy: what the test hands over ({@link #own}, {@link #track}). */
    WorkRule() {
        this(null, null);
    }

    @Override
    public Statement apply(Statement base, Description description) {
        String cls = description.getTestClass() == null ? description.getDisplayName()
                : description.getTestClass().getSimpleName();
        testName = description.getMethodName() == null ? cls : cls + "." + description.getMethodName();
        Statement noted = new Statement() {
            @Override
            public void evaluate() throws Throwable {
                try {
                    base.evaluate();
                } catch (Throwable t) {
                    failed = true;
                    throw t;
                }
            }
        };
        return super.apply(noted, description);
    }

    @Override
    protected void before() throws Throwable {
        if (prefix != null) {
            dir = own(Files.createTempDirectory(prefix));
        }
    }

    @Override
    protected void after() {
        Teardown t = new Teardown();
        for (AutoCloseable c : reversed(closeables)) {
            t.step(c::close);
        }
        for (ServerProcess s : reversed(servers)) {
            t.step(s::close);
        }
        for (Path p : owned) {
            t.step(() -> Teardown.killProcessesNaming(p));
        }
        if (failed) {
            t.step(this::copyKept);
        }
        for (Teardown.Step s : atEnd) {
            t.step(s);
        }
        for (Path p : reversed(owned)) {
            t.step(() -> Teardown.unmountAndDelete(p));
        }
        closeables.clear();
        servers.clear();
        atEnd.clear();
        keep.clear();
        failed = false;
        owned.clear();
        dir = null;
        t.finish();
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    /** The work directory of this test. */
    Path dir() {
        if (dir == null) {
            throw new IllegalStateException("this WorkRule has no work directory (no prefix) or is not applied");
        }
        return dir;
    }

    /** {@code dir().resolve(other)}. */
    Path resolve(String other) {
        return dir().resolve(other);
    }

    /** The class's distribution copy. */
    Dist dist() {
        if (dist == null) {
            throw new IllegalStateException("this WorkRule has no DistRule");
        }
        return dist.dist();
    }

    /** A node (two-instance config, see {@link NodeSupport}) in the work directory. */
    NodeSupport node(boolean fileBdev) throws IOException {
        return NodeSupport.in(dist(), dir(), fileBdev);
    }

    /** {@code bin/daos_server args} on the class copy, stopped after the test. */
    ServerProcess start(String... args) throws IOException {
        return track(ServerProcess.start(dist(), args));
    }

    /** The same with extra environment variables. */
    ServerProcess start(Map<String, String> env, String... args) throws IOException {
        return track(ServerProcess.start(dist(), env, args));
    }

    /** Stops {@code server} after the test (a no-op if it has exited). */
    ServerProcess track(ServerProcess server) {
        servers.add(server);
        return server;
    }

    /** A plaintext channel to 127.0.0.1:{@code port}, shut down after the test. */
    ManagedChannel channel(int port) {
        return channel("127.0.0.1", port, null);
    }

    /**
     * A TLS channel to 127.0.0.1:{@code port} with {@code tls} (a client context), expecting the
     * server name {@code server} (the name daos_gen_certs certifies), shut down after the test.
     */
    ManagedChannel channel(int port, SslContext tls) {
        return channel("127.0.0.1", port, tls);
    }

    /**
     * A channel to {@code host:port}, shut down after the test: plaintext when {@code tls} is
     * null, otherwise TLS with that client context expecting the server name {@code server}.
     */
    ManagedChannel channel(String host, int port, SslContext tls) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, port);
        ManagedChannel ch = (tls == null ? b.usePlaintext() : b.sslContext(tls).overrideAuthority("server")).build();
        closing(() -> ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS));
        return ch;
    }

    /** Closes {@code c} after the test, before the servers are stopped. */
    <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    /** Kills what runs from {@code tree}, unmounts what is mounted under it and deletes it after the test. */
    Path own(Path tree) {
        owned.add(tree);
        return tree;
    }

    /**
     * Copies directory {@code dir} (e.g. a distribution copy's {@code log}) as {@code name} under
     * {@code target/failed-logs/<Class.method>-<time>/} if the test fails, after the servers stopped.
     */
    void keepOnFailure(String name, Path dir) {
        keep.put(name, dir);
    }

    private void copyKept() throws IOException {
        Path to = Path.of(System.getProperty("itest.failed.logs", "target/failed-logs"))
                .resolve(testName + "-" + System.currentTimeMillis()).toAbsolutePath();
        for (Map.Entry<String, Path> e : keep.entrySet()) {
            if (!Files.isDirectory(e.getValue())) {
                continue;
            }
            Path into = Files.createDirectories(to.resolve(e.getKey()));
            try (java.util.stream.Stream<Path> files = Files.list(e.getValue())) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Files.copy(f, into.resolve(f.getFileName().toString()));
                }
            }
        }
        System.out.println(testName + " failed: its logs are kept in " + to);
    }

    /** Runs {@code step} after the servers are stopped, before the directories are deleted. */
    void atEnd(Teardown.Step step) {
        atEnd.add(step);
    }
}
