package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.HostPort;

/** The replica decision and the first access point, with a fake resolver and fake interfaces. */
public class AccessPointsTest {

    private final AtomicInteger lookups = new AtomicInteger();
    private final Map<String, String> dns = Map.of("node-a", "10.0.0.1", "node-b", "10.0.0.2",
            "node-6", "fd00::6");

    /** A configuration that answers only access_points and port. */
    private static ServerConfig config(int port, String... aps) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "accessPoints" -> List.of(aps);
                    case "port" -> port;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private AccessPoints aps(ServerConfig cfg, String... localIps) {
        return new AccessPoints(cfg, host -> {
            lookups.incrementAndGet();
            String ip = dns.get(host);
            if (ip == null) {
                throw new UnknownHostException(host + ": Name or service not known");
            }
            return new InetAddress[] {InetAddress.getByName(ip)};
        }, () -> {
            Set<InetAddress> s = new java.util.HashSet<>();
            for (String ip : localIps) {
                s.add(InetAddress.getByName(ip));
            }
            return s;
        });
    }

    @Test
    public void theReplicaIsTheFirstLocalAccessPointOnTheControlPort() throws Exception {
        assertEquals(0, aps(config(10001, "node-a:10001"), "10.0.0.1").replicaIndex());
        assertEquals(1, aps(config(10001, "node-b:10001", "node-a:10001"), "10.0.0.1").replicaIndex());
        assertEquals(-1, aps(config(10001, "node-b:10001"), "10.0.0.1").replicaIndex());
        // another port than the control port is another server on this host: not us
        assertEquals(-1, aps(config(10001, "node-a:10002"), "10.0.0.1").replicaIndex());
    }

    @Test
    public void anAccessPointWithoutPortTakesTheConfiguredControlPort() throws Exception {
        assertEquals(0, aps(config(12345, "node-a"), "10.0.0.1").replicaIndex());
        assertEquals(HostPort.of("node-a", 12345), aps(config(12345, "node-a"), "10.0.0.1").first());
        assertEquals("10.0.0.1:12345", aps(config(12345, "node-a")).resolvedFirst());
    }

    @Test
    public void theFirstAccessPointIsResolvedOnceAndAnIPv6OneGetsBrackets() throws Exception {
        AccessPoints a = aps(config(10001, "node-a:10001", "node-b:10001"));
        assertEquals(HostPort.of("node-a", 10001), a.first());
        assertEquals(0, lookups.get()); // the Join target is not resolved here
        assertEquals("10.0.0.1:10001", a.resolvedFirst());
        assertEquals("10.0.0.1:10001", a.resolvedFirst());
        assertEquals(1, lookups.get());
        assertEquals("[fd00:0:0:0:0:0:0:6]:10001", aps(config(10001, "node-6:10001")).resolvedFirst());
    }

    @Test
    public void withSeveralAccessPointsNoHostBootstrapsAndJoinTriesThemAllInOrder() throws Exception {
        AccessPoints one = aps(config(10001, "node-a"), "10.0.0.1");
        assertFalse(one.several());
        assertTrue(one.bootstraps());
        assertFalse(aps(config(10001, "node-b"), "10.0.0.1").bootstraps());
        AccessPoints first = aps(config(10001, "node-a", "node-b:10002", "node-6"), "10.0.0.1");
        assertTrue(first.several());
        assertEquals(0, first.replicaIndex());
        assertFalse(first.bootstraps()); // a replica, but the system DB decides rank 0
        assertEquals(List.of(HostPort.of("node-a", 10001), HostPort.of("node-b", 10002),
                HostPort.of("node-6", 10001)), first.all());
        expectFatal(() -> aps(config(10001)).all(), "no access points defined");
    }

    @Test
    public void failuresAreFatalWithTheirReason() {
        expectFatal(() -> aps(config(10001, "nowhere:10001")).replicaIndex(),
                "failed to resolve access point nowhere:10001: nowhere: Name or service not known");
        expectFatal(() -> aps(config(10001, "nowhere:10001")).resolvedFirst(),
                "failed to resolve access point nowhere:10001: nowhere: Name or service not known");
        expectFatal(() -> aps(config(10001)).first(), "no access points defined");
        expectFatal(() -> aps(config(10001)).resolvedFirst(), "no access points defined");
        expectFatal(() -> aps(config(10001, "a:b:c")).replicaIndex(),
                "invalid access point: address a:b:c: too many colons in address");
        AccessPoints noInterfaces = new AccessPoints(config(10001, "node-a"), InetAddress::getAllByName, () -> {
            throw new IOException("no /proc/net");
        });
        expectFatal(noInterfaces::replicaIndex, "failed to list local interfaces: no /proc/net");
    }

    @Test
    public void aListenAddressIsTheOnlyLocalAddressOfTheDecision() throws Exception {
        ServerConfig three = config(10001, "127.0.0.2:10001", "127.0.0.3:10001", "127.0.0.4:10001");
        // the real interfaces: lo has 127.0.0.1/8, so 127.0.0.3 is no interface address
        assertEquals(-1, new AccessPoints(three).replicaIndex());
        assertEquals(1, new AccessPoints(three, "127.0.0.3").replicaIndex());
        assertEquals(2, new AccessPoints(three, "127.0.0.4").replicaIndex());
        assertEquals(-1, new AccessPoints(three, "127.0.0.5").replicaIndex());
        assertEquals("the wildcard is every interface", -1, new AccessPoints(three, "0.0.0.0").replicaIndex());
        assertEquals("an interface address other than the listen address is not this server", -1,
                new AccessPoints(config(10001, "localhost:10001"), "127.0.0.2").replicaIndex());
        expectFatal(() -> new AccessPoints(three, "node-a").replicaIndex(),
                "invalid listen address: daos.listen.address is not an IP address: \"node-a\"");
    }

    @Test
    public void theRealResolverAndInterfacesFindLocalhost() throws Exception {
        AccessPoints real = new AccessPoints(config(10001, "localhost:10001"));
        assertEquals(0, real.replicaIndex());
        assertEquals("127.0.0.1:10001", real.resolvedFirst());
    }

    private interface Step {
        Object run() throws Fatal;
    }

    private static void expectFatal(Step step, String message) {
        try {
            step.run();
            fail("no Fatal; expected " + message);
        } catch (Fatal e) {
            assertEquals(message, e.getMessage());
        }
    }
}
