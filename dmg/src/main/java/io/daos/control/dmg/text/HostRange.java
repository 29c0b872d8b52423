package io.daos.control.dmg.text;

/**
 * One run of a host list: either a numeric range {@code prefix[lo-hi]suffix} printed with
 * {@code width} digits, or a literal host name kept as written. Mutable on purpose: merging and the
 * width reconciliation of §6.3 change ranges in place while a list is being built; callers outside
 * this package only ever see copies through {@link HostList} and {@link HostSet}.
 */
final class HostRange {

    final String prefix;
    final String suffix;
    final boolean numeric;
    long lo;
    long hi;
    int width;

    private HostRange(String prefix, String suffix, boolean numeric, long lo, long hi, int width) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.numeric = numeric;
        this.lo = lo;
        this.hi = hi;
        this.width = width;
    }

    static HostRange numeric(String prefix, String suffix, long lo, long hi, int width) {
        return new HostRange(prefix, suffix, true, lo, hi, width);
    }

    static HostRange literal(String name) {
        return new HostRange(name, "", false, 0, 0, 0);
    }

    HostRange copy() {
        return new HostRange(prefix, suffix, numeric, lo, hi, width);
    }

    long count() {
        return numeric ? hi - lo + 1 : 1;
    }

    /** Same prefix, same suffix and the same kind (both numeric or both literal). */
    boolean sameStem(HostRange o) {
        return numeric == o.numeric && prefix.equals(o.prefix) && suffix.equals(o.suffix);
    }

    /** Whether this and {@code o} print inside one bracket group. */
    boolean bracketsWith(HostRange o) {
        return numeric && o.numeric && prefix.equals(o.prefix) && suffix.equals(o.suffix);
    }

    /**
     * The width reconciliation of §6.3: whether {@code a} and {@code b} can share a width without
     * changing how either prints its low end; when they can, the one whose printing does not depend
     * on its width takes the other's.
     */
    static boolean widthsCompatible(HostRange a, HostRange b) {
        if (a.width == b.width) {
            return true;
        }
        int aOwn = pad(a.lo, a.width);
        int aOther = pad(a.lo, b.width);
        int bOwn = pad(b.lo, b.width);
        int bOther = pad(b.lo, a.width);
        if (aOwn != aOther && bOwn != bOther) {
            return false;
        }
        if (aOwn != aOther) {
            b.width = a.width;
        } else {
            a.width = b.width;
        }
        return true;
    }

    private static int pad(long n, int width) {
        int digits = 1;
        for (long v = n / 10; v != 0; v /= 10) {
            digits++;
        }
        return Math.max(0, width - digits);
    }

    /** Appends {@code n} zero-padded to this range's width. */
    void appendNumber(StringBuilder sb, long n) {
        String s = Long.toString(n);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** Appends {@code lo} or {@code lo-hi}. */
    void appendNumbers(StringBuilder sb) {
        appendNumber(sb, lo);
        if (hi != lo) {
            sb.append('-');
            appendNumber(sb, hi);
        }
    }

    /** Appends the {@code i}-th host of this range spelled out. */
    void appendHost(StringBuilder sb, long i) {
        if (!numeric) {
            sb.append(prefix);
            return;
        }
        sb.append(prefix);
        appendNumber(sb, lo + i);
        sb.append(suffix);
    }
}
