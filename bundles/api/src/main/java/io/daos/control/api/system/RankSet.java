package io.daos.control.api.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

import io.daos.control.api.net.HostPort;

/**
 * An immutable, sorted, de-duplicated set of ranks with the reference range syntax
 * (SPEC-SYSTEM §2.8, rendered like the hostlist library does for ranks):
 * {0,1,2,3,5,10,11,12} prints as {@code [0-3,5,10-12]}, {7} as {@code 7}, {9,10} as
 * {@code [9-10]}, the empty set as the empty string. {@link #parse(String)} accepts the same
 * text with or without the brackets ({@code 0-3,5} or {@code [0-3,5]}), in any order, with
 * overlaps and blanks around items; the nil rank is not a member of any set.
 *
 * <p>Stored as disjoint intervals, so a wide range costs no memory.
 */
public final class RankSet {

    /** The empty set. */
    public static final RankSet EMPTY = new RankSet(new long[0]);

    /** lo0, hi0, lo1, hi1, ... sorted, disjoint and non-adjacent. */
    private final long[] bounds;

    private RankSet(long[] bounds) {
        this.bounds = bounds;
    }

    /** A set of the given ranks (the nil rank is rejected). */
    public static RankSet of(Rank... ranks) {
        return of(Arrays.asList(ranks));
    }

    /** A set of the given ranks (the nil rank is rejected). */
    public static RankSet of(Collection<Rank> ranks) {
        List<long[]> iv = new ArrayList<>();
        for (Rank r : ranks) {
            if (r.isNil()) {
                throw new IllegalArgumentException("rank NilRank can not be a member of a rank set");
            }
            iv.add(new long[] {r.value(), r.value()});
        }
        return normalise(iv);
    }

    /** A set of the numeric rank values (each must be in {@code [0, 4294967294]}). */
    public static RankSet ofValues(long... values) {
        List<long[]> iv = new ArrayList<>();
        for (long v : values) {
            checkRank(v, Long.toString(v));
            iv.add(new long[] {v, v});
        }
        return normalise(iv);
    }

    /**
     * Parses {@code 0-3,5}, {@code [0-3,5]}, {@code 7}, or an empty/blank string (the empty set).
     *
     * @throws IllegalArgumentException with a one-line message naming the offending item
     */
    public static RankSet parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid rank set: null");
        }
        String t = text.trim();
        if (t.startsWith("[") || t.endsWith("]")) {
            if (!(t.startsWith("[") && t.endsWith("]")) || t.length() < 2) {
                throw new IllegalArgumentException("invalid range \"" + text + "\"");
            }
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.isEmpty()) {
            return EMPTY;
        }
        List<long[]> iv = new ArrayList<>();
        for (String raw : t.split(",", -1)) {
            String item = raw.trim();
            String[] parts = item.split("-", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("invalid range: \"" + item + "\"");
            }
            long lo = parseUint(item, parts[0]);
            long hi = parts.length == 2 ? parseUint(item, parts[1]) : lo;
            if (hi < lo) {
                throw new IllegalArgumentException("invalid range \"" + item + "\" (" + hi + " < " + lo + ")");
            }
            checkRank(hi, item);
            iv.add(new long[] {lo, hi});
        }
        return normalise(iv);
    }

    private static long parseUint(String item, String s) {
        String v = s.trim();
        if (v.isEmpty() || v.length() > 19 || !HostPort.digits(v)) {
            throw new IllegalArgumentException("invalid range \"" + item + "\" (\"" + s + "\" is not uint)");
        }
        return Long.parseLong(v);
    }

    private static void checkRank(long v, String item) {
        if (v < 0 || v > Rank.MAX_VALUE) {
            throw new IllegalArgumentException("invalid range \"" + item + "\" (rank " + v
                    + " out of range [0, " + Rank.MAX_VALUE + "])");
        }
    }

    /** Intervals by their low end (a class, not a lambda: no invokedynamic on dmg's short path). */
    private static final Comparator<long[]> BY_LOW = new Comparator<long[]>() {
        @Override
        public int compare(long[] a, long[] b) {
            return Long.compare(a[0], b[0]);
        }
    };

    private static RankSet normalise(List<long[]> iv) {
        if (iv.isEmpty()) {
            return EMPTY;
        }
        iv.sort(BY_LOW);
        List<long[]> out = new ArrayList<>();
        long[] cur = iv.get(0).clone();
        for (int i = 1; i < iv.size(); i++) {
            long[] n = iv.get(i);
            if (n[0] <= cur[1] + 1) {
                cur[1] = Math.max(cur[1], n[1]);
            } else {
                out.add(cur);
                cur = n.clone();
            }
        }
        out.add(cur);
        long[] b = new long[out.size() * 2];
        for (int i = 0; i < out.size(); i++) {
            b[2 * i] = out.get(i)[0];
            b[2 * i + 1] = out.get(i)[1];
        }
        return new RankSet(b);
    }

    /** Number of ranks in the set. */
    public long size() {
        long n = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            n += bounds[i + 1] - bounds[i] + 1;
        }
        return n;
    }

    /** Whether the set is empty. */
    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** Whether the rank is a member. */
    public boolean contains(Rank rank) {
        long v = rank.value();
        for (int i = 0; i < bounds.length; i += 2) {
            if (v >= bounds[i] && v <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** The union of this set and another. */
    public RankSet union(RankSet other) {
        List<long[]> iv = new ArrayList<>();
        for (RankSet s : List.of(this, other)) {
            for (int i = 0; i < s.bounds.length; i += 2) {
                iv.add(new long[] {s.bounds[i], s.bounds[i + 1]});
            }
        }
        return normalise(iv);
    }

    /** The numeric values in ascending order. */
    public LongStream values() {
        LongStream s = LongStream.empty();
        for (int i = 0; i < bounds.length; i += 2) {
            s = LongStream.concat(s, LongStream.rangeClosed(bounds[i], bounds[i + 1]));
        }
        return s;
    }

    /**
     * The ranks in ascending order.
     *
     * @throws IllegalStateException if the set has more than {@link Integer#MAX_VALUE} ranks
     */
    public List<Rank> ranks() {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("rank set too large to list: " + size() + " ranks");
        }
        List<Rank> out = new ArrayList<>((int) size());
        for (int i = 0; i < bounds.length; i += 2) {
            for (long v = bounds[i]; v <= bounds[i + 1]; v++) {
                out.add(Rank.of(v));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Range form: {@code [0-3,5]}, a single rank bare, empty string for the empty set. */
    @Override
    public String toString() {
        if (bounds.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                sb.append('-').append(bounds[i + 1]);
            }
        }
        return size() == 1 ? sb.toString() : "[" + sb + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankSet && Arrays.equals(bounds, ((RankSet) o).bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }
}
