package io.daos.control.client.internal;

import io.daos.control.api.net.HostPort;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * How a channel to another control server is made: the address, the channel credentials and,
 * once TLS exists, the name the peer's certificate must carry. Every channel of the client layer
 * comes from here, so this is the one seam where transport security plugs in
 * ({@link ConfigTransport} is the production one). The {@link ChannelCache} adds its own threads
 * to the builder.
 */
@FunctionalInterface
interface Transport {

    /** A builder for a channel to {@code target}, credentials set, not built yet. */
    NettyChannelBuilder builder(HostPort target);
}
