package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/** Over a real Netty server on an ephemeral port and a real channel. */
public class GrpcHostTest {

    private static final String COMPOSED = ComposedGrpc.SERVICE_NAME;

    private HealthStatusManager health;
    private MethodRegistry registry;
    private InterceptorChain interceptors;
    private GrpcHost host;
    private ManagedChannel channel;

    @Before
    public void start() throws Exception {
        health = new HealthStatusManager();
        registry = new MethodRegistry((appeared, vanished) -> {
            appeared.forEach(n -> health.setStatus(n, ServingStatus.SERVING));
            vanished.forEach(n -> health.setStatus(n, ServingStatus.NOT_SERVING));
        });
        interceptors = new InterceptorChain();
        GrpcHost.initialHealth(health, registry.serviceNames());
        host = new GrpcHost("0.0.0.0", 0, registry, interceptors, health);
        host.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
    }

    @After
    public void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (host != null) {
            host.stop(2_000);
        }
    }

    private EchoResp echo(String text) {
        return ComposedGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .echo(EchoReq.newBuilder().setText(text).build());
    }

    private EchoResp reverse(String text) {
        return ComposedGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .reverse(EchoReq.newBuilder().setText(text).build());
    }

    private static Status.Code codeOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    public void removeGivesUnimplementedOnTheSameChannelAndAddRestores() {
        int port = host.port();
        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("bundle.echo")));
        registry.add("rev", "bundle.rev", 0, 2, List.of(Fixtures.reverse("bundle.rev")));
        assertEquals("bundle.echo", echo("hi").getServedBy());
        assertEquals("olleh", reverse("hello").getText());
        assertEquals("bundle.rev", reverse("hello").getServedBy());

        registry.remove("echo");
        assertEquals(Status.Code.UNIMPLEMENTED, codeOf(() -> echo("hi")));
        assertEquals("the other method of the service still works", "cba", reverse("abc").getText());

        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("bundle.echo")));
        assertEquals("hi", echo("hi").getText());
        assertEquals(port, host.port());
    }

    @Test
    public void inFlightCallFinishesAfterItsMethodIsWithdrawn() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerServiceDefinition slow = ServerServiceDefinition.builder(COMPOSED)
                .addMethod(ComposedGrpc.getEchoMethod(), ServerCalls.asyncUnaryCall(
                        (EchoReq req, StreamObserver<EchoResp> out) -> {
                            entered.countDown();
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            out.onNext(EchoResp.newBuilder().setText(req.getText()).build());
                            out.onCompleted();
                        }))
                .build();
        registry.add("slow", "bundle.slow", 0, 1, List.of(slow));
        CompletableFuture<EchoResp> inFlight = CompletableFuture.supplyAsync(() -> echo("late"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        registry.remove("slow");
        assertEquals(Status.Code.UNIMPLEMENTED, codeOf(() -> echo("new")));
        release.countDown();
        assertEquals("late", inFlight.get(10, TimeUnit.SECONDS).getText());
    }

    @Test
    public void healthWatchFollowsTheServicesPresent() throws Exception {
        BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(COMPOSED).build(),
                new StreamObserver<HealthCheckResponse>() {
                    @Override
                    public void onNext(HealthCheckResponse value) {
                        statuses.add(value.getStatus());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        assertEquals(ServingStatus.SERVICE_UNKNOWN, statuses.poll(10, TimeUnit.SECONDS));
        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("e")));
        assertEquals(ServingStatus.SERVING, statuses.poll(10, TimeUnit.SECONDS));
        registry.add("rev", "bundle.rev", 0, 2, List.of(Fixtures.reverse("r")));
        registry.remove("echo");
        registry.remove("rev");
        assertEquals("one transition when the last method left", ServingStatus.NOT_SERVING,
                statuses.poll(10, TimeUnit.SECONDS));
        assertEquals(ServingStatus.NOT_SERVING, check(COMPOSED));
        assertEquals(ServingStatus.SERVING, check(""));
        assertEquals(ServingStatus.SERVING, check(GrpcHost.HEALTH_SERVICE));
        registry.add("rev", "bundle.rev", 0, 2, List.of(Fixtures.reverse("r")));
        assertEquals(ServingStatus.SERVING, statuses.poll(10, TimeUnit.SECONDS));
        assertEquals(ServingStatus.SERVING, check(COMPOSED));
    }

    private ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    @Test
    public void reflectionListsExactlyTheServicesPresent() throws Exception {
        assertEquals(Set.of(GrpcHost.HEALTH_SERVICE, GrpcHost.REFLECTION_SERVICE), listServices());
        registry.add("rev", "bundle.rev", 0, 2, List.of(Fixtures.reverse("r")));
        assertEquals(Set.of(GrpcHost.HEALTH_SERVICE, GrpcHost.REFLECTION_SERVICE, COMPOSED), listServices());
        registry.remove("rev");
        assertEquals(Set.of(GrpcHost.HEALTH_SERVICE, GrpcHost.REFLECTION_SERVICE), listServices());
    }

    private Set<String> listServices() throws Exception {
        CompletableFuture<Set<String>> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        Set<String> names = new TreeSet<>();
                        for (ServiceResponse s : value.getListServicesResponse().getServiceList()) {
                            names.add(s.getName());
                        }
                        result.complete(names);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        Set<String> names = result.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        return names;
    }

    @Test
    public void interceptorsAreAppliedWhileRegistered() {
        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("e")));
        AtomicInteger seen = new AtomicInteger();
        interceptors.add(1L, new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                if (call.getMethodDescriptor().getFullMethodName().equals(Fixtures.echoName())) {
                    seen.incrementAndGet();
                }
                return next.startCall(call, headers);
            }
        }, 0, 1);
        echo("a");
        echo("b");
        assertEquals(2, seen.get());
        interceptors.remove(1L);
        echo("c");
        assertEquals(2, seen.get());
    }

    @Test
    public void occupiedPortIsAOneLineFailureAndLeavesNoThreads() throws Exception {
        host.stop(2_000);
        host = null;
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            GrpcHost second = new GrpcHost("0.0.0.0", taken.getLocalPort(), registry, interceptors, health);
            try {
                second.start();
                second.stop(1_000);
                fail("bind should fail");
            } catch (GrpcHost.StartException e) {
                assertEquals("failed to listen on 0.0.0.0:" + taken.getLocalPort() + ": address already in use",
                        e.getMessage());
            }
            assertEquals(-1, second.port());
        }
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
    }

    @Test
    public void stopLeavesNoThreadsAndFreesThePort() throws Exception {
        registry.add("echo", "bundle.echo", 0, 1, List.of(Fixtures.echo("e")));
        assertNotNull(echo("x"));
        int port = host.port();
        host.stop(2_000);
        host.stop(2_000); // twice is harmless
        host = null;
        assertEquals(List.of(), Fixtures.threads("daos-grpc-"));
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            assertFalse(again.isClosed());
        }
    }

    @Test
    public void bindFailureMessageTrimsNativePrefix() {
        assertEquals("failed to listen on 0.0.0.0:1: permission denied", GrpcHost.bindFailureMessage(
                "0.0.0.0:1", new java.io.IOException("x", new java.net.BindException("Permission denied"))));
        assertEquals("failed to listen on 0.0.0.0:2: address already in use", GrpcHost.bindFailureMessage(
                "0.0.0.0:2", new java.io.IOException("bind(..) failed with error(-98): Address already in use")));
        assertEquals("failed to listen on 0.0.0.0:3: address already in use", GrpcHost.bindFailureMessage(
                "0.0.0.0:3", new java.io.IOException("bind(..) failed: Address already in use")));
    }
}
