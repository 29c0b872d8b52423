package io.daos.control.api.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A control-plane address {@code host:port}: an access point, a {@code dmg -l} host, the address a
 * member joined from. The one parser of such addresses in the project, with the reference's rules
 * (Go {@code net.SplitHostPort} after the default port was appended to a text without a colon,
 * then a decimal port):
 * <ul>
 * <li>{@code host} → {@code host:<default port>}; {@code host:p}, {@code [v6]:p}, {@code v4:p};</li>
 * <li>{@code a:b:c} → {@code address a:b:c: too many colons in address};</li>
 * <li>{@code [v6]} → {@code address [v6]: missing port in address}; {@code [v6} →
 *     {@code address [v6: missing ']' in address}; stray brackets → {@code unexpected '[' / ']'};</li>
 * <li>a port that is not a decimal number in 0..65535 → {@code invalid port "<p>"}.</li>
 * </ul>
 * The host is kept as written (not resolved). {@link #toString()} gives {@code host:port} with
 * brackets around an IPv6 host, so {@code parse(x.toString(), any)} equals {@code x}.
 */
public final class HostPort {

    /** The control port when neither the address nor the configuration names one. */
    public static final int DEFAULT_PORT = 10001;

    private final String host;
    private final int port;

    private HostPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * @throws IllegalArgumentException a null host, or a port outside 0..65535
     */
    public static HostPort of(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port \"" + port + "\"");
        }
        return new HostPort(host, port);
    }

    /**
     * Parses {@code host[:port]}, taking {@code defaultPort} when the text has no colon at all.
     *
     * @throws IllegalArgumentException with the reference's message (see the class comment)
     */
    public static HostPort parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "address");
        String a = text.indexOf(':') >= 0 ? text : text + ":" + defaultPort;
        String[] hp = split(a);
        return new HostPort(hp[0], port(hp[1]));
    }

    /**
     * Parses {@code host:port}; a missing port is an error ({@code address <a>: missing port in
     * address}).
     */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "address");
        String[] hp = split(text);
        return new HostPort(hp[0], port(hp[1]));
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * The address {@code host} spells as an IP literal (dotted IPv4, or IPv6 with or without
     * brackets), or empty when it is anything else, a name included: never looks a name up.
     */
    public static java.util.Optional<java.net.InetAddress> ipLiteral(String host) {
        if (host == null) {
            return java.util.Optional.empty();
        }
        String v = host.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        if (!IPV4.matcher(v).matches() && !IPV6.matcher(v).matches()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.net.InetAddress.getByName(v)); // a literal: no name service
        } catch (java.net.UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** Go {@code net.SplitHostPort}: {host, port text}. */
    private static String[] split(String a) {
        int last = a.lastIndexOf(':');
        if (last < 0) {
            throw bad(a, "missing port in address");
        }
        String host;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                throw bad(a, "missing ']' in address");
            }
            if (end + 1 == a.length()) {
                throw bad(a, "missing port in address");
            }
            if (end + 1 != last) {
                throw bad(a, a.charAt(end + 1) == ':' ? "too many colons in address" : "missing port in address");
            }
            host = a.substring(1, end);
        } else {
            host = a.substring(0, last);
            if (host.indexOf(':') >= 0) {
                throw bad(a, "too many colons in address");
            }
        }
        if (host.indexOf('[') >= 0) {
            throw bad(a, "unexpected '[' in address");
        }
        if (host.indexOf(']') >= 0 || a.indexOf(']', last) >= 0) {
            throw bad(a, "unexpected ']' in address");
        }
        return new String[] {host, a.substring(last + 1)};
    }

    private static IllegalArgumentException bad(String address, String why) {
        return new IllegalArgumentException("address " + address + ": " + why);
    }

    private static int port(String p) {
        if (p.isEmpty() || p.length() > 5 || !digits(p)) {
            throw new IllegalArgumentException("invalid port \"" + p + "\"");
        }
        int n = Integer.parseInt(p);
        if (n > 65535) {
            throw new IllegalArgumentException("invalid port \"" + p + "\"");
        }
        return n;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** An unresolved socket address (resolution happens when a connection is made). */
    public InetSocketAddress socketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port}, {@code [host]:port} when the host holds a colon (IPv6). */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPort other && other.port == port && other.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    /**
     * Whether {@code s} is only ASCII decimal digits (true for the empty string): the check of
     * every unsigned number parsed here and in {@code api.system}'s rank and rank-set syntax. A
     * loop, not a stream: it runs on dmg's short path, where a lambda would be linked at start.
     */
    public static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
