package io.daos.control.dmg.conn;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;

/**
 * {@link ClientTls} for grpc-java's Netty transport ({@code bin/daos_grpc}), apart so that
 * {@code dmg} itself, which does not ship Netty, never loads a Netty class.
 */
final class NettyTls {

    private NettyTls() {
    }

    /** A JDK-provider client context: {@link ClientTls#PROTOCOLS}, {@link ClientTls#CIPHERS}, ALPN h2. */
    static SslContext context(KeyManagerFactory keys, TrustManagerFactory trust) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(keys)
                    .trustManager(trust)
                    .protocols(ClientTls.PROTOCOLS)
                    .ciphers(ClientTls.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException e) {
            throw new TlsLoadException("could not create X509KeyPair: " + e.getMessage(), e);
        }
    }
}
