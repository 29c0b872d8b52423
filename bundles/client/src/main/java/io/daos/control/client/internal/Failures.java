package io.daos.control.client.internal;

import java.time.Duration;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.ClientException.Kind;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.net.HostPort;
import io.grpc.Status;

/**
 * The one mapping of a failed call to another control server onto a {@link ClientException}:
 * {@code UNAVAILABLE} (refused, unresolvable, connection lost) is {@link Kind#UNREACHABLE},
 * {@code DEADLINE_EXCEEDED} is {@link Kind#TIMEOUT}, {@code CANCELLED} is {@link Kind#CANCELLED},
 * and every other status is {@link Kind#FAILED} with the peer's status description as message and
 * the peer's {@link Fault} when the status carries one ({@link GrpcErrors#faultFrom}, the inverse
 * of {@link GrpcErrors#fault}).
 */
final class Failures {

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
                    s.getDescription() != null ? s.getDescription() : s.getCode().name(),
                    GrpcErrors.faultFrom(t).orElse(null), t);
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
}
