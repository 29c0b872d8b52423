package io.daos.control.engine;

/** DAOS error numbers as they travel in payload {@code status} fields (negative; WIRE 5.6). */
public final class Der {
    public static final int SUCCESS = 0;
    public static final int NO_PERM = -1001;
    public static final int INVAL = -1003;
    public static final int EXIST = -1004;
    public static final int NONEXIST = -1005;
    public static final int NOSPACE = -1007;
    public static final int ALREADY = -1008;
    public static final int AGAIN = -1013;
    public static final int PROTO = -1014;
    public static final int UNINIT = -1015;
    public static final int OOG = -1019;
    public static final int IO = -2001;
    public static final int NOTLEADER = -2008;
    public static final int NOTREPLICA = -2020;

    private Der() {
    }
}
