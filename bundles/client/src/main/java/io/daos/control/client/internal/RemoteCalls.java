package io.daos.control.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.net.HostPort;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * Unary calls over a {@link ChannelCache}: one attempt with the caller's deadline, the outcome as
 * a future that fails with a {@link ClientException} ({@link Failures}). Cancelling the future
 * cancels the call.
 */
final class RemoteCalls {

    private final ChannelCache cache;

    RemoteCalls(ChannelCache cache) {
        this.cache = cache;
    }

    /** Sends {@code request} to {@code host}; the future completes with the reply or a {@link ClientException}. */
    <Q, R> CompletableFuture<R> unary(HostPort host, MethodDescriptor<Q, R> method, Q request, Duration timeout) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<R> result = new CompletableFuture<>();
        String name = method.getFullMethodName();
        StreamObserver<R> observer = new StreamObserver<>() {
            private R reply;

            @Override
            public void onNext(R value) {
                reply = value;
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(Failures.of(host, name, timeout, t));
            }

            @Override
            public void onCompleted() {
                result.complete(reply);
            }
        };
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        ClientCall<Q, R> call;
        try {
            call = cache.start(host, method, options, request, observer);
        } catch (StatusRuntimeException e) {
            result.completeExceptionally(Failures.of(host, name, timeout, e));
            return result;
        }
        result.whenComplete((reply, failure) -> {
            if (result.isCancelled()) {
                call.cancel("cancelled by the caller", null);
            }
        });
        return result;
    }

    /**
     * Waits for a call's outcome.
     *
     * @throws ClientException      the call failed
     * @throws InterruptedException the caller was interrupted; the call is cancelled
     */
    static <R> R await(CompletableFuture<R> future) throws ClientException, InterruptedException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientException ce) {
                throw ce;
            }
            throw new IllegalStateException("unexpected failure of a client call", e.getCause());
        }
    }
}
