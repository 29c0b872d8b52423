package io.daos.control.dmg.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A host list as written by a user (SPEC-SYSTEM §6.3): hosts in the order given, with neighbouring
 * hosts folded into ranges ({@code node1 node2 node3} reads as {@code node[1-3]}) but neither sorted
 * nor de-duplicated; {@link HostSet} is the sorted, de-duplicated kind. Immutable.
 *
 * <p>Patterns are separated by commas, blanks or tabs outside brackets; a pattern is a host name
 * ({@code host12}, {@code node1-3}, {@code 10.0.0.7:10001}, {@code localhost}) or
 * {@code prefix[ranges]suffix} with {@code lo} and {@code lo-hi} items whose zero padding is kept.
 */
public final class HostList {

    /** The empty list. */
    public static final HostList EMPTY = new HostList(List.of());

    private final List<HostRange> ranges;

    private HostList(List<HostRange> ranges) {
        this.ranges = ranges;
    }

    /**
     * Reads a host list; an empty or blank text gives the empty list.
     *
     * @throws IllegalArgumentException with the reference's message, e.g. {@code invalid hostname "1001"}
     *         or {@code invalid range "5-4" (4 < 5)}
     */
    public static HostList parse(String text) {
        List<HostRange> r = HostRanges.parse(text);
        return r.isEmpty() ? EMPTY : new HostList(r);
    }

    /** How many hosts the list names (a host named twice counts twice). */
    public long count() {
        return HostRanges.count(ranges);
    }

    /** Every host spelled out, in list order. */
    public List<String> hosts() {
        return Collections.unmodifiableList(HostRanges.hosts(ranges));
    }

    /** Every host spelled out, comma-separated. */
    public String deranged() {
        return HostRanges.deranged(ranges);
    }

    /** The ranged form, e.g. {@code node[1-3],other}. */
    @Override
    public String toString() {
        return HostRanges.ranged(ranges);
    }

    /**
     * The {@code -l} expansion: every host of {@code value} as {@code host:port} ({@code defaultPort}
     * where a host has none), without duplicates, sorted as strings, as §6.3 "-l expansion to
     * addresses" says.
     *
     * @throws IllegalArgumentException with the reference's message, e.g. {@code invalid hostname "1001"},
     *         {@code address a:b:c: too many colons in address} or {@code invalid port "x"}
     */
    public static List<String> expandAddresses(String value, int defaultPort) {
        String fallback = Integer.toString(defaultPort);
        Map<String, TreeSet<String>> byPort = new TreeMap<>();
        for (String host : HostRanges.hosts(HostRanges.parse(value))) {
            String[] hp = splitHostPort(host, fallback);
            byPort.computeIfAbsent(hp[1], p -> new TreeSet<>()).add(hp[0]);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : byPort.entrySet()) {
            for (String h : e.getValue()) {
                out.add(h + ":" + e.getKey());
            }
        }
        Collections.sort(out);
        return out;
    }

    /**
     * Splits {@code host:port} the way Go's {@code net.SplitHostPort} does, with {@code fallback}
     * for a missing port and the port checked to be a decimal integer.
     */
    static String[] splitHostPort(String address, String fallback) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return new String[] {address, fallback};
        }
        String host = address.substring(0, colon);
        if (host.indexOf(':') >= 0) {
            throw addressError(address, "too many colons in address");
        }
        // A host from a host list never starts with '[' (a bracket needs a prefix), so the
        // bracketed IPv6 form of Go's SplitHostPort cannot arise; stray brackets are refused as it does.
        if (address.indexOf('[') >= 0) {
            throw addressError(address, "unexpected '[' in address");
        }
        if (address.indexOf(']') >= 0) {
            throw addressError(address, "unexpected ']' in address");
        }
        String port = address.substring(colon + 1);
        if (!isGoInt(port)) {
            throw new IllegalArgumentException("invalid port " + HostRanges.quote(port));
        }
        return new String[] {host, port};
    }

    private static IllegalArgumentException addressError(String address, String why) {
        return new IllegalArgumentException("address " + address + ": " + why);
    }

    /** Whether Go's {@code strconv.Atoi} accepts {@code s}: an optional sign and decimal digits. */
    private static boolean isGoInt(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
