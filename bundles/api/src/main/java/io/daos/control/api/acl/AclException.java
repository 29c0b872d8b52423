package io.daos.control.api.acl;

import io.daos.control.api.drpc.Der;


/**
 * An ACL, entry or principal the data plane refuses (SPEC-SYSTEM §5.7, §4.4.5). {@link #der()} is
 * the status the reference's data plane answers, negative as on the wire; the message says what is
 * wrong for our log, quoting at most a short prefix of the client's text.
 */
public final class AclException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int der;

    AclException(int der, String message) {
        super(message);
        this.der = der;
    }

    /** An {@link Der#INVAL} with {@code message}. */
    static AclException invalid(String message) {
        return new AclException(Der.INVAL, message);
    }

    /** The data plane's status for this refusal: {@link Der#INVAL} or {@link Der#NONEXIST}. */
    public int der() {
        return der;
    }
}
