package io.daos.control.itest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSession;

import io.daos.control.itest.support.TestFiles;
import io.daos.control.itest.support.TlsFiles;
import io.daos.control.itest.support.TlsFiles.Material;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * The cost of mutual TLS on the control plane's gRPC (issue 14, "Numbers"; a measurement, not a
 * test): one JVM, two servers on loopback serving the same unary method (grpc.health.v1 Check),
 * one plaintext and one with the rpc-server's TLS set-up (JDK TLS, client certificate required,
 * TLS 1.3 and TLS 1.2 with the v1.0 Go tools' RSA suites, as its ServerTls makes it), with
 * certificates from the distribution's {@code bin/daos_gen_certs --bits 2048}. Three clients:
 * plaintext, TLS 1.3 (admin certificate), TLS 1.2 with {@code TLS_RSA_WITH_AES_128_GCM_SHA256}
 * (what a v1.0 {@code dmg} negotiates). Each negotiated protocol and suite is checked on the server.
 * <ul>
 * <li>(a) a new channel, its handshake and its first call: {@code bench.connects} (default 200)
 * per client, the clients interleaved, after 20 unmeasured; median;</li>
 * <li>(b) steady state over one channel per client: {@code bench.rounds} (default 20) rounds of
 * {@code bench.calls} (default 1,000) calls per client, the clients interleaved round by round,
 * after 5,000 unmeasured per client; p50 and p99.</li>
 * </ul>
 * Prints {@code [measure]} lines with the TLS / plaintext ratios (goal: steady p50 ≤ 1.3).
 * Run (after building the distribution): {@code mvn -B -o -pl itest -Pbench verify -Dbench=TlsBench}
 */
public final class TlsBench {

    private static final String CMD = "mvn -B -o -pl itest -Pbench verify -Dbench=TlsBench";
    /** The server's protocols and suites, as the security bundle hands them to the rpc-server. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final List<String> SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");
    private static final String GO_SUITE = "TLS_RSA_WITH_AES_128_GCM_SHA256";

    /** One client: how it connects, and the protocol/suite it must end up with (null: plaintext). */
    private record Client(String name, SslContext tls, String protocol, String suite) {
    }

    private final AtomicReference<SSLSession> lastSession = new AtomicReference<>();

    private TlsBench() {
    }

    public static void main(String[] args) throws Exception {
        int connects = Integer.getInteger("bench.connects", 200);
        int rounds = Integer.getInteger("bench.rounds", 20);
        int calls = Integer.getInteger("bench.calls", 1_000);
        Path dir = Files.createTempDirectory("tls-bench");
        try {
            Material m = TlsFiles.generate(Path.of(System.getProperty("daos.dist.dir")), dir);
            new TlsBench().run(m, connects, rounds, calls);
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private void run(Material m, int connects, int rounds, int calls) throws Exception {
        SslContext serverTls = GrpcSslContexts.configure(SslContextBuilder.forServer(m.crt("server").toFile(),
                m.key("server").toFile()), SslProvider.JDK)
                .trustManager(m.ca().toFile()).clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOLS).ciphers(SUITES).build();
        Server plain = server(null);
        Server secure = server(serverTls);
        try {
            List<Client> clients = List.of(
                    new Client("plaintext", null, null, null),
                    new Client("TLS 1.3", TlsFiles.client(m.ca(), m.crt("admin"), m.key("admin"),
                            List.of("TLSv1.3"), null), "TLSv1.3", null),
                    new Client("TLS 1.2 RSA", TlsFiles.client(m.ca(), m.crt("admin"), m.key("admin"),
                            List.of("TLSv1.2"), List.of(GO_SUITE)), "TLSv1.2", GO_SUITE));
            Map<Client, Integer> ports = new LinkedHashMap<>();
            for (Client c : clients) {
                ports.put(c, c.tls() == null ? plain.getPort() : secure.getPort());
            }
            Map<Client, List<Long>> connect = connects(ports, connects);
            Map<Client, List<Long>> steady = steady(ports, rounds, calls);
            report(clients, connect, steady, connects, rounds * calls);
        } finally {
            plain.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            secure.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Server server(SslContext tls) throws Exception {
        NettyServerBuilder b = NettyServerBuilder.forPort(0);
        if (tls != null) {
            b.sslContext(tls);
        }
        HealthStatusManager health = new HealthStatusManager();
        return b.addService(ServerInterceptors.intercept(health.getHealthService(), new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                lastSession.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                return next.startCall(call, headers);
            }
        })).build().start();
    }

    private static ManagedChannel channel(Client c, int port) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", port);
        if (c.tls() == null) {
            b.usePlaintext();
        } else {
            b.sslContext(c.tls()).overrideAuthority("server");
        }
        return b.build();
    }

