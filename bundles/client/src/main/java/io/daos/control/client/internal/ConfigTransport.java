package io.daos.control.client.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.net.ssl.SSLException;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.api.security.TransportSecurity;
import io.grpc.Attributes;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * The transport the {@code transport_config} of the server asks for. Secure (the configuration
 * says {@code allow_insecure: false} and the security bundle's {@link TransportSecurity} is
 * there): mutual TLS, the server certificate presented as the client certificate, the peer
 * verified against the CA under the expected name {@code server_name} ({@code server}), the same
 * protocols and suites as the server. A secure configuration without that service (the security
 * bundle absent or restarting) falls back to plaintext and says so once (a warning at the first
 * channel made) for the life of the instance; a secure peer will refuse such calls. Without a
 * configuration (no {@link ServerConfig} service) plaintext is used silently. With a listen
 * address every connection leaves from it.
 */
final class ConfigTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(ConfigTransport.class.getName());

    static final String NO_TLS_WARNING = "transport_config.allow_insecure is false, but no transport security"
            + " (security bundle) is available for calls to other control servers: using plaintext";

    private final Supplier<ServerConfig> config;
    private final Supplier<TransportSecurity> security;
    private final Optional<InetAddress> local;
    private final AtomicBoolean warned = new AtomicBoolean();
    /** The client context of the last TransportSecurity seen (made once per service object). */
    private final AtomicReference<Tls> tls = new AtomicReference<>();

    private record Tls(TransportSecurity security, SslContext context) {
    }

    /** @param config the current configuration, or null when there is none */
    ConfigTransport(Supplier<ServerConfig> config) {
        this(config, () -> null, Optional.empty());
    }

    /** Without transport security (plaintext), leaving from {@code local}. */
    ConfigTransport(Supplier<ServerConfig> config, Optional<InetAddress> local) {
        this(config, () -> null, local);
    }

    /**
     * @param config   the current configuration, or null when there is none
     * @param security the security bundle's service, or null when there is none
     * @param local    the address every connection leaves from (the server's
     *                 {@value ListenAddress#PROPERTY}), or empty for the one the kernel picks
     */
    ConfigTransport(Supplier<ServerConfig> config, Supplier<TransportSecurity> security, Optional<InetAddress> local) {
        this.config = config;
        this.security = security;
        this.local = local;
    }

    @Override
    public NettyChannelBuilder builder(HostPort target) {
        ServerConfig c = config.get();
        TransportSecurity s = security.get();
        NettyChannelBuilder b;
        if (c != null && !c.allowInsecure() && s != null && !s.insecure()) {
            b = NettyChannelBuilder.forAddress(target.host(), target.port()).sslContext(context(s))
                    .overrideAuthority(s.serverName());
        } else {
            if (c != null && !c.allowInsecure() && warned.compareAndSet(false, true)) {
                LOG.warning(NO_TLS_WARNING);
            }
            b = NettyChannelBuilder.forAddress(target.host(), target.port(), InsecureChannelCredentials.create());
        }
        local.ifPresent(a -> b.localSocketPicker(new From(a)));
        return b;
    }

    /** The client context of {@code s}, made at its first use. */
    private SslContext context(TransportSecurity s) {
        Tls t = tls.get();
        if (t != null && t.security() == s) {
            return t.context();
        }
        try {
            SslContext ctx = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(s.keyManagers())
                    .trustManager(s.trustManagers())
                    .protocols(s.protocols())
                    .ciphers(s.cipherSuites())
                    .build();
            tls.set(new Tls(s, ctx));
            return ctx;
        } catch (SSLException e) {
            throw new IllegalStateException("TLS for calls to other control servers: " + e.getMessage(), e);
        }
    }

    /**
     * Binds the local side of a connection to the listen address (any port), so that the peer
     * sees the address this server is known by; a remote of the other IP family gets no binding.
     */
    static final class From extends NettyChannelBuilder.LocalSocketPicker {
        private final InetAddress local;

        From(InetAddress local) {
            this.local = local;
        }

        @Override
        public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
            if (remote instanceof InetSocketAddress r && r.getAddress() != null
                    && r.getAddress().getClass() != local.getClass()) {
                return null;
            }
            return new InetSocketAddress(local, 0);
        }
    }
}
