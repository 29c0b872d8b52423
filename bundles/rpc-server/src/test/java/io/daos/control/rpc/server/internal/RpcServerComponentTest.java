package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.GrpcReady;
import io.daos.control.api.StartupChecksPassed;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TransportConfig;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.api.security.TestTls;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * The component's start-up outcomes and order (listening only after the start-up checks marker),
 * with a hand-made BundleContext that records services.
 */
public class RpcServerComponentTest {

    /** Registered services' properties, in order; unregistering removes the entry. */
    private final List<Map<String, Object>> registered = Collections.synchronizedList(new ArrayList<>());
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Symbolic names of the bundles the context says are installed. */
    private final List<String> installedBundles = new ArrayList<>();

    /** An installed bundle of that symbolic name. */
    private static Bundle bundle(String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(RpcServerComponentTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getState" -> Bundle.ACTIVE;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** The framework properties the context answers. */
    private final Map<String, String> frameworkProperties = new HashMap<>();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return frameworkProperties.get((String) args[0]);
                    }
                    if (method.getName().equals("getBundles")) {
                        return installedBundles.stream().map(RpcServerComponentTest::bundle).toArray(Bundle[]::new);
                    }
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Dictionary<?, ?> dict = (Dictionary<?, ?>) args[2];
                    Map<String, Object> props = new HashMap<>();
                    for (Object k : Collections.list(dict.keys())) {
                        props.put((String) k, dict.get(k));
                    }
                    registered.add(props);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    registered.remove(props);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
    }

