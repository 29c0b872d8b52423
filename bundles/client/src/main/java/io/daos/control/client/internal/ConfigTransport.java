package io.daos.control.client.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The transport the {@code transport_config} of the server asks for. TLS is not implemented yet:
 * every channel is plaintext, and when the configuration says {@code allow_insecure: false} this
 * says so once (a warning at the first channel made) for the life of the instance. Without a
 * configuration (no {@link ServerConfig} service) plaintext is used silently.
 */
final class ConfigTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(ConfigTransport.class.getName());

    static final String NO_TLS_WARNING = "transport_config.allow_insecure is false, but TLS for calls to"
            + " other control servers is not implemented yet: using plaintext";

    private final Supplier<ServerConfig> config;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param config the current configuration, or null when there is none */
    ConfigTransport(Supplier<ServerConfig> config) {
        this.config = config;
    }

    @Override
    public NettyChannelBuilder builder(HostPort target) {
        ServerConfig c = config.get();
        if (c != null && !c.allowInsecure() && warned.compareAndSet(false, true)) {
            LOG.warning(NO_TLS_WARNING);
        }
        return NettyChannelBuilder.forAddress(target.host(), target.port(), InsecureChannelCredentials.create());
    }
}
