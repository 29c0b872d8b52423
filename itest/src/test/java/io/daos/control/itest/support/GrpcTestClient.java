package io.daos.control.itest.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.daos.control.example.echo.proto.EchoGrpc;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.daos.control.example.reverse.proto.ReverseGrpc;
import io.daos.control.example.reverse.proto.ReverseReq;
import io.daos.control.example.reverse.proto.ReverseResp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;

/**
 * A plaintext gRPC client of a daos-control server on 127.0.0.1: the example modules' services,
 * health (Check and Watch) and reflection. Used from the test JVM (end-to-end tests, benchmarks)
 * and from inside a Pax Exam probe (where io.grpc comes from the grpc-runtime bundle). The
 * examples' stubs are compiled in this module from the examples' own .proto files, as any client
 * of a hot-deployed module would have them.
 */
public final class GrpcTestClient implements AutoCloseable {

    /** The echo example module's gRPC service. */
    public static final String ECHO = EchoGrpc.SERVICE_NAME;
    /** The reverse example module's gRPC service. */
    public static final String REVERSE = ReverseGrpc.SERVICE_NAME;
    /** Deadline of every call and wait. */
    public static final long TIMEOUT_S = 30;

    private final ManagedChannel channel;

    public GrpcTestClient(int port) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public EchoResp echo(String text) {
        return EchoGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .echo(EchoReq.newBuilder().setText(text).build());
    }

    public ReverseResp reverse(String text) {
        return ReverseGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .reverse(ReverseReq.newBuilder().setText(text).build());
    }

    /** The channel, for other stubs. */
    public ManagedChannel channel() {
        return channel;
    }

    /** The status code a call ends with (OK when it returns). */
    public static Status.Code codeOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    public ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** A health Watch stream on one service: each status the server sends, in order. */
    public Watch watch(String service) {
        Watch w = new Watch();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(), w);
        return w;
    }

    /** The statuses of one Watch stream; a stream error or end is reported to the waiter. */
    public static final class Watch implements StreamObserver<HealthCheckResponse> {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        /** The next status sent, waiting for it; fails after {@link #TIMEOUT_S} or on a stream error. */
        public ServingStatus next() throws InterruptedException {
            return next(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        }

        /** Waits until the stream reports {@code want}, skipping other statuses. */
        public void awaitStatus(ServingStatus want, long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (next(Math.max(1, deadline - System.currentTimeMillis())) != want) {
                // keep waiting
            }
        }

        private ServingStatus next(long timeoutMs) throws InterruptedException {
            Object e = events.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no health status within " + timeoutMs + " ms");
            }
            if (e instanceof Throwable t) {
                throw new AssertionError("health watch ended", t);
            }
            return (ServingStatus) e;
        }

        @Override
        public void onNext(HealthCheckResponse r) {
            events.add(r.getStatus());
        }

        @Override
        public void onError(Throwable t) {
            events.add(t);
        }

        @Override
        public void onCompleted() {
            events.add(new IllegalStateException("health watch completed"));
        }
    }

    /** Service names listed by server reflection (v1). */
    public Set<String> listServices() throws Exception {
        CompletableFuture<Set<String>> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
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
        Set<String> names = result.get(TIMEOUT_S, TimeUnit.SECONDS);
        requests.onCompleted();
        return names;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(TIMEOUT_S, TimeUnit.SECONDS);
    }
}
