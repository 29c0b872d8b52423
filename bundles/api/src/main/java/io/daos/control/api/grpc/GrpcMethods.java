package io.daos.control.api.grpc;

import io.grpc.ServerCallHandler;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Call handlers for the methods of a gRPC module, with one error path: whatever the
 * implementation throws goes through {@link GrpcErrors#toStatus(Throwable)}, for unary and
 * server-streaming methods alike. A module is then just its definition:
 *
 * <pre>{@code
 * ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
 *     .addMethod(MgmtCtlGrpc.getStorageScanMethod(), GrpcMethods.unary(req -> storage.scan()))
 *     .addMethod(MgmtCtlGrpc.getNetworkScanDevicesMethod(),
 *             GrpcMethods.serverStreaming((req, out) -> network.scan(req.getProvider()).forEach(out::send)))
 *     .build();
 * }</pre>
 */
public final class GrpcMethods {

    /** A unary method: one request, one reply. */
    @FunctionalInterface
    public interface Unary<Q, R> {
        R call(Q request) throws Exception;
    }

    /** Where a server-streaming method sends its replies. */
    @FunctionalInterface
    public interface Replies<R> {
        void send(R reply);
    }

    /** A server-streaming method: one request, any number of replies, then the end of the call. */
    @FunctionalInterface
    public interface Streaming<Q, R> {
        void call(Q request, Replies<R> out) throws Exception;
    }

    private GrpcMethods() {
    }

    /** A unary handler: the reply, or the mapped error. */
    public static <Q, R> ServerCallHandler<Q, R> unary(Unary<Q, R> method) {
        return ServerCalls.asyncUnaryCall((Q request, StreamObserver<R> out) -> {
            R reply;
            try {
                reply = method.call(request);
            } catch (Exception e) {
                fail(out, e);
                return;
            }
            out.onNext(reply);
            out.onCompleted();
        });
    }

    /** A server-streaming handler: the replies sent, then OK, or the mapped error. */
    public static <Q, R> ServerCallHandler<Q, R> serverStreaming(Streaming<Q, R> method) {
        return ServerCalls.asyncServerStreamingCall((Q request, StreamObserver<R> out) -> {
            try {
                method.call(request, out::onNext);
            } catch (Exception e) {
                fail(out, e);
                return;
            }
            out.onCompleted();
        });
    }

    private static void fail(StreamObserver<?> out, Throwable e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        out.onError(GrpcErrors.toStatus(e));
    }
}
