package io.daos.control.client.internal;

import io.daos.control.api.testing.LogCapture;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;

public class ConfigTransportTest {

    private static ServerConfig config(boolean insecure) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("allowInsecure")) {
                        return insecure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String authority(Transport t, HostPort target) {
        ManagedChannel ch = t.builder(target).build();
        try {
            return ch.authority();
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    public void secureConfigurationWarnsOnceThatPlaintextIsUsed() {
        try (LogCapture log = new LogCapture(ConfigTransport.class)) {
            ConfigTransport t = new ConfigTransport(() -> config(false));
            authority(t, HostPort.of("127.0.0.1", 1));
            authority(t, HostPort.of("127.0.0.2", 2));
            assertEquals(List.of(ConfigTransport.NO_TLS_WARNING), log.lines());

            new ConfigTransport(() -> config(false)).builder(HostPort.of("127.0.0.1", 1));
            assertEquals("a new instance (component life) warns again", 2, log.lines().size());
        }
    }

    @Test
    public void insecureOrAbsentConfigurationIsSilent() {
        try (LogCapture log = new LogCapture(ConfigTransport.class)) {
            authority(new ConfigTransport(() -> config(true)), HostPort.of("127.0.0.1", 1));
            authority(new ConfigTransport(() -> null), HostPort.of("127.0.0.1", 1));
            assertEquals(List.of(), log.lines());
        }
    }

    @Test
    public void theChannelGoesToTheAddress() {
        ConfigTransport t = new ConfigTransport(() -> null);
        assertEquals("node1:10001", authority(t, HostPort.parse("node1", 10001)));
        assertEquals("[::1]:1234", authority(t, HostPort.parse("[::1]:1234")));
    }

    /** The address the test server saw the one connection of a Join come from. */
    private static InetAddress joinFrom(Optional<InetAddress> local) throws Exception {
        try (TestServer server = TestServer.start("127.0.0.3", 0);
                ChannelCache cache = new ChannelCache(new ConfigTransport(() -> null, local), Duration.ofHours(1),
                        System::nanoTime, "test-client")) {
            new RemoteCalls(cache).unary(server.address(), MgmtSvcGrpc.getJoinMethod(),
                    JoinReq.newBuilder().setRank(4).build(), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
            assertEquals(1, server.remotes.size());
            return ((InetSocketAddress) server.remotes.get(0)).getAddress();
        }
    }

    @Test
    public void withAListenAddressCallsLeaveFromIt() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.2"), joinFrom(Optional.of(InetAddress.getByName("127.0.0.2"))));
        assertEquals("without one the kernel picks (lo: 127.0.0.1)", InetAddress.getByName("127.0.0.1"),
                joinFrom(Optional.empty()));
    }

    @Test
    public void aRemoteOfTheOtherFamilyGetsNoLocalBinding() throws Exception {
        ConfigTransport.From from = new ConfigTransport.From(InetAddress.getByName("127.0.0.2"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0),
                from.createSocketAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 5), Attributes.EMPTY));
        assertNull(from.createSocketAddress(new InetSocketAddress(InetAddress.getByName("::1"), 5), Attributes.EMPTY));
    }

    @Test
    public void theComponentTakesTheListenAddressAndWarnsOfABadOne() throws Exception {
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.4")), ClientComponent.localAddress("127.0.0.4"));
        assertEquals(Optional.empty(), ClientComponent.localAddress(null));
        assertEquals(Optional.empty(), ClientComponent.localAddress("0.0.0.0"));
        try (LogCapture log = new LogCapture(ClientComponent.class)) {
            assertEquals(Optional.empty(), ClientComponent.localAddress("node-a"));
            assertEquals(List.of("daos.listen.address is not an IP address: \"node-a\"; calls to other control"
                    + " servers leave from any address"), log.lines());
        }
    }
}
