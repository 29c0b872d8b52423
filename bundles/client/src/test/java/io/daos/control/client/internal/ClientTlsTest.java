package io.daos.control.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.security.TestTls;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Calls to another control server over mutual TLS: with a secure configuration and the
 * TransportSecurity the channel presents the server certificate and verifies the peer as
 * {@code server}; without the service it falls back to plaintext, which the TLS peer refuses.
 */
public class ClientTlsTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();
    private static TestTls tls;

    private Server server;
    private ManagedChannel channel;

    @BeforeClass
    public static void material() throws Exception {
        tls = TestTls.create(TMP.getRoot().toPath());
    }

    private static ServerConfig secure() {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("allowInsecure")) {
                        return false;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A TLS server requiring a client certificate, answering Join with rank 7. */
    private int serve() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keys)).trustManager(tls.trust)
                        .clientAuth(ClientAuth.REQUIRE).build())
                .addService(new MgmtSvcGrpc.MgmtSvcImplBase() {
                    @Override
                    public void join(JoinReq request, StreamObserver<JoinResp> out) {
                        out.onNext(JoinResp.newBuilder().setRank(7).build());
                        out.onCompleted();
                    }
                })
                .build().start();
        return server.getPort();
    }

    @After
    public void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private JoinResp join() {
        return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .join(JoinReq.getDefaultInstance());
    }

    @Test
    public void aSecureConfigCallsOverMutualTlsVerifyingThePeerAsServer() throws Exception {
        int port = serve();
        ConfigTransport t = new ConfigTransport(ClientTlsTest::secure, () -> tls.security(false), Optional.empty());
        channel = t.builder(HostPort.of("127.0.0.1", port)).build();
        assertEquals("the expected name", "server", channel.authority());
        assertEquals(7, join().getRank());
    }

    @Test
    public void withoutTheTransportSecurityTheCallIsPlaintextAndRefused() throws Exception {
        int port = serve();
        ConfigTransport t = new ConfigTransport(ClientTlsTest::secure, () -> null, Optional.empty());
        channel = t.builder(HostPort.of("127.0.0.1", port)).build();
        assertThrows(StatusRuntimeException.class, this::join);
    }
}
