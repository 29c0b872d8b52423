package io.daos.control.itest.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.daos.control.itest.support.TlsFiles;
import io.daos.control.itest.support.TlsFiles.Material;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * One formatted, running node (the two-instance config of {@link NodeSupport}: emulated engines,
 * ram SCM) on a private copy of the distribution, for tests and benchmarks outside this package
 * (the fuzz harness, load benchmarks) that need a node to talk to but none of the e2e fixtures'
 * internals. Needs root (the ram SCM is a tmpfs mount). {@link #close} stops the server, kills
 * whatever still runs from the work directory or the copy, unmounts and deletes both.
 */
public final class RunningNode implements AutoCloseable {

    private static final long START_MS = 90_000;
    private static final long EVENT_MS = 60_000;

    private final Dist dist;
    private final NodeSupport node;
    private ServerProcess server;
    private Material pki;

    private RunningNode(Dist dist, NodeSupport node) {
        this.dist = dist;
        this.node = node;
    }

    /** Whether this JVM runs as root (a node needs it). */
    public static boolean isRoot() throws java.io.IOException {
        return NodeSupport.isRoot();
    }

    /**
     * Copies the distribution, starts {@code daos_server}, formats both instances and waits
     * (log events) until both ranks joined and finished their start sequence.
     */
    public static RunningNode startFormatted(String prefix) throws Exception {
        return startFormatted(prefix, java.util.Map.of());
    }

    /**
     * {@link #startFormatted(String)} with {@code properties} added to the copy's framework
     * properties ({@code etc/config.properties}), e.g. the fanout's deadlines.
     */
    public static RunningNode startFormatted(String prefix, java.util.Map<String, String> properties) throws Exception {
        return start(prefix, properties, false);
    }

    /**
     * {@link #startFormatted(String)} as a secure node (issue 14): certificates from the
     * distribution's {@code bin/daos_gen_certs} ({@link #pki()}), {@code allow_insecure: false},
     * the agent's certificate in {@code client_cert_dir}, formatted over mutual TLS as admin.
     * Talk to it with {@link #tlsChannel(String)}.
     */
    public static RunningNode startSecure(String prefix) throws Exception {
        return start(prefix, java.util.Map.of(), true);
    }

    private static RunningNode start(String prefix, java.util.Map<String, String> properties, boolean secure)
            throws Exception {
        Dist dist = Dist.copy(prefix);
        RunningNode n = null;
        try {
            StringBuilder extra = new StringBuilder(System.lineSeparator());
            properties.forEach((k, v) -> extra.append(k).append('=').append(v).append(System.lineSeparator()));
            java.nio.file.Files.writeString(dist.home.resolve("etc").resolve("config.properties"), extra,
                    java.nio.file.StandardOpenOption.APPEND);
            n = new RunningNode(dist, NodeSupport.create(dist, prefix + "-work", false));
            if (secure) {
                n.pki = TlsFiles.generate(dist.home, java.nio.file.Files.createDirectories(n.node.work.resolve("pki")));
                SecureNodeIT.useTransport(n.node.config(), SecureNodeIT.secureTransport(n.pki.ca(), n.pki.crt("server"),
                        n.pki.key("server"), SecureNodeIT.clientCertDir(n.node.work, n.pki)));
            }
            n.server = n.node.start();
            n.server.awaitListening(START_MS);
            ManagedChannel ch = secure ? n.tlsChannel("admin")
                    : NettyChannelBuilder.forAddress("127.0.0.1", n.node.port).usePlaintext().build();
            try {
                n.node.formatAndAwaitJoined(n.server, ch, EVENT_MS);
            } finally {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            return n;
        } catch (Exception | Error e) {
            if (n != null) {
                n.close();
            } else {
                Teardown.unmountAndDelete(dist.home.getParent());
            }
            throw e;
        }
    }

    /** The certificates of a {@link #startSecure secure} node (null for a plaintext one). */
    public Material pki() {
        return pki;
    }

    /**
     * A mutual-TLS channel to a {@link #startSecure secure} node with {@code role}'s certificate
     * ({@code admin}, {@code agent} or {@code server}); the caller shuts it down.
     */
    public ManagedChannel tlsChannel(String role) throws javax.net.ssl.SSLException {
        return NettyChannelBuilder.forAddress("127.0.0.1", node.port)
                .sslContext(TlsFiles.client(pki.ca(), pki.crt(role), pki.key(role))).overrideAuthority("server").build();
    }

    private void awaitJoined(int mark) throws Exception {
        node.awaitMemberAdded(server, mark, 0, EVENT_MS);
        node.awaitMemberAdded(server, mark, 1, EVENT_MS);
        node.awaitSetUp(server, mark, EVENT_MS);
    }

    /**
     * Starts the server again on the formatted storage after its process died (or is killed
     * here), and waits until both ranks joined again: so that one crash does not end a run.
     */
    public void restart() throws Exception {
        server.close();
        Teardown.killProcessesNaming(node.work);
        int mark = node.logLines();
        server = node.start();
        server.awaitListening(START_MS);
        awaitJoined(mark);
    }

    /** The gRPC port. */
    public int port() {
        return node.port;
    }

    /** The pid of the {@code daos_server} JVM. */
    public long pid() {
        return server.process.pid();
    }

    /** The server process. */
    public ProcessHandle process() {
        return server.process.toHandle();
    }

    /** How many I/O server instances the config has. */
    public int instances() {
        return 2;
    }

    /** The dRPC socket of the control server ({@code <socket_dir>/daos_server.sock}). */
    public Path drpcSocket() {
        return node.work.resolve("run").resolve("daos_server.sock");
    }

    /** The engine (emulator) processes that descend from the server process now. */
    public List<ProcessHandle> engines() {
        return server.process.descendants().filter(h -> h.info().commandLine().orElse("")
                .contains("io.daos.control.engine.EngineMain")).toList();
    }

    /** The last {@code n} lines of the server's stderr (for failure messages). */
    public List<String> stderrTail(int n) {
        List<String> err = server.err();
        return err.subList(Math.max(0, err.size() - n), err.size());
    }

    /** The server log file. */
    public Path log() {
        return node.log();
    }

    @Override
    public void close() throws Exception {
        Teardown t = new Teardown();
        if (server != null) {
            t.step(server::close);
        }
        t.step(() -> Teardown.killProcessesNaming(node.work));
        t.step(() -> Teardown.killProcessesNaming(dist.home));
        t.step(() -> Teardown.unmountAndDelete(node.work));
        t.step(() -> Teardown.unmountAndDelete(dist.home.getParent()));
        t.finish();
    }
}
