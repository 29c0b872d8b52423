package io.daos.control.harness.internal;

/**
 * A start-up error that ends daos_server: the harness reports it as {@code DAOS I/O Server
 * exited with error: <message>} (SPEC-SERVER §3.2 step 14).
 */
final class Fatal extends Exception {

    private static final long serialVersionUID = 1L;

    Fatal(String message) {
        super(message);
    }
}
