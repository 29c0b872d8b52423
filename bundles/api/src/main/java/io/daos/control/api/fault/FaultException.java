package io.daos.control.api.fault;

import java.util.Objects;

/**
 * A checked exception carrying a {@link Fault}. The message is either the fault text itself or
 * the reference's wrapped form {@code <context>: <fault text>} (e.g. {@code invalid port "x":
 * server: code = 633 description = "..."}); {@link #fault()} always gives the fault, so callers
 * can print its {@link Fault#resolutionLine() resolution line}.
 */
public class FaultException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Fault fault;

    /** An exception whose message is the fault text. */
    public FaultException(Fault fault) {
        this(Objects.requireNonNull(fault, "fault").toString(), fault, null);
    }

    /** An exception with a full message (usually ending in the fault text). */
    public FaultException(String message, Fault fault) {
        this(message, fault, null);
    }

    /** An exception with a full message and a cause. */
    public FaultException(String message, Fault fault, Throwable cause) {
        super(message, cause);
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** Wraps as {@code <context>: <this message>} keeping the fault (like Go's WithMessage). */
    public FaultException withContext(String context) {
        return new FaultException(context + ": " + getMessage(), fault, this);
    }

    /** The fault. */
    public Fault fault() {
        return fault;
    }
}
