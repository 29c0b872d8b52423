package io.daos.control.itest.osgi;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.daos.control.proto.example.EchoReq;
import io.daos.control.proto.example.EchoResp;
import io.daos.control.proto.example.ExampleGrpc;
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

/** A plaintext client over one real TCP channel to 127.0.0.1:port. */
final class GrpcClient implements AutoCloseable {

    static final long TIMEOUT_S = 30;

    final ManagedChannel channel;

    GrpcClient(int port) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    EchoResp echo(String text) {
        return ExampleGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .echo(EchoReq.newBuilder().setText(text).build());
    }

    EchoResp reverse(String text) {
        return ExampleGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .reverse(EchoReq.newBuilder().setText(text).build());
    }

    /** The status code a call ends with (OK when it returns). */
    static Status.Code codeOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** A health Watch stream: each status the server sends, in order. */
    Watch watch(String service) {
        Watch w = new Watch();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(), w);
        return w;
    }

    static final class Watch implements StreamObserver<HealthCheckResponse> {
        private final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();

        /** The next status sent, waiting for it; fails after the timeout. */
        ServingStatus next() throws InterruptedException {
            ServingStatus s = statuses.poll(TIMEOUT_S, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no health status change within " + TIMEOUT_S + " s");
            }
            return s;
        }

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
    }

    /** Service names listed by server reflection (v1). */
    Set<String> listServices() throws Exception {
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
