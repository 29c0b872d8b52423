package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

/** The hand-written HTTP/2 health check runs a real call on a real grpc-java server. */
public class FirstCallTest {

    private Server server;

    @After
    public void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theTrainingCallGoesToTheHostOfTheReportedAddress() {
        // the rpc-server reports "host:port" (GrpcReady.ADDRESS); the port was once taken for part
        // of the host name, and the training call never reached the server
        assertEquals("127.0.0.1", StartCommand.trainingHost("0.0.0.0:10001"));
        assertEquals("127.0.0.1", StartCommand.trainingHost("[::]:10001"));
        assertEquals("127.0.0.1", StartCommand.trainingHost(null));
        assertEquals("127.0.0.1", StartCommand.trainingHost("::"));
        assertEquals("10.0.0.5", StartCommand.trainingHost("10.0.0.5:10001"));
        assertEquals("10.0.0.5", StartCommand.trainingHost("10.0.0.5"));
        assertEquals("fe80::1", StartCommand.trainingHost("[fe80::1]:10001"));
        assertEquals("fe80::1", StartCommand.trainingHost("[fe80::1]"));
        assertEquals("fe80::1", StartCommand.trainingHost("fe80::1"));
        assertEquals("node1", StartCommand.trainingHost("node1:10001"));
        assertEquals("its authority brackets an IPv6 host again", "[fe80::1]:10001",
                FirstCall.authority(StartCommand.trainingHost("[fe80::1]:10001"), 10001));
        assertEquals("127.0.0.1:10001", FirstCall.authority("127.0.0.1", 10001));
    }

    @Test
    public void aGrpcServerRunsTheCallAndItsTrailersEndIt() throws IOException {
        List<String> calls = new CopyOnWriteArrayList<>();
        ServerInterceptor seen = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        calls.add(call.getMethodDescriptor().getFullMethodName() + " " + status.getCode());
                        super.close(status, trailers);
                    }
                }, headers);
            }
        };
        HealthStatusManager health = new HealthStatusManager();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(health.getHealthService(), seen)).build().start();

        assertTrue(FirstCall.healthCheck("127.0.0.1", server.getPort(), 10_000));
        assertEquals(List.of("grpc.health.v1.Health/Check OK"), calls);
        // and again, on a new connection
        assertTrue(FirstCall.healthCheck("127.0.0.1", server.getPort(), 10_000));
        assertEquals(2, calls.size());
    }

    @Test
    public void aRefusedConnectionIsFalse() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertFalse(FirstCall.healthCheck("127.0.0.1", port, 2_000));
    }

    @Test
    public void aPeerThatClosesIsFalse() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = s.accept()) {
                    c.getInputStream().readNBytes(24);
                } catch (IOException ignore) {
                    // the test's own end
                }
            });
            t.start();
            assertFalse(FirstCall.healthCheck("127.0.0.1", s.getLocalPort(), 10_000));
            t.join(10_000);
        }
    }

    @Test
    public void aPeerThatNeverAnswersIsFalseAfterTheTimeout() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertFalse(FirstCall.healthCheck("127.0.0.1", s.getLocalPort(), 300));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms + " ms", ms >= 250);
        }
    }

    @Test
    public void theRequestStartsWithTheClientPreface() {
        byte[] r = FirstCall.request("h:1");
        assertEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                new String(r, 0, 24, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
