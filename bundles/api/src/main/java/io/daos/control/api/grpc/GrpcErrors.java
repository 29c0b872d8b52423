package io.daos.control.api.grpc;

import java.util.Optional;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.storage.StorageException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The one error mapper of the gRPC modules: turns what a method implementation throws into the
 * gRPC status the v1.0 {@code dmg} decodes (WIRE.md §5.5).
 * <ul>
 * <li>a {@link Fault} (from a {@link FaultException}, or a {@link StorageException} /
 *     {@link NetworkScanException} that carries one) becomes {@code INTERNAL} with the fault text as
 *     message and a {@code google.rpc.ErrorInfo} detail with reason {@code proto.fault.Fault} and
 *     metadata Domain, Code, Description, Reason, Resolution;</li>
 * <li>a {@link StatusRuntimeException} / {@link StatusException} is sent as it is;</li>
 * <li>an {@link InterruptedException} becomes {@code CANCELLED};</li>
 * <li>anything else becomes {@code UNKNOWN} with its message (the class name when it has none).</li>
 * </ul>
 * {@link GrpcMethods} applies it to every unary and server-streaming method.
 */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /** A fault as the gRPC error dmg turns back into the fault. */
    public static StatusRuntimeException fault(Fault f) {
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

    /** An ordinary error: UNKNOWN with the text (how the reference returns a Go error). */
    public static StatusRuntimeException error(String message) {
        return Status.UNKNOWN.withDescription(message).asRuntimeException();
    }

    /** The status for anything a method implementation threw (see the class comment). */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return e;
        }
        if (t instanceof StatusException e) {
            return e.getStatus().asRuntimeException(e.getTrailers());
        }
        if (t instanceof InterruptedException) {
            return Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
        Optional<Fault> f = faultOf(t);
        if (f.isPresent()) {
            return fault(f.get());
        }
        String message = t.getMessage();
        return error(message != null ? message : t.toString());
    }

    private static Optional<Fault> faultOf(Throwable t) {
        if (t instanceof FaultException e) {
            return Optional.of(e.fault());
        }
        if (t instanceof StorageException e) {
            return e.fault();
        }
        if (t instanceof NetworkScanException e) {
            return e.fault();
        }
        return Optional.empty();
    }
}
