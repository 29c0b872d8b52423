package io.daos.control.api.system;

import io.daos.control.api.net.HostPort;

/**
 * A DAOS rank: an unsigned 32-bit number. {@link #NIL} ({@code 0xFFFFFFFF}, the reference's
 * {@code NilRank}) means "no rank assigned"; valid ranks are {@code [0, 4294967294]}.
 * Ordering is numeric (unsigned).
 */
public final class Rank implements Comparable<Rank> {

    /** Largest uint32 value, reserved as the nil rank. */
    public static final long NIL_VALUE = 0xFFFFFFFFL;
    /** Largest valid rank. */
    public static final long MAX_VALUE = NIL_VALUE - 1;
    /** The nil rank (no rank assigned). */
    public static final Rank NIL = new Rank((int) NIL_VALUE);

    private final int bits;

    private Rank(int bits) {
        this.bits = bits;
    }

    /**
     * A rank from its numeric value.
     *
     * @throws IllegalArgumentException if the value is not a uint32
     */
    public static Rank of(long value) {
        if (value < 0 || value > NIL_VALUE) {
            throw new IllegalArgumentException("number " + value + " can not be stored in uint32");
        }
        return value == NIL_VALUE ? NIL : new Rank((int) value);
    }

    /** A rank from the raw uint32 bits as carried in protobuf {@code uint32} fields. */
    public static Rank fromBits(int bits) {
        return bits == (int) NIL_VALUE ? NIL : new Rank(bits);
    }

    /**
     * Parses a decimal rank ({@code NilRank} is accepted for {@link #NIL}).
     *
     * @throws IllegalArgumentException on anything else, with a one-line message
     */
    public static Rank parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid rank: null");
        }
        String t = text.trim();
        if (t.equals("NilRank")) {
            return NIL;
        }
        if (t.isEmpty() || t.length() > 20 || !HostPort.digits(t)) {
            throw new IllegalArgumentException("invalid rank \"" + text + "\": not an unsigned decimal number");
        }
        long v = t.length() > 11 ? Long.MAX_VALUE : Long.parseLong(t);
        if (v > NIL_VALUE) {
            throw new IllegalArgumentException("invalid rank \"" + text + "\": number can not be stored in uint32");
        }
        return of(v);
    }

    /** The numeric value, 0..4294967295. */
    public long value() {
        return Integer.toUnsignedLong(bits);
    }

    /** The raw uint32 bits (for protobuf {@code uint32} fields). */
    public int bits() {
        return bits;
    }

    /** Whether this is {@link #NIL}. */
    public boolean isNil() {
        return bits == (int) NIL_VALUE;
    }

    /** Decimal value, or {@code NilRank} for {@link #NIL}. */
    @Override
    public String toString() {
        return isNil() ? "NilRank" : Long.toString(value());
    }

    @Override
    public int compareTo(Rank o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rank && ((Rank) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }
}
