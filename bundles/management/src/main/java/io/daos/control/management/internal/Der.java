package io.daos.control.management.internal;

/**
 * The DAOS error numbers (DER) the management service answers with where the data plane would,
 * as they travel on the wire: negative (SPEC-SYSTEM §0.4). One list for the edge checks, the
 * pool checks and the ACL rules.
 */
public final class Der {

    /** Success. */
    public static final int SUCCESS = 0;
    /** DER_INVAL: an argument the data plane cannot take. */
    public static final int INVAL = -1003;
    /** DER_NONEXIST: the thing named does not exist (an ACL principal without an entry). */
    public static final int NONEXIST = -1005;
    /** DER_OOG: a rank outside the system group. */
    public static final int OOG = -1019;

    private Der() {
    }
}