    private static void call(ManagedChannel ch) {
        HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
    }

    /** Fails the run if the last call did not negotiate what {@code c} must. */
    private void checkSession(Client c) {
        SSLSession s = lastSession.get();
        String got = s == null ? "plaintext" : s.getProtocol() + " " + s.getCipherSuite();
        boolean ok = c.tls() == null ? s == null
                : s != null && s.getProtocol().equals(c.protocol()) && (c.suite() == null || c.suite().equals(s.getCipherSuite()));
        if (!ok) {
            throw new IllegalStateException(c.name() + " negotiated " + got);
        }
    }

    private Map<Client, List<Long>> connects(Map<Client, Integer> ports, int n) throws Exception {
        Map<Client, List<Long>> out = new LinkedHashMap<>();
        ports.keySet().forEach(c -> out.put(c, new ArrayList<>()));
        for (int i = -20; i < n; i++) {
            for (Map.Entry<Client, Integer> e : ports.entrySet()) {
                long t0 = System.nanoTime();
                ManagedChannel ch = channel(e.getKey(), e.getValue());
                call(ch);
                long t = System.nanoTime() - t0;
                checkSession(e.getKey());
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                if (i >= 0) {
                    out.get(e.getKey()).add(t);
                }
            }
        }
        return out;
    }

    private Map<Client, List<Long>> steady(Map<Client, Integer> ports, int rounds, int calls) throws Exception {
        Map<Client, ManagedChannel> channels = new LinkedHashMap<>();
        Map<Client, List<Long>> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<Client, Integer> e : ports.entrySet()) {
                ManagedChannel ch = channels.computeIfAbsent(e.getKey(), c -> channel(c, e.getValue()));
                for (int i = 0; i < 5_000; i++) {
                    call(ch);
                }
                checkSession(e.getKey());
                out.put(e.getKey(), new ArrayList<>(rounds * calls));
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<Client, ManagedChannel> e : channels.entrySet()) {
                    List<Long> sink = out.get(e.getKey());
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        call(e.getValue());
                        sink.add(System.nanoTime() - t0);
                    }
                }
            }
        } finally {
            for (ManagedChannel ch : channels.values()) {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        return out;
    }

    private static double quantileUs(List<Long> ns, double q) {
        List<Long> sorted = new ArrayList<>(ns);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1000.0;
    }

    private static void report(List<Client> clients, Map<Client, List<Long>> connect, Map<Client, List<Long>> steady,
            int connects, int calls) {
        Client plain = clients.get(0);
        double plainConnect = quantileUs(connect.get(plain), 0.5);
        double plainP50 = quantileUs(steady.get(plain), 0.5);
        double plainP99 = quantileUs(steady.get(plain), 0.99);
        System.out.printf("%nTLS cost, one JVM, loopback, %d cores; %d new channels and %d steady calls per client,"
                + " interleaved%n", Runtime.getRuntime().availableProcessors(), connects, calls);
        for (Client c : clients) {
            double con = quantileUs(connect.get(c), 0.5);
            double p50 = quantileUs(steady.get(c), 0.5);
            double p99 = quantileUs(steady.get(c), 0.99);
            System.out.printf("[measure] TlsBench %-11s new channel + handshake + first call: median %.0f us (x%.2f)%n",
                    c.name(), con, con / plainConnect);
            System.out.printf("[measure] TlsBench %-11s steady unary: p50 %.1f us (x%.2f), p99 %.1f us (x%.2f)%s%n",
                    c.name(), p50, p50 / plainP50, p99, p99 / plainP99,
                    c == plain ? "" : " (goal p50 ratio <= 1.3: " + (p50 / plainP50 <= 1.3 ? "met" : "NOT met") + ")");
        }
        System.out.println("Reproduce: " + CMD);
    }
}
