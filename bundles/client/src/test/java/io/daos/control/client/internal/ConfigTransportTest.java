package io.daos.control.client.internal;

import io.daos.control.api.testing.LogCapture;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;
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
}
