package io.daos.control.api.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable host list in the syntax of the reference hostlist library (SPEC-SYSTEM §6.3):
 * tokens separated by {@code ,}, space or tab outside brackets; {@code prefix[1-3,5]suffix}
 * ranges with zero padding preserved ({@code node[001-010]}); plain names, numbered names
 * ({@code host12}, {@code rack1-3}) and IPv4 addresses ({@code 10.0.0.[1-4]:10001}); a
 * {@code :port} simply belongs to the suffix.
 *
 * <p>{@link #parse(String)} keeps the given order and duplicates (merging a range only into an
 * immediately preceding adjacent one); {@link #parseSet(String)} / {@link #toSet()} sort
 * (by prefix, suffix, then number), merge and de-duplicate. {@link #toString()} renders the
 * compressed form, e.g. {@code node1 node2 node3} → {@code node[1-3]};
 * {@link #deranged()} spells out every host.
 */
public final class HostList {

    /** Largest number of hosts one bracketed range item may expand to. */
    public static final int MAX_RANGE = 16384;

    private static final Pattern DASHED = Pattern.compile("^(\\w+-?)(\\d+)?(.*)$");
    private static final Pattern ALPHA = Pattern.compile("^([a-zA-Z]+)(\\d+)?(.*)$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.)(\\d{1,3})(.*)$");

    /** One range: numeric {prefix, lo..hi, width, suffix} or a literal host (prefix = name). */
    private static final class Range {
        final String prefix;
        final String suffix;
        final long lo;
        long hi;
        int width;
        final boolean literal;

        Range(String prefix, String suffix, long lo, long hi, int width, boolean literal) {
            this.prefix = prefix;
            this.suffix = suffix;
            this.lo = lo;
            this.hi = hi;
            this.width = width;
            this.literal = literal;
        }

        Range copy() {
            return new Range(prefix, suffix, lo, hi, width, literal);
        }

        long count() {
            return literal ? 1 : hi - lo + 1;
        }

        String host(long n) {
            return literal ? prefix : prefix + pad(n, width) + suffix;
        }

        boolean sameBase(Range o) {
            return !literal && !o.literal && prefix.equals(o.prefix) && suffix.equals(o.suffix);
        }
    }

    private final List<Range> ranges;

    private HostList(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The empty list. */
    public static HostList empty() {
        return new HostList(List.of());
    }

    /**
     * Parses a host list keeping order and duplicates.
     *
     * @throws IllegalArgumentException with the reference message, e.g.
     *                                  {@code invalid range "node[5-4]" (4 < 5)} or {@code invalid hostname "1001"}
     */
    public static HostList parse(String text) {
        List<Range> out = new ArrayList<>();
        for (String token : tokenise(text == null ? "" : text)) {
            for (Range r : parseToken(token)) {
                append(out, r);
            }
        }
        return new HostList(out);
    }

    /** Parses a host list as a set: sorted, merged, de-duplicated. */
    public static HostList parseSet(String text) {
        return parse(text).toSet();
    }

    /** A set of the given host names (each parsed as one host pattern). */
    public static HostList setOf(Iterable<String> hosts) {
        List<Range> out = new ArrayList<>();
        for (String h : hosts) {
            for (Range r : parse(h).ranges) {
                out.add(r.copy());
            }
        }
        return new HostList(sortAndMerge(out));
    }

    /** This list as a set: sorted by prefix, suffix and number, merged, de-duplicated. */
    public HostList toSet() {
        List<Range> out = new ArrayList<>();
        for (Range r : ranges) {
            out.add(r.copy());
        }
        return new HostList(sortAndMerge(out));
    }

    /** Number of hosts (duplicates counted in a non-set list). */
    public long count() {
        long n = 0;
        for (Range r : ranges) {
            n += r.count();
        }
        return n;
    }

    /** Whether there are no hosts. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Every host spelled out, in list order. */
    public List<String> hosts() {
        List<String> out = new ArrayList<>();
        for (Range r : ranges) {
            if (r.literal) {
                out.add(r.prefix);
            } else {
                for (long n = r.lo; n <= r.hi; n++) {
                    out.add(r.host(n));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Every host spelled out, comma-separated. */
    public String deranged() {
        return String.join(",", hosts());
    }

    /** Compressed form: {@code prefix[a-b,c]suffix} groups, brackets only around more than one host. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < ranges.size()) {
            Range first = ranges.get(i);
            if (sb.length() > 0) {
                sb.append(',');
            }
            if (first.literal) {
                sb.append(first.prefix);
                i++;
                continue;
            }
            int j = i;
            long hosts = 0;
            StringBuilder items = new StringBuilder();
            while (j < ranges.size() && ranges.get(j).sameBase(first)) {
                Range r = ranges.get(j);
                if (items.length() > 0) {
                    items.append(',');
                }
                items.append(pad(r.lo, r.width));
                if (r.hi != r.lo) {
                    items.append('-').append(pad(r.hi, r.width));
                }
                hosts += r.count();
                j++;
            }
            sb.append(first.prefix);
            if (hosts > 1) {
                sb.append('[').append(items).append(']');
            } else {
                sb.append(items);
            }
            sb.append(first.suffix);
            i = j;
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostList && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Expands host patterns to sorted, unique {@code host:port} addresses, as {@code dmg -l} does:
     * a host without a port gets {@code defaultPort}; each address is split by {@link HostPort}.
     *
     * @throws IllegalArgumentException for a bad pattern, or {@link HostPort}'s error (e.g.
     *                                  {@code address <h>: too many colons in address},
     *                                  {@code invalid port "<p>"})
     */
    public static List<String> expandAddresses(String patterns, int defaultPort) {
        TreeSet<String> out = new TreeSet<>();
        for (String h : parse(patterns).hosts()) {
            out.add(HostPort.parse(h, defaultPort).toString());
        }
        return List.copyOf(out);
    }

    // ---- parsing ----

    private static List<String> tokenise(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            }
            if (depth == 0 && (c == ',' || c == ' ' || c == '\t')) {
                if (cur.length() > 0) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            tokens.add(cur.toString());
        }
        return tokens;
    }

    private static List<Range> parseToken(String token) {
        int open = token.indexOf('[');
        if (open < 0 && token.indexOf(']') < 0) {
            return List.of(parseHost(token));
        }
        int close = token.indexOf(']', Math.max(open, 0));
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException("invalid range \"" + token + "\"");
        }
        String prefix = token.substring(0, open);
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("invalid range: \"" + token + "\"");
        }
        String suffix = token.substring(close + 1);
        List<Range> out = new ArrayList<>();
        for (String item : token.substring(open + 1, close).split(",", -1)) {
            String[] parts = item.split("-", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("invalid range: \"" + item + "\"");
            }
            long lo = parseUint(item, parts[0]);
            long hi = parts.length == 2 ? parseUint(item, parts[1]) : lo;
            if (hi < lo) {
                throw new IllegalArgumentException("invalid range \"" + item + "\" (" + hi + " < " + lo + ")");
            }
            if (hi - lo >= MAX_RANGE) {
                throw new IllegalArgumentException("invalid range \"" + item + "\" (> " + MAX_RANGE + " hosts)");
            }
            append(out, new Range(prefix, suffix, lo, hi, parts[0].length(), false));
        }
        return out;
    }

    private static long parseUint(String item, String s) {
        if (s.isEmpty() || s.length() > 18 || !HostPort.digits(s)) {
            throw new IllegalArgumentException("invalid range \"" + item + "\" (\"" + s + "\" is not uint)");
        }
        return Long.parseLong(s);
    }

    private static Range parseHost(String token) {
        Matcher m = (token.contains("-") ? DASHED : ALPHA).matcher(token);
        if (!m.matches()) {
            m = IPV4.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid hostname \"" + token + "\"");
            }
        }
        String digits = m.group(2);
        if (digits == null || digits.length() > 18) {
            return new Range(token, "", 0, 0, 0, true);
        }
        long n = Long.parseLong(digits);
        return new Range(m.group(1), m.group(3), n, n, digits.length(), false);
    }

    // ---- list building and sets ----

    /** Appends r, merging into the last range when adjacent (list semantics). */
    private static void append(List<Range> out, Range r) {
        if (!out.isEmpty()) {
            Range prev = out.get(out.size() - 1);
            if (prev.sameBase(r) && prev.hi + 1 == r.lo) {
                int w = commonWidth(prev, r);
                if (w >= 0) {
                    prev.width = w;
                    prev.hi = r.hi;
                    return;
                }
            }
        }
        out.add(r);
    }

    /**
     * Sorts and coalesces (set semantics), once for all the ranges: the same set as inserting them
     * one by one, without re-sorting after each (a thousand scattered hosts stay cheap).
     */
    private static List<Range> sortAndMerge(List<Range> set) {
        set.sort(ORDER);
        List<Range> merged = new ArrayList<>();
        for (Range cur : set) {
            Range prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (prev != null && prev.literal && cur.literal && prev.prefix.equals(cur.prefix)) {
                continue;
            }
            if (prev != null && prev.sameBase(cur) && cur.lo <= prev.hi + 1) {
                int w = commonWidth(prev, cur);
                if (w >= 0) {
                    prev.width = w;
                    prev.hi = Math.max(prev.hi, cur.hi);
                    continue;
                }
            }
            merged.add(cur);
        }
        return merged;
    }

    /** {@link #compare} as a comparator (a class, not a method reference: no invokedynamic on dmg's short path). */
    private static final Comparator<Range> ORDER = new Comparator<Range>() {
        @Override
        public int compare(Range a, Range b) {
            return HostList.compare(a, b);
        }
    };

    private static int compare(Range a, Range b) {
        int c = a.prefix.compareTo(b.prefix);
        if (c != 0) {
            return c;
        }
        if (a.literal != b.literal) {
            return a.literal ? -1 : 1;
        }
        c = a.suffix.compareTo(b.suffix);
        if (c != 0) {
            return c;
        }
        if (commonWidth(a, b) >= 0) {
            return Long.compare(a.lo, b.lo);
        }
        return Integer.compare(a.width, b.width);
    }

    /**
     * The width two ranges share when their zero padding is compatible (the reference's
     * width-equivalence rule), or -1 when it is not.
     */
    private static int commonWidth(Range a, Range b) {
        if (a.width == b.width) {
            return a.width;
        }
        boolean aChanges = padding(a.lo, a.width) != padding(a.lo, b.width);
        boolean bChanges = padding(b.lo, b.width) != padding(b.lo, a.width);
        if (aChanges && bChanges) {
            return -1;
        }
        return aChanges ? a.width : b.width;
    }

    private static int padding(long n, int width) {
        int digits = Long.toString(n).length();
        return Math.max(0, width - digits);
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }
}
