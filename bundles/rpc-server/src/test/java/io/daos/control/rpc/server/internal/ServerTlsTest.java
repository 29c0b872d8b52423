package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.security.TestTls;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * The gRPC host serving mutual TLS from a {@link TransportSecurity}: a client presenting a
 * certificate of the CA is served; one without a certificate, and a plaintext one, are not. The
 * certificate is a self-signed one made by the JDK's keytool (CN and SAN {@code server}), its own
 * CA, presented by both sides.
 */
public class ServerTlsTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();
    private static TestTls tls;

    private GrpcHost host;
    private ManagedChannel channel;

    @BeforeClass
    public static void makeCertificate() throws Exception {
        tls = TestTls.create(TMP.getRoot().toPath());
    }

    private void start() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        MethodRegistry registry = new MethodRegistry((appeared, vanished) -> {
        });
        GrpcHost.initialHealth(health, registry.serviceNames());
        host = new GrpcHost("127.0.0.1", 0, registry, new InterceptorChain(), health)
                .tls(ServerTls.of(tls.security(false)));
        host.start();
    }

    @After
    public void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (host != null) {
            host.stop(2_000);
        }
    }

    private ServingStatus health() {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    }

    @Test
    public void aClientWithACertificateOfTheCaIsServed() throws Exception {
        start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).overrideAuthority("server")
                .sslContext(GrpcSslContexts.forClient().keyManager(tls.keys).trustManager(tls.trust).build()).build();
        assertEquals(ServingStatus.SERVING, health());
    }

    @Test
    public void aClientWithoutCertificateIsRefused() throws Exception {
        start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).overrideAuthority("server")
                .sslContext(GrpcSslContexts.forClient().trustManager(tls.trust).build()).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, this::health);
        assertTrue(e.getStatus().toString(), e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE);
    }

    @Test
    public void aPlaintextClientIsRefused() throws Exception {
        start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
        assertThrows(StatusRuntimeException.class, this::health);
    }

    @Test
    public void anInsecureTransportHasNoContext() {
        assertThrows(IllegalArgumentException.class, () -> ServerTls.of(tls.security(true)));
    }
}
