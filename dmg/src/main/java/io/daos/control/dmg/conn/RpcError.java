package io.daos.control.dmg.conn;

import java.util.Optional;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * A failed call as {@code dmg} reports it (SPEC-SYSTEM §3.4): when the status carries a fault (a
 * {@code google.rpc.ErrorInfo} detail with reason {@code proto.fault.Fault}, as our servers and
 * the v1.0 servers send it) the fault itself, its text form as message and its resolution at
 * hand; otherwise the Go tools' status text {@code rpc error: code = <Name> desc = <message>} with
 * Go's code names ({@code Unknown}, {@code Unavailable}, {@code PermissionDenied}, ...).
 */
public final class RpcError extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Fault fault;
    private final Status.Code code;

    /** An error of the client itself, such as {@code no active connections}. */
    public RpcError(String message) {
        this(message, null, null, null);
    }

    private RpcError(String message, Fault fault, Status.Code code, Throwable cause) {
        super(message, cause);
        this.fault = fault;
        this.code = code;
    }

    /**
     * What a call threw, converted: a gRPC status (with or without a fault) as described above,
     * an {@code RpcError} as it is, anything else with its own message.
     */
    public static RpcError of(Throwable t) {
        if (t instanceof RpcError e) {
            return e;
        }
        Status status = t instanceof StatusRuntimeException e ? e.getStatus()
                : t instanceof StatusException e ? e.getStatus() : null;
        if (status == null) {
            return new RpcError(t.getMessage() != null ? t.getMessage() : t.toString(), null, null, t);
        }
        Optional<Fault> fault = GrpcErrors.faultFrom(t);
        if (fault.isPresent()) {
            return new RpcError(fault.get().toString(), fault.get(), status.getCode(), t);
        }
        return new RpcError(statusText(status), null, status.getCode(), t);
    }

    /** Go's {@code status.Error()}: {@code rpc error: code = <Name> desc = <description>}. */
    public static String statusText(Status status) {
        String d = status.getDescription();
        return "rpc error: code = " + goName(status.getCode()) + " desc = " + (d == null ? "" : d);
    }

    /** The name Go's {@code codes.Code} prints for a status code ({@code DeadlineExceeded}, ...). */
    public static String goName(Status.Code code) {
        return switch (code) {
            case OK -> "OK";
            case CANCELLED -> "Canceled";
            case UNKNOWN -> "Unknown";
            case INVALID_ARGUMENT -> "InvalidArgument";
            case DEADLINE_EXCEEDED -> "DeadlineExceeded";
            case NOT_FOUND -> "NotFound";
            case ALREADY_EXISTS -> "AlreadyExists";
            case PERMISSION_DENIED -> "PermissionDenied";
            case RESOURCE_EXHAUSTED -> "ResourceExhausted";
            case FAILED_PRECONDITION -> "FailedPrecondition";
            case ABORTED -> "Aborted";
            case OUT_OF_RANGE -> "OutOfRange";
            case UNIMPLEMENTED -> "Unimplemented";
            case INTERNAL -> "Internal";
            case UNAVAILABLE -> "Unavailable";
            case DATA_LOSS -> "DataLoss";
            case UNAUTHENTICATED -> "Unauthenticated";
        };
    }

    /** The fault the server sent, if any ({@link Fault#resolutionLine()} for its resolution). */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }

    /** The gRPC status code, absent for an error that is not a status. */
    public Optional<Status.Code> code() {
        return Optional.ofNullable(code);
    }
}
