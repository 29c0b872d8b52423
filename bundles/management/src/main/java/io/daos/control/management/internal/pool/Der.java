package io.daos.control.management.internal.pool;

/**
 * The DAOS error numbers (DER) these checks answer with, as they travel on the wire: negative
 * (SPEC-SYSTEM §0.4).
 */
public final class Der {

    /** Success. */
    public static final int SUCCESS = 0;
    /** DER_INVAL: an argument the data plane cannot take. */
    public static final int INVAL = -1003;
    /** DER_OOG: a rank outside the system group. */
    public static final int OOG = -1019;

    private Der() {
    }
}
