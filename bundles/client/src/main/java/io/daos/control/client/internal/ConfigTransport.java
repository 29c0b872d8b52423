package io.daos.control.client.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.net.ListenAddress;
import io.grpc.Attributes;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The transport the {@code transport_config} of the server asks for. TLS is not implemented yet:
 * every channel is plaintext, and when the configuration says {@code allow_insecure: false} this
 * says so once (a warning at the first channel made) for the life of the instance. Without a
 * configuration (no {@link ServerConfig} service) plaintext is used silently. With a listen
 * address every connection leaves from it.
 */
final class ConfigTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(ConfigTransport.class.getName());

    static final String NO_TLS_WARNING = "transport_config.allow_insecure is false, but TLS for calls to"
            + " other control servers is not implemented yet: using plaintext";

    private final Supplier<ServerConfig> config;
    private final Optional<InetAddress> local;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param config the current configuration, or null when there is none */
    ConfigTransport(Supplier<ServerConfig> config) {
        this(config, Optional.empty());
    }

    /**
     * @param config the current configuration, or null when there is none
     * @param local  the address every connection leaves from (the server's
     *               {@value ListenAddress#PROPERTY}), or empty for the one the kernel picks
     */
    ConfigTransport(Supplier<ServerConfig> config, Optional<InetAddress> local) {
        this.config = config;
        this.local = local;
    }

    @Override
    public NettyChannelBuilder builder(HostPort target) {
        ServerConfig c = config.get();
        if (c != null && !c.allowInsecure() && warned.compareAndSet(false, true)) {
            LOG.warning(NO_TLS_WARNING);
        }
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(target.host(), target.port(),
                InsecureChannelCredentials.create());
        local.ifPresent(a -> b.localSocketPicker(new From(a)));
        return b;
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
