package io.daos.control.api.storage;

import java.util.Optional;

import io.daos.control.api.fault.Fault;

/**
 * A storage operation failed. The message is the reference's error text; when the failure is a
 * control-plane fault (SPEC-SERVER §7) {@link #fault()} gives it, so that callers can show its
 * resolution line (SPEC-SERVER §4.10: {@code unknown: code = 0 resolution = "no known
 * resolution"} for errors that are not faults).
 */
public class StorageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Fault fault;

    /** A failure whose message is the fault text. */
    public StorageException(Fault fault) {
        this(fault.toString(), fault, null);
    }

    /** A failure that is not a fault. */
    public StorageException(String message) {
        this(message, null, null);
    }

    /** A failure that is not a fault, with its cause. */
    public StorageException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * A failure with a full message, an optional fault and cause.
     *
     * @param message the error text
     * @param fault   the fault, or null when the failure is not a fault
     * @param cause   the cause, or null
     */
    public StorageException(String message, Fault fault, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    /** The fault, empty when the failure is not a fault. */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }

    /** {@code <context>: <message>}, keeping the fault. */
    public StorageException withContext(String context) {
        return new StorageException(context + ": " + getMessage(), fault, this);
    }

    /**
     * The resolution line of the fault: {@code <domain>: code = <n> resolution = "<res>"}, or
     * {@code unknown: code = 0 resolution = "no known resolution"} when not a fault.
     */
    public String resolutionLine() {
        return fault != null ? fault.resolutionLine()
                : new Fault("", 0, "", "").resolutionLine();
    }
}
