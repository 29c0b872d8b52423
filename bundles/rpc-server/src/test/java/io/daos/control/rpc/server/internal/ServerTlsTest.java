package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.exec.Command;
import io.daos.control.api.exec.CommandResult;
import io.daos.control.api.exec.CommandRunner;
import io.daos.control.api.security.TransportSecurity;
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
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyManagerFactory keys;
    private static TrustManagerFactory trust;

    private GrpcHost host;
    private ManagedChannel channel;

    @BeforeClass
    public static void makeCertificate() throws Exception {
        Path store = TMP.getRoot().toPath().resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        CommandResult r = CommandRunner.run(Command.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA512withRSA", "-validity", "2", "-dname",
                "CN=server, O=DAOS", "-ext", "SAN=dns:server", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD)).withTimeout(java.time.Duration.ofSeconds(60)));
        assertEquals(r.toString(), 0, r.exitCode());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, PASSWORD);
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ks);
    }

    /** The security bundle's service as the rpc-server sees it. */
    static class Security implements TransportSecurity {
        @Override
        public boolean insecure() {
            return false;
        }

        @Override
        public KeyManagerFactory keyManagers() {
            return keys;
        }

        @Override
        public TrustManagerFactory trustManagers() {
            return trust;
        }

        @Override
        public String serverName() {
            return "server";
        }

        @Override
        public List<String> protocols() {
            return List.of("TLSv1.3", "TLSv1.2");
        }

        @Override
        public List<String> cipherSuites() {
            return List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_RSA_WITH_AES_256_GCM_SHA384");
        }
    }

    private void start() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        MethodRegistry registry = new MethodRegistry((appeared, vanished) -> {
        });
        GrpcHost.initialHealth(health, registry.serviceNames());
        host = new GrpcHost("127.0.0.1", 0, registry, new InterceptorChain(), health)
                .tls(ServerTls.of(new Security()));
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
                .sslContext(GrpcSslContexts.forClient().keyManager(keys).trustManager(trust).build()).build();
        assertEquals(ServingStatus.SERVING, health());
    }

    @Test
    public void aClientWithoutCertificateIsRefused() throws Exception {
        start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).overrideAuthority("server")
                .sslContext(GrpcSslContexts.forClient().trustManager(trust).build()).build();
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
        TransportSecurity insecure = new Security() {
            @Override
            public boolean insecure() {
                return true;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> ServerTls.of(insecure));
    }
}
