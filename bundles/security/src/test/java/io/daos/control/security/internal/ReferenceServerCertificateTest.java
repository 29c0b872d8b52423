package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.TrustManagerFactory;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * A server certificate made like the reference's ({@code gen_certificates.sh}: CN {@code server},
 * no subject alternative name) is accepted by our clients, which dial with the expected name
 * {@code server} as the client layer does ({@code overrideAuthority(server_name)}): the JDK falls
 * back to the common name when a certificate names no DNS alternative. Another expected name is
 * refused. So servers holding reference-made certificates and ours join one another.
 */
public class ReferenceServerCertificateTest {

    private static final long DEADLINE_S = 30;
    private static TestPki pki;
    private static Server server;

    @BeforeClass
    public static void startServer() throws Exception {
        pki = TestPki.create();
        Instant now = Instant.now();
        TestPki.Issued own = pki.issue("server", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), false);
        assertEquals("made without a SAN", null, own.certificate().getSubjectAlternativeNames());
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(TestPki.keyManagers(own)),
                        SslProvider.JDK).trustManager(trust()).clientAuth(ClientAuth.REQUIRE).build())
                .addService(new HealthStatusManager().getHealthService()).build().start();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.shutdownNow();
            assertTrue(server.awaitTermination(DEADLINE_S, TimeUnit.SECONDS));
        }
    }

    private static TrustManagerFactory trust() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f;
    }

    /** The health of the server, dialled as the client layer dials, expecting {@code name}. */
    private static ServingStatus health(String name) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress(InetAddress.getLoopbackAddress().getHostAddress(),
                server.getPort()).overrideAuthority(name).sslContext(GrpcSslContexts.configure(
                        SslContextBuilder.forClient(), SslProvider.JDK).keyManager(TestPki.keyManagers(pki.role("admin")))
                        .trustManager(trust()).build()).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow();
            assertTrue(channel.awaitTermination(DEADLINE_S, TimeUnit.SECONDS));
        }
    }

    @Test
    public void aServerCertificateWithTheNameOnlyInItsCommonNameIsAccepted() throws Exception {
        assertEquals(ServingStatus.SERVING, health("server"));
    }

    @Test
    public void anotherExpectedNameIsRefused() throws Exception {
        try {
            health("admin");
            fail("a certificate for server accepted as admin");
        } catch (StatusRuntimeException e) {
            assertEquals(e.toString(), Status.Code.UNAVAILABLE, e.getStatus().getCode());
        }
    }
}
