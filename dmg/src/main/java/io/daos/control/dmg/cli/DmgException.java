package io.daos.control.dmg.cli;

/**
 * An error of {@code dmg} whose message is exactly what the user sees after {@code dmg: } (the
 * reference's text). Faults travel as {@link io.daos.control.api.fault.FaultException} instead.
 */
public class DmgException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An error with the given text. */
    public DmgException(String message) {
        super(message);
    }

    /** An error with the given text and cause. */
    public DmgException(String message, Throwable cause) {
        super(message, cause);
    }
}
