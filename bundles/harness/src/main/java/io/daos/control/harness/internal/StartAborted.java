package io.daos.control.harness.internal;

/** A start of the instances cut short by StopRanks: not fatal, the harness goes back to monitoring. */
final class StartAborted extends Exception {

    private static final long serialVersionUID = 1L;

    StartAborted(String message) {
        super(message);
    }
}
