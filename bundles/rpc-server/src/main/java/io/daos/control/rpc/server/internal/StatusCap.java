package io.daos.control.rpc.server.internal;

import io.daos.control.api.grpc.GrpcErrors;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The outermost interceptor: what every call finally sends, whatever service answers it (our
 * modules, and grpc-java's own health and reflection services).
 * <ul>
 * <li>Every status leaves with its description capped by {@link GrpcErrors#capped}. A status
 *     text over the client's header-list limit fails the call on the client side or even the
 *     whole HTTP/2 connection, taking the other calls on it along (issue 10, defect 3);
 *     grpc-java's health service, for one, puts the requested service name in its NOT_FOUND.</li>
 * <li>A call the transport cancelled is not closed again. When a request is over the inbound
 *     size limit, grpc-java ends the stream itself and then tells the application; a streaming
 *     service that answers the cancellation by closing its call (reflection does) made the
 *     transport write headers on the ended stream, and that failed the whole connection (found
 *     by the fuzz harness). The close is dropped: the client already has its status.</li>
 * </ul>
 */
final class StatusCap implements ServerInterceptor {

    static final StatusCap INSTANCE = new StatusCap();

    private StatusCap() {
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        Guarded<ReqT, RespT> guarded = new Guarded<>(call);
        ServerCall.Listener<ReqT> listener = next.startCall(guarded, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                guarded.cancelled = true; // before the application hears of it
                super.onCancel();
            }
        };
    }

    private static final class Guarded<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
        /** Set on the call's serialized executor, read there or by the application's threads. */
        volatile boolean cancelled;

        Guarded(ServerCall<ReqT, RespT> call) {
            super(call);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (cancelled || isCancelled()) {
                return;
            }
            super.close(GrpcErrors.capped(status), trailers);
        }
    }
}
