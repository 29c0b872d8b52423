package io.daos.control.api.fault;

import java.util.function.Supplier;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * Errors on the gRPC wire the way {@code dmg} decodes them (WIRE.md §5.5): a fault becomes
 * {@code INTERNAL} with the fault text as message and a {@code google.rpc.ErrorInfo} detail with
 * reason {@code proto.fault.Fault} and metadata Domain, Code, Description, Reason, Resolution;
 * any other error becomes {@code UNKNOWN} with its text. Needs gRPC and protobuf on the class
 * path (they are optional imports of the api bundle).
 */
public final class GrpcFaults {

    private GrpcFaults() {
    }

    /** A fault as the gRPC error dmg turns back into the fault. */
    public static StatusRuntimeException of(Fault f) {
        ErrorInfo info = ErrorInfo.newBuilder()
                .setReason("proto.fault.Fault")
                .setDomain(f.domain())
                .putMetadata("Domain", f.domain())
                .putMetadata("Code", Integer.toString(f.code()))
                .putMetadata("Description", f.description())
                .putMetadata("Reason", "")
                .putMetadata("Resolution", f.resolution())
                .build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE)
                .setMessage(f.toString())
                .addDetails(Any.pack(info))
                .build());
    }

    /**
     * Answers a unary call with what {@code call} returns; a {@link StatusRuntimeException} it
     * throws (e.g. from {@link #of(Fault)}) is sent as it is, any other runtime error as
     * {@link #error(String) UNKNOWN} with its text.
     */
    public static <T> void reply(StreamObserver<T> out, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        } catch (RuntimeException e) {
            out.onError(error(String.valueOf(e.getMessage())));
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }

    /** An ordinary error: UNKNOWN with the text. */
    public static StatusRuntimeException error(String message) {
        return Status.UNKNOWN.withDescription(message).asRuntimeException();
    }
}
