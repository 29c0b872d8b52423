package io.daos.control.dmg.conn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSession;

import org.junit.BeforeClass;
import org.junit.Test;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/**
 * dmg's own HTTP/2 transport against grpc-java's Netty server: TLS configured as our server
 * configures it (bundles/rpc-server ServerTls: JDK provider, client certificate required, TLS 1.3
 * and TLS 1.2 with the two v1.0 suites), messages over many frames, server streaming.
 */
public class H2TransportTest {

    private static final MethodDescriptor<String, String> REPEAT = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("test.T/Repeat")
            .setRequestMarshaller(TestServer.Text.INSTANCE)
            .setResponseMarshaller(TestServer.Text.INSTANCE)
            .build();
    private static final List<String> SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");
    private static final Duration LONG = Duration.ofSeconds(30);

    private static Path certs;

    @BeforeClass
    public static void material() throws Exception {
        certs = TestCerts.shared();
    }

    private static ClientTls admin(String serverName) {
        return new ClientTls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), certs.resolve("admin.key"),
                serverName);
    }

    /** Our server's TLS (ServerTls), with the protocols and suites given. */
    private static SslContext serverTls(List<String> protocols, List<String> suites) throws Exception {
        return GrpcSslContexts.configure(SslContextBuilder.forServer(certs.resolve("server.crt").toFile(),
                certs.resolve("server.key").toFile()), SslProvider.JDK)
                .trustManager(certs.resolve("daosCA.crt").toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(protocols)
                .ciphers(suites)
                .build();
    }

    /** A server of {@code test.T/Repeat} (the request n times, "n:text") recording each call's TLS session. */
    private static Server server(SslContext tls, AtomicReference<SSLSession> session) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.T")
                .addMethod(REPEAT, ServerCalls.asyncServerStreamingCall((req, out) -> {
                    int n = Integer.parseInt(req.substring(0, req.indexOf(':')));
                    for (int i = 0; i < n; i++) {
                        out.onNext(i + " " + req.substring(req.indexOf(':') + 1));
                    }
                    out.onCompleted();
                })).build();
        ServerInterceptor record = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                    ServerCallHandler<Q, A> next) {
                session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                return next.startCall(call, headers);
            }
        };
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, record));
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build().start();
    }

    private static List<String> repeat(Connections c, String address, String request) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = ClientCalls.blockingServerStreamingCall(c.active().get(address), REPEAT,
                CallOptions.DEFAULT, request);
        it.forEachRemaining(out::add);
        return out;
    }

    private static void stop(Server s) throws InterruptedException {
        s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    public void tls13WithOurServersTlsCarriesACall() throws Exception {
        AtomicReference<SSLSession> session = new AtomicReference<>();
        Server s = server(serverTls(List.of("TLSv1.3", "TLSv1.2"), SUITES), session);
        String address = "127.0.0.1:" + s.getPort();
        try (Connections c = Connections.open(List.of(address), admin("server"), LONG)) {
            assertEquals(Map.of(address, Connections.CONNECTED), c.states());
            assertEquals(List.of("0 tls", "1 tls"), repeat(c, address, "2:tls"));
            assertEquals("TLSv1.3", session.get().getProtocol());
        } finally {
            stop(s);
        }
    }

    /** A v1.0-like server (TLS 1.2 only): one of its two RSA suites is agreed. */
    @Test
    public void tls12TakesOneOfTheTwoV10Suites() throws Exception {
        AtomicReference<SSLSession> session = new AtomicReference<>();
        Server s = server(serverTls(List.of("TLSv1.2"), SUITES.subList(3, 5)), session);
        String address = "127.0.0.1:" + s.getPort();
        try (Connections c = Connections.open(List.of(address), admin("server"), LONG)) {
            assertEquals(List.of("0 v1.0"), repeat(c, address, "1:v1.0"));
            assertEquals("TLSv1.2", session.get().getProtocol());
            assertTrue(session.get().getCipherSuite(), SUITES.subList(3, 5).contains(session.get().getCipherSuite()));
        } finally {
            stop(s);
        }
    }

    /**
     * Handshakes that must fail, each named: a server that speaks only a TLS 1.2 suite we do not
     * offer, and a configured server name the server's certificate does not carry.
     */
    @Test
    public void aSuiteWeDoNotOfferOrAnotherServerNameIsAHandshakeFailure() throws Exception {
        Server ecdhe = server(serverTls(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
                new AtomicReference<>());
        Server ours = server(serverTls(List.of("TLSv1.3", "TLSv1.2"), SUITES), new AtomicReference<>());
        try {
            for (Map.Entry<Server, String> e : Map.of(ecdhe, "server", ours, "not-the-server").entrySet()) {
                String address = "127.0.0.1:" + e.getKey().getPort();
                try (Connections c = Connections.open(List.of(address), admin(e.getValue()), LONG)) {
                    assertTrue(c.states().get(address), c.states().get(address).startsWith("TLS handshake failed: "));
                }
            }
        } finally {
            stop(ecdhe);
            stop(ours);
        }
    }

    /** Plaintext to a TLS server: the connection's failure says the server may want TLS. */
    @Test
    public void plaintextToATlsServerSaysTheServerMayRequireTls() throws Exception {
        Server s = server(serverTls(List.of("TLSv1.3", "TLSv1.2"), SUITES), new AtomicReference<>());
        String address = "127.0.0.1:" + s.getPort();
        try (Connections c = Connections.open(List.of(address), null, LONG)) {
            String state = c.states().get(address);
            assertTrue(state, state.endsWith("(this connection is plaintext: does the server require TLS? see"
                    + " transport_config in daos.yml; -i forces plaintext)"));
        } finally {
            stop(s);
        }
    }

    /** Messages larger than a frame and than the server's initial window, many in one stream. */
    @Test
    public void largeMessagesAndLongStreamsArrive() throws Exception {
        Server s = server(null, new AtomicReference<>());
        String address = "127.0.0.1:" + s.getPort();
        String big = "y".repeat(1_500_000);
        try (Connections c = Connections.open(List.of(address), null, LONG)) {
            List<String> got = repeat(c, address, "3:" + big);
            assertEquals(3, got.size());
            assertEquals("2 " + big, got.get(2));
            assertEquals(500, repeat(c, address, "500:x").size());
        } finally {
            stop(s);
        }
    }
}
