package io.daos.control.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.ByteString;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.ClientException.Kind;
import io.daos.control.api.net.HostPort;
import io.daos.control.proto.peer.ControlPeerGrpc;
import io.daos.control.proto.peer.EngineCallReq;
import io.daos.control.proto.peer.ForwardReq;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The two {@code peer.ControlPeer} calls over {@link RemoteCalls} (so over the same cached channel
 * per address as every other call of the client layer): the caller's bytes wrapped in a
 * {@code ForwardReq} / {@code EngineCallReq}, the reply's bytes unwrapped. A
 * {@link Kind#FAILED} failure always has the received {@link StatusRuntimeException}, trailers
 * included, as its cause, so that a forwarding server can rethrow it unchanged.
 */
final class PeerCalls {

    /** The largest {@code timeout_ms} an {@code EngineCallReq} carries (a uint32). */
    static final long MAX_TIMEOUT_MS = 0xFFFF_FFFFL;

    private final RemoteCalls calls;

    PeerCalls(RemoteCalls calls) {
        this.calls = calls;
    }

    /** See {@link io.daos.control.api.client.PeerClient#forward}. */
    byte[] forward(HostPort leader, String fullMethodName, byte[] request, String peer, String system,
            Duration timeout) throws ClientException, InterruptedException {
        ForwardReq req = ForwardReq.newBuilder()
                .setMethod(Objects.requireNonNull(fullMethodName, "fullMethodName"))
                .setRequest(ByteString.copyFrom(Objects.requireNonNull(request, "request")))
                .setPeer(Objects.requireNonNull(peer, "peer"))
                .setSystem(Objects.requireNonNull(system, "system"))
                .build();
        return await(calls.unary(leader, ControlPeerGrpc.getForwardMethod(), req, timeout)).getResponse()
                .toByteArray();
    }

    /** See {@link io.daos.control.api.client.PeerClient#engineCall}. */
    byte[] engineCall(HostPort host, int rank, int method, byte[] body, String system, Duration timeout)
            throws ClientException, InterruptedException {
        if (rank < 0) {
            throw new IllegalArgumentException("rank must be at least 0: " + rank);
        }
        Objects.requireNonNull(timeout, "timeout");
        EngineCallReq req = EngineCallReq.newBuilder()
                .setRank(rank)
                .setMethod(method)
                .setBody(ByteString.copyFrom(Objects.requireNonNull(body, "body")))
                .setTimeoutMs((int) timeoutMillis(timeout))
                .setSystem(Objects.requireNonNull(system, "system"))
                .build();
        return await(calls.unary(host, ControlPeerGrpc.getEngineCallMethod(), req, timeout)).getBody().toByteArray();
    }

    /** {@code timeout} in whole milliseconds within 0 .. {@value #MAX_TIMEOUT_MS} (the uint32 of {@code timeout_ms}). */
    static long timeoutMillis(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(Duration.ofMillis(MAX_TIMEOUT_MS)) >= 0 ? MAX_TIMEOUT_MS : timeout.toMillis();
    }

    private static <R> R await(CompletableFuture<R> call) throws ClientException, InterruptedException {
        try {
            return RemoteCalls.await(call);
        } catch (ClientException e) {
            throw withStatusCause(e);
        }
    }

    /**
     * {@code e} itself when it is not {@link Kind#FAILED} or its cause is already a
     * {@link StatusRuntimeException}; else the same failure with the status of its cause (with the
     * cause's trailers, if it has any) as a {@link StatusRuntimeException}.
     */
    static ClientException withStatusCause(ClientException e) {
        if (e.kind() != Kind.FAILED || e.getCause() instanceof StatusRuntimeException) {
            return e;
        }
        Throwable cause = e.getCause();
        Status status = cause == null ? Status.UNKNOWN.withDescription(e.getMessage()) : Status.fromThrowable(cause);
        Metadata trailers = cause == null ? null : Status.trailersFromThrowable(cause);
        return new ClientException(Kind.FAILED, e.getMessage(), e.fault().orElse(null),
                status.asRuntimeException(trailers != null ? trailers : new Metadata()));
    }
}
