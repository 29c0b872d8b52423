package io.daos.control.fanout.internal;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.fault.Fault;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Faults as gRPC errors the way dmg decodes them (WIRE §5.5). */
final class GrpcFaults {

    private GrpcFaults() {
    }

    static StatusRuntimeException of(Fault f) {
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

    /** An ordinary error: UNKNOWN with the text. */
    static StatusRuntimeException error(String message) {
        return Status.UNKNOWN.withDescription(message).asRuntimeException();
    }
}
