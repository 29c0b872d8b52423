package io.daos.control.client.internal;

import io.daos.control.api.testing.LogCapture;

import static io.daos.control.client.internal.Fixtures.LONG;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.osgi.framework.BundleContext;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient.RanksOp;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;

/** The DS component with a hand-made BundleContext (framework properties only), against real servers. */
public class ClientComponentTest {

    private final Map<String, String> frameworkProperties = new HashMap<>();
    private final List<ClientComponent> active = new ArrayList<>();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return frameworkProperties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private ClientComponent activate(Map<String, Object> componentProperties) {
        ClientComponent c = new ClientComponent();
        c.activate(context(), componentProperties);
        active.add(c);
        return c;
    }

    private ClientComponent activate() {
        return activate(Map.of());
    }

    @After
    public void deactivateAll() {
        active.forEach(ClientComponent::deactivate);
    }

    @Test
    public void joinLeaderQueryAndEveryRanksCallShareOneConnection() throws Exception {
        try (TestServer server = TestServer.start()) {
            ClientComponent c = activate();
            HostPort ap = server.address();
            assertEquals(3, c.join(ap, JoinReq.newBuilder().setRank(3).build(), LONG).getRank());
            assertEquals("leader-of-sys", c.leaderQuery(ap, LeaderQueryReq.newBuilder().setSystem("sys").build(), LONG)
                    .getCurrentLeader());
            for (RanksOp op : RanksOp.values()) {
                RanksResp r = c.call(ap, op, RanksReq.newBuilder().addRanks(5).build(), LONG).get(60, TimeUnit.SECONDS);
                assertEquals(op.method(), r.getResults(0).getAction());
                assertEquals(5, r.getResults(0).getRank());
            }
            assertEquals(List.of("Join", "LeaderQuery", "PrepShutdownRanks", "StopRanks", "StartRanks", "PingRanks"),
                    server.calls);
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    public void peerCallsShareTheConnectionOfTheOtherCalls() throws Exception {
        try (TestServer server = TestServer.start()) {
            PeerClient peer = activate();
            ClientComponent c = (ClientComponent) peer;
            HostPort host = server.address();
            c.join(host, JoinReq.getDefaultInstance(), LONG);
            assertEquals("fwd", new String(peer.forward(host, "mgmt.MgmtSvc/PoolQuery", "fwd".getBytes(), "p", "s",
                    LONG)));
            assertEquals("drpc", new String(peer.engineCall(host, 0, 9, "drpc".getBytes(), "s", LONG)));
            assertEquals(List.of("Join", "Forward", "EngineCall"), server.calls);
            assertEquals(1, server.connections.get());
            peer.forget(host);
            assertTrue(server.awaitEnded(1));
            assertEquals(0, c.cache().size());
        }
    }

    @Test
    public void eachRanksOpIsItsMgmtSvcMethod() {
        for (RanksOp op : RanksOp.values()) {
            assertEquals("mgmt.MgmtSvc/" + op.method(), ClientComponent.method(op).getFullMethodName());
        }
    }

    @Test
    public void blockingCallsThrowTheClientException() throws Exception {
        HostPort closed = Fixtures.closedPort();
        ClientComponent c = activate();
        try {
            c.join(closed, JoinReq.getDefaultInstance(), LONG);
            fail();
        } catch (ClientException e) {
            assertEquals(ClientException.Kind.UNREACHABLE, e.kind());
        }
        try {
            c.leaderQuery(closed, LeaderQueryReq.getDefaultInstance(), LONG);
            fail();
        } catch (ClientException e) {
            assertEquals(ClientException.Kind.UNREACHABLE, e.kind());
        }
    }

    @Test
    public void anInterruptedJoinThrowsInterruptedExceptionAndCancelsTheCall() throws Exception {
        try (TestServer server = TestServer.start(); TestServer.Hold hold = new TestServer.Hold()) {
            server.join = (m, req) -> hold.await(JoinResp.getDefaultInstance());
            ClientComponent c = activate();
            Fixtures.assertInterruptCancels(hold, () -> c.join(server.address(), JoinReq.getDefaultInstance(), LONG));
        }
    }

    @Test
    public void forgetClosesTheConnection() throws Exception {
        try (TestServer server = TestServer.start()) {
            ClientComponent c = activate();
            c.call(server.address(), RanksOp.PING, RanksReq.getDefaultInstance(), LONG).get(60, TimeUnit.SECONDS);
            c.forget(server.address());
            assertTrue(server.awaitEnded(1));
            assertEquals(0, c.cache().size());
        }
    }

    @Test
    public void deactivateClosesEveryChannelAndThread() throws Exception {
        try (TestServer server = TestServer.start()) {
            ClientComponent c = activate();
            c.join(server.address(), JoinReq.getDefaultInstance(), LONG);
            ManagedChannel ch = c.cache().channel(server.address()).orElseThrow();
            active.remove(c);

            c.deactivate();

            assertTrue(ch.isTerminated());
            assertEquals(List.of(), Fixtures.threads(ClientComponent.THREAD_NAME));
            assertTrue(server.awaitEnded(1));
            CompletableFuture<RanksResp> late = c.call(server.address(), RanksOp.PING, RanksReq.getDefaultInstance(),
                    LONG);
            assertEquals(ClientException.Kind.CANCELLED, Fixtures.failure(late).kind());
        }
    }

    @Test
    public void theFrameworkPropertySetsTheIdleTime() throws Exception {
        frameworkProperties.put(ClientComponent.PROP_IDLE, "20");
        try (TestServer server = TestServer.start()) {
            ClientComponent c = activate();
            c.join(server.address(), JoinReq.getDefaultInstance(), LONG);
            assertTrue("closed after 20 ms without calls", server.awaitEnded(1));
            assertEquals(0, c.cache().size());
        }
    }

    @Test
    public void idleTimeComesFromTheComponentThenTheFrameworkPropertyElseFiveMinutes() {
        assertEquals(Duration.ofMinutes(5), ClientComponent.DEFAULT_IDLE);
        assertEquals(ClientComponent.DEFAULT_IDLE, ClientComponent.idleTime(null, null));
        assertEquals(ClientComponent.DEFAULT_IDLE, ClientComponent.idleTime(null, " "));
        assertEquals(Duration.ofMillis(1500), ClientComponent.idleTime(null, " 1500 "));
        assertEquals(Duration.ofMillis(7), ClientComponent.idleTime(7L, "1500"));
        assertEquals(Duration.ofMillis(8), ClientComponent.idleTime("8", "1500"));
    }

    @Test
    public void aBadIdleTimeWarnsAndKeepsTheDefault() {
        try (LogCapture log = new LogCapture(ClientComponent.class)) {
            assertEquals(ClientComponent.DEFAULT_IDLE, ClientComponent.idleTime(null, "soon"));
            assertEquals(ClientComponent.DEFAULT_IDLE, ClientComponent.idleTime(0, null));
            assertEquals(ClientComponent.DEFAULT_IDLE, ClientComponent.idleTime(null, "-5"));
            assertEquals(List.of(
                    "daos.client.idle.timeout.ms=\"soon\" is not a positive number of milliseconds; idle connections"
                            + " close after 5 minutes",
                    "idle.timeout.ms=\"0\" is not a positive number of milliseconds; idle connections close after"
                            + " 5 minutes",
                    "daos.client.idle.timeout.ms=\"-5\" is not a positive number of milliseconds; idle connections"
                            + " close after 5 minutes"), log.lines());
        }
    }

    @Test
    public void ipv6LoopbackWorks() throws Exception {
        Assume.assumeTrue("no IPv6 loopback on this host", ipv6Loopback());
        try (TestServer server = TestServer.start("::1", 0)) {
            ClientComponent c = activate();
            HostPort ap = HostPort.parse("[::1]:" + server.port());
            assertEquals(9, c.join(ap, JoinReq.newBuilder().setRank(9).build(), LONG).getRank());
            assertNotNull(c.cache().channel(ap).orElse(null));
            assertEquals(1, server.connections.get());
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
