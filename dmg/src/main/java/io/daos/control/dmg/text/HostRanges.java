package io.daos.control.dmg.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machinery behind {@link HostList}, {@link HostSet} and {@link HostGroups}: reading host
 * patterns into ranges, appending with merging, keeping a set ordered and merged, and writing
 * ranges back out in the ranged and spelled-out forms of §6.3.
 */
final class HostRanges {

    /** The most hosts one bracket item may name. */
    static final long MAX_RANGE = 16384;

    /** A token with a dash: the greedy word run may swallow digits ({@code node1-3} → {@code node1-}, 3). */
    private static final Pattern DASHED = Pattern.compile("^(\\w+-?)(\\d+)?(.*)");
    /** A token without a dash: letters, then an optional number, then anything. */
    private static final Pattern LETTERS = Pattern.compile("^([a-zA-Z]+)(\\d+)?(.*)");
    /** An IPv4 address numbered on its last octet. */
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.)(\\d{1,3})(.*)");

    private HostRanges() {
    }

    /** Reads {@code text} into ranges in the order written, merging as it appends (no sorting). */
    static List<HostRange> parse(String text) {
        List<HostRange> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSeparator(text.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            boolean inBracket = false;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '[') {
                    inBracket = true;
                } else if (c == ']') {
                    inBracket = false;
                } else if (!inBracket && isSeparator(c)) {
                    break;
                }
                i++;
            }
            parseToken(text.substring(start, i), out);
        }
        return out;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ' || c == '\t';
    }

    private static void parseToken(String token, List<HostRange> out) {
        int open = token.indexOf('[');
        if (open < 0) {
            push(out, parseHost(token));
            return;
        }
        int close = token.indexOf(']', open + 1);
        if (close < 0) {
            throw new IllegalArgumentException("invalid range " + quote(token));
        }
        if (open == 0) {
            throw new IllegalArgumentException("invalid range: " + quote(token));
        }
        String prefix = token.substring(0, open);
        String suffix = token.substring(close + 1);
        String inner = token.substring(open + 1, close);
        int from = 0;
        while (true) {
            int comma = inner.indexOf(',', from);
            String item = comma < 0 ? inner.substring(from) : inner.substring(from, comma);
            push(out, parseItem(prefix, suffix, item));
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
    }

    private static HostRange parseItem(String prefix, String suffix, String item) {
        int dash = item.indexOf('-');
        if (dash >= 0 && item.indexOf('-', dash + 1) >= 0) {
            throw new IllegalArgumentException("invalid range: " + quote(item));
        }
        String loText = dash < 0 ? item : item.substring(0, dash);
        long lo = parseUint(item, loText);
        long hi = dash < 0 ? lo : parseUint(item, item.substring(dash + 1));
        if (hi < lo) {
            throw new IllegalArgumentException("invalid range " + quote(item) + " (" + hi + " < " + lo + ")");
        }
        if (hi - lo >= MAX_RANGE) {
            throw new IllegalArgumentException("invalid range " + quote(item) + " (> " + MAX_RANGE + " hosts)");
        }
        return HostRange.numeric(prefix, suffix, lo, hi, loText.length());
    }

    private static long parseUint(String item, String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !allDigits(digits)) {
            throw new IllegalArgumentException("invalid range " + quote(item) + " (" + quote(digits) + " is not uint)");
        }
        return Long.parseLong(digits);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A host written without brackets: a one-host numeric range, or a literal name. */
    static HostRange parseHost(String token) {
        Matcher m = (token.indexOf('-') >= 0 ? DASHED : LETTERS).matcher(token);
        if (!m.lookingAt()) {
            m = IPV4.matcher(token);
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("invalid hostname " + quote(token));
            }
        }
        String number = m.group(2);
        if (number == null) {
            return HostRange.literal(token);
        }
        if (number.length() > 18) {
            throw new IllegalArgumentException("invalid hostname " + quote(token));
        }
        long n = Long.parseLong(number);
        return HostRange.numeric(m.group(1), m.group(3), n, n, number.length());
    }

    /** Appends {@code r}, merging it into the last range when it continues it. */
    static void push(List<HostRange> list, HostRange r) {
        if (!list.isEmpty()) {
            HostRange last = list.get(list.size() - 1);
            if (last.numeric && r.numeric && last.hi + 1 == r.lo && last.prefix.equals(r.prefix)
                    && last.suffix.equals(r.suffix) && HostRange.widthsCompatible(last, r)) {
                last.hi = r.hi;
                return;
            }
        }
        list.add(r);
    }

    /**
     * Set order: prefix, then suffix, then literal before numeric, then (numeric, widths
     * reconciled) low end, else width. May reconcile the widths of {@code a} and {@code b}.
     */
    static int compare(HostRange a, HostRange b) {
        int c = a.prefix.compareTo(b.prefix);
        if (c != 0) {
            return c;
        }
        c = a.suffix.compareTo(b.suffix);
        if (c != 0) {
            return c;
        }
        if (a.numeric != b.numeric) {
            return a.numeric ? 1 : -1;
        }
        if (!a.numeric) {
            return 0;
        }
        return HostRange.widthsCompatible(a, b) ? Long.compare(a.lo, b.lo) : Integer.compare(a.width, b.width);
    }

    /**
     * Inserts {@code r} into the ordered, merged {@code set}, keeping it ordered and merged.
     *
     * @return how many hosts the set gained
     */
    static long insert(List<HostRange> set, HostRange r) {
        long before = count(set);
        int lo = 0;
        int hi = set.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(set.get(mid), r) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        set.add(lo, r);
        int j = Math.max(lo - 1, 0);
        while (j + 1 < set.size()) {
            if (join(set.get(j), set.get(j + 1))) {
                set.remove(j + 1);
            } else if (j >= lo) {
                break;
            } else {
                j++;
            }
        }
        return count(set) - before;
    }

    /** Folds {@code b} into {@code a} when they touch, overlap or are the same literal host. */
    private static boolean join(HostRange a, HostRange b) {
        if (!a.sameStem(b)) {
            return false;
        }
        if (!a.numeric) {
            return true;
        }
        if (!HostRange.widthsCompatible(a, b)) {
            return false;
        }
        if (a.hi + 1 >= b.lo && b.hi + 1 >= a.lo) {
            a.lo = Math.min(a.lo, b.lo);
            a.hi = Math.max(a.hi, b.hi);
            return true;
        }
        return false;
    }

    static long count(List<HostRange> ranges) {
        long n = 0;
        for (HostRange r : ranges) {
            n += r.count();
        }
        return n;
    }

    /** The ranged form: runs sharing prefix and suffix written once, bracketed when more than one host. */
    static String ranged(List<HostRange> ranges) {
        StringBuilder sb = new StringBuilder();
        int n = ranges.size();
        int i = 0;
        while (i < n) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            HostRange first = ranges.get(i);
            if (!first.numeric) {
                sb.append(first.prefix);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < n && ranges.get(end).bracketsWith(ranges.get(end - 1))) {
                end++;
            }
            boolean brackets = end - i > 1 || first.count() > 1;
            sb.append(first.prefix);
            if (brackets) {
                sb.append('[');
            }
            for (int k = i; k < end; k++) {
                if (k > i) {
                    sb.append(',');
                }
                ranges.get(k).appendNumbers(sb);
            }
            if (brackets) {
                sb.append(']');
            }
            sb.append(first.suffix);
            i = end;
        }
        return sb.toString();
    }

    /** Every host spelled out, in order. */
    static List<String> hosts(List<HostRange> ranges) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (HostRange r : ranges) {
            for (long i = 0; i < r.count(); i++) {
                sb.setLength(0);
                r.appendHost(sb, i);
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** Every host spelled out, comma-separated. */
    static String deranged(List<HostRange> ranges) {
        return String.join(",", hosts(ranges));
    }

    static List<HostRange> copy(List<HostRange> ranges) {
        List<HostRange> out = new ArrayList<>(ranges.size());
        for (HostRange r : ranges) {
            out.add(r.copy());
        }
        return out;
    }

    /** Go's {@code %q} for the printable ASCII text host patterns are made of. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
