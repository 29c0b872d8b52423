package io.daos.control.api.client;

import java.util.Optional;

import io.daos.control.api.fault.Fault;

/**
 * A call to another control server failed. {@link #kind()} tells how, so that callers can map it to
 * member states (a timeout is Unresponsive, an unreachable host is Unknown/Errored) without
 * knowing gRPC; {@link #fault()} is the fault the peer reported, when it sent one (WIRE.md §5.5).
 */
public final class ClientException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How the call failed. */
    public enum Kind {
        /** No connection could be made (refused, unresolvable, TLS handshake failed). */
        UNREACHABLE,
        /** The deadline expired before the answer arrived. */
        TIMEOUT,
        /** The peer answered with an error status (its message is this exception's). */
        FAILED,
        /** The call was cancelled locally (client closing, caller interrupted). */
        CANCELLED
    }

    private final Kind kind;
    private final transient Fault fault;

    public ClientException(Kind kind, String message, Fault fault, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.fault = fault;
    }

    public ClientException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The fault the peer reported (code, description, resolution), if it sent one. */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }
}