    private static RpcServerComponent component(int port, boolean insecure) throws Exception {
        RpcServerComponent c = new RpcServerComponent();
        Field f = RpcServerComponent.class.getDeclaredField("config");
        f.setAccessible(true);
        // a proxy, so the test keeps compiling while ServerConfig grows
        f.set(c, Proxy.newProxyInstance(RpcServerComponentTest.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "port":
                            return port;
                        case "allowInsecure":
                            return insecure;
                        case "transportConfig":
                            return new TransportConfig(insecure, "clients", "ca/daosCA.crt", "/etc/daos/server.crt",
                                    "/etc/daos/server.key", "server");
                        case "toString":
                            return "test ServerConfig";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                }));
        return c;
    }

    private static final StartupChecksPassed MARKER = new StartupChecksPassed() {
    };

    /** A port nothing listens on right now. */
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    @Test
    public void noTlsProviderIsAStartupFailure() throws Exception {
        RpcServerComponent c = component(0, false);
        c.bindChecksPassed(MARKER);
        c.activate(context());
        assertEquals(1, registered.size());
        assertEquals(RpcServerComponent.NO_TLS_MESSAGE, registered.get(0).get(StartupFailure.MESSAGE));
        assertTrue(RpcServerComponent.NO_TLS_MESSAGE.startsWith(
                "transport_config.allow_insecure is false but no TLS provider (security bundle) is available"));
        assertNull(registered.get(0).get(GrpcReady.PORT));
        c.deactivate();
        assertEquals(List.of(), registered);
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
    }

    /** A secure configuration with the security bundle installed waits for its TransportSecurity. */
    @Test
    public void aSecureConfigWaitsForTheSecurityBundlesTransportSecurity() throws Exception {
        installedBundles.add(RpcServerComponent.SECURITY_BUNDLE);
        RpcServerComponent c = component(0, false);
        c.bindChecksPassed(MARKER);
        c.activate(context());
        assertEquals("no failure, no listening yet", List.of(), registered);
        assertEquals(-1, c.port());
        c.deactivate();
    }

    /** With the TransportSecurity a secure configuration listens with mutual TLS. */
    @Test
    public void aSecureConfigListensWithTheTransportSecurity() throws Exception {
        RpcServerComponent c = component(0, false);
        Field f = RpcServerComponent.class.getDeclaredField("security");
        f.setAccessible(true);
        f.set(c, TestTls.create(tmp.getRoot().toPath()).security(false));
        c.bindChecksPassed(MARKER);
        c.activate(context());
        assertEquals(1, registered.size());
        int port = Integer.parseInt((String) registered.get(0).get(GrpcReady.PORT));
        assertEquals("the banner's TLS hints: absolute paths",
                Path.of("ca/daosCA.crt").toAbsolutePath().toString(), registered.get(0).get(GrpcReady.TLS_CA_CERT));
        assertEquals("/etc/daos/server.crt", registered.get(0).get(GrpcReady.TLS_CERT));
        ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            assertThrows("a plaintext client is not served", StatusRuntimeException.class,
                    () -> HealthGrpc.newBlockingStub(plain).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()));
        } finally {
            plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        c.deactivate();
        assertEquals(List.of(), registered);
    }

    @Test
    public void listeningRegistersTheReadyMarkerUntilDeactivate() throws Exception {
        RpcServerComponent c = component(0, true);
        c.bindChecksPassed(MARKER);
        c.activate(context());
        assertEquals(1, registered.size());
        Map<String, Object> marker = registered.get(0);
        String port = (String) marker.get(GrpcReady.PORT);
        assertNull("insecure: no TLS hints", marker.get(GrpcReady.TLS_CA_CERT));
        assertNull(marker.get(GrpcReady.TLS_CERT));
        assertTrue(Integer.parseInt(port) > 0);
        assertEquals("0.0.0.0:" + port, marker.get(GrpcReady.ADDRESS));
        c.deactivate();
        assertEquals(List.of(), registered);
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
    }

    @Test
    public void aListenAddressIsWhereItBindsAndWhatTheMarkerSays() throws Exception {
        frameworkProperties.put(ListenAddress.PROPERTY, "127.0.0.2");
        try (ServerSocket other = new ServerSocket()) {
            // another server on the same port, on another loopback address: no clash
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
            RpcServerComponent c = component(other.getLocalPort(), true);
            c.bindChecksPassed(MARKER);
            c.activate(context());
            assertEquals(1, registered.size());
            assertEquals("127.0.0.2:" + other.getLocalPort(), registered.get(0).get(GrpcReady.ADDRESS));
            assertFalse("not on 127.0.0.1", listening(other.getLocalPort()));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), other.getLocalPort()), 5_000);
            }
            c.deactivate();
        }
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
    }

    @Test
    public void aListenAddressThatIsNoIpIsAStartupFailureAndStopsTheServer() throws Exception {
        frameworkProperties.put(ListenAddress.PROPERTY, "localhost");
        RpcServerComponent c = component(0, true);
        List<BundleContext> stops = new ArrayList<>();
        c.stopServer = stops::add;
        c.bindChecksPassed(MARKER);
        c.activate(context());
        assertEquals(1, registered.size());
        assertEquals("daos.listen.address is not an IP address: \"localhost\"",
                registered.get(0).get(StartupFailure.MESSAGE));
        assertEquals(1, stops.size());
        assertEquals(-1, c.port());
        c.deactivate();
        assertEquals(List.of(), registered);
    }

    @Test
    public void occupiedPortIsAStartupFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            RpcServerComponent c = component(taken.getLocalPort(), true);
            List<BundleContext> stops = new ArrayList<>();
            c.stopServer = stops::add;
            c.activate(context());
            assertEquals("nothing tried before the start-up checks passed", List.of(), registered);
            c.bindChecksPassed(MARKER);
            assertEquals(1, registered.size());
            assertEquals("failed to listen on 0.0.0.0:" + taken.getLocalPort() + ": address already in use",
                    registered.get(0).get(StartupFailure.MESSAGE));
            assertEquals("the server is stopped, not left running without its port", 1, stops.size());
            assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
            c.deactivate();
            assertEquals(List.of(), registered);
        }
    }

    /** Issue 10, defect 6: port 70000 threw out of activation (a stack trace) and left no port. */
    @Test
    public void defect6PortOutOfRangeIsAOneLineStartupFailureAndStopsTheServer() throws Exception {
        RpcServerComponent c = component(70000, true);
        List<BundleContext> stops = new ArrayList<>();
        c.stopServer = stops::add;
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(RpcServerComponent.class.getName());
        log.addHandler(capture);
        try {
            c.bindChecksPassed(MARKER);
            c.activate(context());
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, registered.size());
        assertEquals("failed to listen on 0.0.0.0:70000: port out of range:70000",
                registered.get(0).get(StartupFailure.MESSAGE));
        assertEquals(1, stops.size());
        assertEquals(-1, c.port());
        assertEquals(1, logged.size());
        assertEquals(Level.SEVERE, logged.get(0).getLevel());
        assertNull("one line, no stack trace", logged.get(0).getThrown());
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
        c.deactivate();
        assertEquals(List.of(), registered);
    }

    @Test
    public void doesNotListenBeforeTheStartupChecksPassedAndListensAfter() throws Exception {
        int port = freePort();
        RpcServerComponent c = component(port, true);
        c.activate(context());
        try {
            assertEquals(List.of(), registered);
            assertEquals(-1, c.port());
            assertFalse("nothing listens on " + port + " before the marker", listening(port));
            assertEquals(List.of(), Fixtures.threads("daos-grpc-"));

            c.bindChecksPassed(MARKER);
            assertEquals(port, c.port());
            assertTrue(listening(port));
            assertEquals(1, registered.size());
            assertEquals(Integer.toString(port), registered.get(0).get(GrpcReady.PORT));
        } finally {
            c.deactivate();
        }
        assertFalse(listening(port));
        assertEquals(List.of(), registered);
    }

    @Test
    public void aMarkerBoundBeforeActivationListensAtActivation() throws Exception {
        RpcServerComponent c = component(0, true);
        c.bindChecksPassed(MARKER);
        assertEquals("not active yet", -1, c.port());
        c.activate(context());
        try {
            assertTrue(c.port() > 0);
            assertTrue(listening(c.port()));
        } finally {
            c.deactivate();
        }
    }

    @Test
    public void keepsListeningWhenTheMarkerGoesAwayUntilDeactivated() throws Exception {
        RpcServerComponent c = component(0, true);
        c.activate(context());
        c.bindChecksPassed(MARKER);
        int port = c.port();
        c.unbindChecksPassed(MARKER);
        assertEquals(port, c.port());
        assertTrue(listening(port));
        assertEquals(1, registered.size());

        StartupChecksPassed another = new StartupChecksPassed() {
        };
        c.bindChecksPassed(another);
        assertEquals("a second marker changes nothing", port, c.port());
        assertEquals(1, registered.size());

        c.deactivate();
        assertEquals(-1, c.port());
        assertFalse(listening(port));
        assertEquals(List.of(), registered);
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
    }
}
