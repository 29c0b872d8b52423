package io.daos.control.api.system;

/**
 * State of a system member or rank result, with the {@code uint32} wire numbers of WIRE.md §5.8
 * ({@code ctl.SystemMember.state}, {@code ctl.RankResult.state}, {@code mgmt.RanksResp}).
 * Values above 6 crash the reference {@code dmg}, so only these seven exist.
 */
public enum MemberState {
    /** 0: unknown. */
    UNKNOWN(0, "Unknown"),
    /** 1: joined / answering pings / running. */
    STARTED(1, "Started"),
    /** 2: prep-shutdown acknowledged. */
    STOPPING(2, "Stopping"),
    /** 3: process not running, or host unreachable during query. */
    STOPPED(3, "Stopped"),
    /** 4: Join answered with OUT. */
    EVICTED(4, "Evicted"),
    /** 5: dRPC failed, reply undecodable or non-zero status. */
    ERRORED(5, "Errored"),
    /** 6: ping not answered in time. */
    UNRESPONSIVE(6, "Unresponsive");

    private final int code;
    private final String label;

    MemberState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The wire number. */
    public int code() {
        return code;
    }

    /** The name {@code dmg} prints, e.g. {@code Started}. */
    public String label() {
        return label;
    }

    /**
     * The state for a wire number.
     *
     * @throws IllegalArgumentException for numbers outside 0..6
     */
    public static MemberState fromCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("invalid member state " + Integer.toUnsignedString(code));
        }
        return values()[code];
    }

    /**
     * The state for a printed name, case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static MemberState fromLabel(String label) {
        for (MemberState s : values()) {
            if (s.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("invalid member state \"" + label + "\"");
    }

    /** Same as {@link #label()}. */
    @Override
    public String toString() {
        return label;
    }
}
