package io.daos.control.management.internal.acl;

/**
 * An ACL, entry or principal the data plane refuses (SPEC-SYSTEM §5.7, §4.4.5). {@link #der()} is
 * the status the reference's data plane answers, negative as on the wire; the message says what is
 * wrong for our log, quoting at most a short prefix of the client's text.
 */
public final class AclException extends Exception {

    /** DER_INVAL: any rule of §5.7 broken, an empty list, a duplicate principal. */
    public static final int DER_INVAL = -1003;
    /** DER_NONEXIST: the principal to delete has no entry. */
    public static final int DER_NONEXIST = -1005;

    private static final long serialVersionUID = 1L;

    private final int der;

    AclException(int der, String message) {
        super(message);
        this.der = der;
    }

    /** An {@link #DER_INVAL} with {@code message}. */
    static AclException invalid(String message) {
        return new AclException(DER_INVAL, message);
    }

    /** The data plane's status for this refusal: {@link #DER_INVAL} or {@link #DER_NONEXIST}. */
    public int der() {
        return der;
    }
}
