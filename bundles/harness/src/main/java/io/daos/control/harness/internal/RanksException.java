package io.daos.control.harness.internal;

/**
 * A *Ranks call failed as a whole (SPEC-SERVER §3.13): the message is the text of the gRPC
 * UNKNOWN error the caller receives.
 */
final class RanksException extends Exception {

    private static final long serialVersionUID = 1L;

    RanksException(String message) {
        super(message);
    }
}
