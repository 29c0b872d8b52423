package io.daos.control.client.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.ClientException.Kind;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.net.HostPort;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * The one mapping of a failed call to another control server onto a {@link ClientException}:
 * {@code UNAVAILABLE} (refused, unresolvable, connection lost) is {@link Kind#UNREACHABLE},
 * {@code DEADLINE_EXCEEDED} is {@link Kind#TIMEOUT}, {@code CANCELLED} is {@link Kind#CANCELLED},
 * and every other status is {@link Kind#FAILED} with the peer's status description as message and
 * the peer's {@link Fault} when the status carries one (the inverse of
 * {@code GrpcErrors.fault}: a {@code google.rpc.ErrorInfo} detail with reason
 * {@value #FAULT_REASON} and metadata Domain, Code, Description, Resolution).
 */
final class Failures {

    static final String FAULT_REASON = "proto.fault.Fault";

    private Failures() {
    }

    /**
     * @param host    the peer
     * @param method  the full gRPC method name
     * @param timeout the call's deadline, for the message of a timeout
     * @param t       what the call failed with (a status exception, or anything else: {@code UNKNOWN})
     */
    static ClientException of(HostPort host, String method, Duration timeout, Throwable t) {
        Status s = Status.fromThrowable(t);
        String call = method + " to " + host;
        return switch (s.getCode()) {
            case UNAVAILABLE -> new ClientException(Kind.UNREACHABLE, call + ": unreachable: " + detail(s), t);
            case DEADLINE_EXCEEDED -> new ClientException(Kind.TIMEOUT,
                    call + ": no answer within " + timeout.toMillis() + " ms", t);
            case CANCELLED -> new ClientException(Kind.CANCELLED, call + ": cancelled: " + detail(s), t);
            default -> new ClientException(Kind.FAILED,
                    s.getDescription() != null ? s.getDescription() : s.getCode().name(), fault(t).orElse(null), t);
        };
    }

    /** The description, and the cause's message when there is one (e.g. "Connection refused"). */
    private static String detail(Status s) {
        String d = s.getDescription() != null ? s.getDescription() : s.getCode().name();
        Throwable c = s.getCause();
        if (c != null && c.getMessage() != null && !d.contains(c.getMessage())) {
            d += " (" + c.getMessage() + ")";
        }
        return d;
    }

    /** The fault a status exception carries, if it carries a well-formed one. */
    static Optional<Fault> fault(Throwable t) {
        com.google.rpc.Status status = StatusProto.fromThrowable(t);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (!detail.is(ErrorInfo.class)) {
                continue;
            }
            ErrorInfo info;
            try {
                info = detail.unpack(ErrorInfo.class);
            } catch (InvalidProtocolBufferException e) {
                continue;
            }
            if (!FAULT_REASON.equals(info.getReason())) {
                continue;
            }
            Map<String, String> m = info.getMetadataMap();
            int code;
            try {
                code = Integer.parseInt(m.getOrDefault("Code", ""));
            } catch (NumberFormatException e) {
                continue;
            }
            return Optional.of(new Fault(m.getOrDefault("Domain", info.getDomain()), code,
                    m.get("Description"), m.get("Resolution")));
        }
        return Optional.empty();
    }
}
