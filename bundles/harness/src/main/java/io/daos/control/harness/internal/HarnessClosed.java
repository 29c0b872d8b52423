package io.daos.control.harness.internal;

/** The harness was closed while a start-up step waited: the harness thread ends quietly. */
final class HarnessClosed extends Exception {

    private static final long serialVersionUID = 1L;

    HarnessClosed() {
        super("harness closed");
    }
}
