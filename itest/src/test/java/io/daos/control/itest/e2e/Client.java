package io.daos.control.itest.e2e;

import java.util.concurrent.BlockingQueue;
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
import io.grpc.stub.StreamObserver;

/** A plaintext gRPC client of a daos_server process. */
final class Client implements AutoCloseable {

    static final String EXAMPLE = "daos.control.example.Example";
    static final long TIMEOUT_S = 30;

    private final ManagedChannel channel;

    Client(int port) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    EchoResp echo(String text) {
        return ExampleGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT_S, TimeUnit.SECONDS)
                .echo(EchoReq.newBuilder().setText(text).build());
    }

    static Status.Code codeOf(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** A health Watch stream on one service. */
    Watch watch(String service) {
        Watch w = new Watch();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(), w);
        return w;
    }

    static final class Watch implements StreamObserver<HealthCheckResponse> {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        /** Waits until the stream reports {@code want}; fails on timeout or stream error. */
        void awaitStatus(ServingStatus want, long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (true) {
                Object e = events.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (e == null) {
                    throw new AssertionError("health status " + want + " not reported within " + timeoutMs + " ms");
                }
                if (e instanceof Throwable t) {
                    throw new AssertionError("health watch failed", t);
                }
                if (e == want) {
                    return;
                }
            }
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

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
    }
}
