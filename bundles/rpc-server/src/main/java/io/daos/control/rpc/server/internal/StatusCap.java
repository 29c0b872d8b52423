package io.daos.control.rpc.server.internal;

import io.daos.control.api.grpc.GrpcErrors;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The last line against an error text that echoes a client's value: every call the server
 * closes, whatever service answers it (our modules, but also grpc-java's own health service,
 * which puts the requested service name in its NOT_FOUND, and reflection), leaves with its
 * description capped by {@link GrpcErrors#capped}. A status text over the client's header-list
 * limit fails the call on the client side or even the whole HTTP/2 connection, taking the other
 * calls on it along (issue 10, defect 3). Installed outermost, so it sees the final status.
 */
final class StatusCap implements ServerInterceptor {

    static final StatusCap INSTANCE = new StatusCap();

    private StatusCap() {
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(GrpcErrors.capped(status), trailers);
            }
        }, headers);
    }
}
