package io.daos.control.api.network;

import java.util.Optional;

import io.daos.control.api.fault.Fault;

/**
 * A fabric scan failed: an unknown provider (SPEC-SERVER §5.2 step 1), libfabric not installed
 * (a fault with code 1 naming the package), or a topology read error.
 */
public class NetworkScanException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Fault fault;

    /** A failure that is not a fault. */
    public NetworkScanException(String message) {
        this(message, null, null);
    }

    /**
     * @param message the error text
     * @param fault   the fault, or null
     * @param cause   the cause, or null
     */
    public NetworkScanException(String message, Fault fault, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    /** The fault, empty when the failure is not a fault. */
    public Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }
}
