package io.daos.control.api.drpc;

/**
 * The DAOS error numbers (DER) as they travel in the {@code status} fields of the module-2 reply
 * messages: negative (SPEC-SYSTEM §0.4). One list for the data plane's emulator and for the
 * control plane, which answers with them where the data plane would.
 */
public final class Der {

    /** Success. */
    public static final int SUCCESS = 0;
    /** DER_NO_PERM: permission denied (a credential that does not verify). */
    public static final int NO_PERM = -1001;
    /** DER_INVAL: an argument the data plane cannot take. */
    public static final int INVAL = -1003;
    /** DER_EXIST: the thing already exists (a Join asking for a rank another server holds). */
    public static final int EXIST = -1004;
    /** DER_NONEXIST: the thing named does not exist (an unknown pool, an ACL principal without an entry). */
    public static final int NONEXIST = -1005;
    /** DER_NOSPACE: no room for the pool's storage (a size no target can hold). */
    public static final int NOSPACE = -1007;
    /** DER_ALREADY: the operation was already done (a pool create for a Ready pool). */
    public static final int ALREADY = -1008;
    /** DER_TIMEDOUT: timed out (no service replica of a pool answered). */
    public static final int TIMEDOUT = -1011;
    /** DER_AGAIN: try again later (a pool still being created). */
    public static final int AGAIN = -1013;
    /** DER_PROTO: a protocol violation (a known server asking for a different rank). */
    public static final int PROTO = -1014;
    /** DER_UNINIT: not initialised. */
    public static final int UNINIT = -1015;
    /** DER_OOG: a rank outside the system group. */
    public static final int OOG = -1019;
    /** DER_BADPATH: a bad path (the certificate of a credential's origin cannot be loaded). */
    public static final int BADPATH = -1026;
    /** DER_IO: an I/O error. */
    public static final int IO = -2001;
    /** DER_NOTLEADER: not the management-service leader. */
    public static final int NOTLEADER = -2008;
    /** DER_NOTREPLICA: not a management-service replica. */
    public static final int NOTREPLICA = -2020;

    private Der() {
    }
}
