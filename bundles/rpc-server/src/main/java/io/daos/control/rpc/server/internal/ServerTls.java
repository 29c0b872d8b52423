package io.daos.control.rpc.server.internal;

import javax.net.ssl.SSLException;

import io.daos.control.api.security.TransportSecurity;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * The server side of mutual TLS from the security bundle's {@link TransportSecurity} (the
 * rpc-server keeps no TLS material of its own): the own certificate presented, a client
 * certificate required and verified against the CA, the protocols and cipher suites it names
 * (TLS 1.3, and for the v1.0 Go tools TLS 1.2 with their two RSA suites), the server's order
 * preferred. The JDK's TLS, so that the suites are exactly the JDK's.
 */
final class ServerTls {

    private ServerTls() {
    }

    /**
     * The Netty server context for {@code security}.
     *
     * @throws IllegalArgumentException when {@code security} is insecure
     */
    static SslContext of(TransportSecurity security) throws SSLException {
        if (security.insecure()) {
            throw new IllegalArgumentException("insecure transport: no TLS context");
        }
        return GrpcSslContexts.configure(SslContextBuilder.forServer(security.keyManagers()), SslProvider.JDK)
                .trustManager(security.trustManagers())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(security.protocols())
                .ciphers(security.cipherSuites())
                .build();
    }
}
