package io.daos.control.dmg.conn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;

/** Single- and multi-target calls over real loopback servers. */
public class InvokerTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    public void multiCallsEveryActiveHostAndKeepsEachHostsError() throws Exception {
        Fault fault = new Fault("server", 647, "DAOS I/O Server harness not started",
                "retry the operation or check server logs for more details");
        // all three handlers must be running at the same time: the calls are concurrent
        CyclicBarrier together = new CyclicBarrier(3);
        java.util.function.UnaryOperator<String> meet = s -> {
            try {
                together.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return s;
        };
        try (TestServer a = new TestServer(s -> "a " + meet.apply(s), null);
                TestServer b = new TestServer(s -> "b " + meet.apply(s), null);
                TestServer f = new TestServer(s -> {
                    meet.apply(s);
                    throw GrpcErrors.fault(fault);
                }, null);
                Connections c = Connections.open(List.of(f.address(), b.address(), a.address()), null, LONG)) {
            SortedMap<String, Invoker.Result<String>> r = new Invoker(c).multi(ch -> TestServer.echo(ch, "x"),
                    Invoker.NO_DEADLINE);
            List<String> order = new ArrayList<>(List.of(a.address(), b.address(), f.address()));
            order.sort(Connections.ADDRESS_ORDER);
            assertEquals(order, List.copyOf(r.keySet()));
            assertEquals("a x", r.get(a.address()).value());
            assertEquals("b x", r.get(b.address()).value());
            Invoker.Result<String> failed = r.get(f.address());
            assertNull(failed.value());
            assertEquals(fault, failed.error().fault().orElseThrow());
            assertEquals("server: code = 647 description = \"DAOS I/O Server harness not started\"",
                    failed.error().getMessage());
        }
    }

    @Test
    public void singleCallsTheFirstActiveAddressAndConvertsErrors() throws Exception {
        try (TestServer a = new TestServer(s -> "a", null); TestServer b = new TestServer(s -> "b", null);
                TestServer bad = new TestServer(s -> {
                    throw GrpcErrors.error("instance is not an access point");
                }, null)) {
            List<String> order = new ArrayList<>(List.of(a.address(), b.address()));
            order.sort(Connections.ADDRESS_ORDER);
            try (Connections c = Connections.open(List.of(b.address(), a.address()), null, LONG)) {
                String expected = order.get(0).equals(a.address()) ? "a" : "b";
                assertEquals(expected, new Invoker(c).single(ch -> TestServer.echo(ch, "x"), null));
            }
            try (Connections c = Connections.open(List.of(bad.address()), null, LONG)) {
                RpcError e = assertThrows(RpcError.class, () -> new Invoker(c).single(ch -> TestServer.echo(ch, "x"), null));
                assertEquals("rpc error: code = Unknown desc = instance is not an access point", e.getMessage());
            }
        }
    }

    @Test
    public void aDeadlineEndsACallThatIsNotAnswered() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (TestServer slow = new TestServer(s -> {
            try {
                never.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return s;
        }, null)) {
            try (Connections c = Connections.open(List.of(slow.address()), null, LONG)) {
                deadlines(c, slow.address());
            } finally {
                never.countDown();
            }
        }
    }

    private static void deadlines(Connections c, String slow) throws Exception {
        {
            RpcError e = assertThrows(RpcError.class, () -> new Invoker(c).single(ch -> TestServer.echo(ch, "x"),
                    Duration.ofMillis(200)));
            assertTrue(e.getMessage(), e.getMessage().startsWith("rpc error: code = DeadlineExceeded desc = "));
            SortedMap<String, Invoker.Result<String>> r = new Invoker(c).multi(ch -> TestServer.echo(ch, "x"),
                    Duration.ofMillis(200));
            assertTrue(r.get(slow).error().getMessage().startsWith("rpc error: code = DeadlineExceeded"));
        }
    }

    @Test
    public void withoutActiveConnectionsBothKindsFail() throws Exception {
        try (Connections c = Connections.open(List.of(), null, LONG)) {
            Invoker i = new Invoker(c);
            assertEquals("no active connections", assertThrows(RpcError.class, () -> i.single(ch -> "", null)).getMessage());
            assertEquals("no active connections", assertThrows(RpcError.class, () -> i.multi(ch -> "", null)).getMessage());
        }
    }

    @Test
    public void theReferenceDeadlines() {
        assertEquals(Duration.ofSeconds(10), Invoker.NETWORK_SCAN_DEADLINE);
        assertEquals(Duration.ofMinutes(120), Invoker.STORAGE_FORMAT_DEADLINE);
        assertNull(Invoker.NO_DEADLINE);
    }
}
