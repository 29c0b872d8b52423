package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.rpc.server.testproto.ComposedGrpc;
import io.daos.control.rpc.server.testproto.EchoReq;
import io.daos.control.rpc.server.testproto.EchoResp;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Issue 16, point 3: one DEBUG line per gRPC call (method, peer, status, duration), over a real
 * Netty server on loopback with the interceptors as the node has them.
 */
public class CallLogTest {

    private static final String LINE = "gRPC call method=%s peer=127\\.0\\.0\\.1:\\d+ status=%s duration_ms=\\d+\\.\\d{3}";

    private final Logger calls = Logger.getLogger(CallLog.LOGGER);
    private final BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
    private final Handler capture = Fixtures.capture(records::add);
    private MethodRegistry registry;
    private InterceptorChain interceptors;
    private GrpcHost host;
    private ManagedChannel channel;

    @Before
    public void start() throws Exception {
        calls.addHandler(capture);
        calls.setLevel(Level.FINE);
        HealthStatusManager health = new HealthStatusManager();
        registry = new MethodRegistry((appeared, vanished) -> appeared.forEach(n -> health.setStatus(n, ServingStatus.SERVING)));
        interceptors = new InterceptorChain();
        GrpcHost.initialHealth(health, registry.serviceNames());
        host = new GrpcHost("127.0.0.1", 0, registry, interceptors, health);
        host.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("bundle.echo")));
    }

    @After
    public void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        host.stop(2_000);
        calls.removeHandler(capture);
        calls.setLevel(null);
    }

    private EchoResp echo(String text) {
        return ComposedGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .echo(EchoReq.newBuilder().setText(text).build());
    }

    private String next() throws InterruptedException {
        LogRecord r = records.poll(10, TimeUnit.SECONDS);
        assertNotNull("no call line within 10 s", r);
        assertEquals(Level.FINE, r.getLevel());
        return r.getMessage();
    }

    @Test
    public void oneFineLinePerCallWithMethodPeerStatusAndDuration() throws Exception {
        echo("a");
        String line = next();
        assertTrue(line, line.matches(String.format(LINE, "daos\\.control\\.rpcserver\\.test\\.Composed/Echo", "OK")));
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
        line = next();
        assertTrue(line, line.matches(String.format(LINE, "grpc\\.health\\.v1\\.Health/Check", "OK")));
        echo("b");
        assertTrue(next().contains("Composed/Echo"));
        assertNull("one line per call", records.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    public void aCallAnInterceptorRefusedIsLoggedWithItsStatusAndMessage() throws Exception {
        ServerInterceptor deny = new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata h,
                    ServerCallHandler<ReqT, RespT> next) {
                call.close(Status.PERMISSION_DENIED.withDescription("not \"you\"\nsecond line"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
        };
        interceptors.add("authz", deny, 100, 7);
        try {
            echo("x");
            fail("the interceptor let it through");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        }
        String line = next();
        assertTrue(line, line.matches(String.format(LINE, ".*Composed/Echo", "PERMISSION_DENIED")
                + " message=\"not 'you' second line\""));
    }

    @Test
    public void aCallTheClientCancelledIsLoggedOnceAsCancelled() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        ServerServiceDefinition hanging = ServerServiceDefinition.builder(ComposedGrpc.SERVICE_NAME)
                .addMethod(ComposedGrpc.getReverseMethod(), ServerCalls.asyncUnaryCall(
                        (EchoReq req, StreamObserver<EchoResp> out) -> {
                            ((io.grpc.stub.ServerCallStreamObserver<EchoResp>) out).setOnCancelHandler(cancelled::countDown);
                            entered.countDown();
                        }))
                .build();
        registry.add("hang", "bundle.hang", 0, 2, List.of(hanging));
        try {
            ComposedGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                    .reverse(EchoReq.newBuilder().setText("t").build());
            fail("answered");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        }
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertTrue(cancelled.await(10, TimeUnit.SECONDS));
        String line = next();
        assertTrue(line, line.matches(String.format(LINE, ".*Composed/Reverse", "CANCELLED")));
        assertNull("logged once", records.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    public void atInfoNothingIsLoggedAndTheCallIsNotWrapped() throws Exception {
        calls.setLevel(Level.INFO);
        echo("quiet");
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
        assertNull(records.poll(200, TimeUnit.MILLISECONDS));
        // not wrapped: the next handler gets the transport's call itself
        ServerCall<?, ?>[] seen = new ServerCall<?, ?>[1];
        ServerCall<Object, Object> call = new Fixtures.StubCall();
        CallLog.INSTANCE.interceptCall(call, new Metadata(), (c, h) -> {
            seen[0] = c;
            return new ServerCall.Listener<>() { };
        });
        assertTrue(seen[0] == call);
        calls.setLevel(Level.FINE); // and now it is, the level is read per call
        CallLog.INSTANCE.interceptCall(call, new Metadata(), (c, h) -> {
            seen[0] = c;
            return new ServerCall.Listener<>() { };
        });
        assertTrue(seen[0] != call);
    }

    @Test
    public void lineFormat() {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        assertEquals("gRPC call method=a.B/C peer=127.0.0.1:1 status=OK duration_ms=1.500",
                CallLog.line("a.B/C", v6, Status.OK.withDescription("ignored when OK"), 1_500_000));
        assertEquals("gRPC call method=m peer=unknown status=INTERNAL duration_ms=0.000 message=\""
                + "x".repeat(CallLog.MAX_MESSAGE) + "...\"",
                CallLog.line("m", null, Status.INTERNAL.withDescription("x".repeat(500)), 0));
        assertEquals("[0:0:0:0:0:0:0:1]:5", CallLog.peer(new InetSocketAddress("::1", 5)));
    }
}
