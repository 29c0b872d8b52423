package io.daos.control.config.internal;

/** Go {@code net.SplitHostPort} / {@code JoinHostPort} semantics for access points. */
public final class Addresses {

    private Addresses() {
    }

    /**
     * Splits {@code host[:port]}, appending {@code defaultPort} when the text has no colon; the port
     * must parse as a (signed) decimal integer.
     *
     * @return {host, port}
     * @throws IllegalArgumentException {@code address <a>: too many colons in address},
     *                                  {@code address <a>: missing port in address}, {@code invalid port "<p>"}, ...
     */
    public static String[] splitPort(String address, int defaultPort) {
        String a = address.contains(":") ? address : address + ":" + defaultPort;
        String[] hp = splitHostPort(a);
        String port = hp[1];
        String digits = port.startsWith("+") || port.startsWith("-") ? port.substring(1) : port;
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port \"" + port + "\"");
        }
        return hp;
    }

    static String[] splitHostPort(String a) {
        String host;
        int last = a.lastIndexOf(':');
        if (last < 0) {
            throw new IllegalArgumentException("address " + a + ": missing port in address");
        }
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("address " + a + ": missing ']' in address");
            }
            if (end + 1 == a.length()) {
                throw new IllegalArgumentException("address " + a + ": missing port in address");
            }
            if (end + 1 != last) {
                if (a.charAt(end + 1) == ':') {
                    throw new IllegalArgumentException("address " + a + ": too many colons in address");
                }
                throw new IllegalArgumentException("address " + a + ": missing port in address");
            }
            host = a.substring(1, end);
            if (host.indexOf('[') >= 0) {
                throw new IllegalArgumentException("address " + a + ": unexpected '[' in address");
            }
            if (host.indexOf(']') >= 0) {
                throw new IllegalArgumentException("address " + a + ": unexpected ']' in address");
            }
        } else {
            host = a.substring(0, last);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("address " + a + ": too many colons in address");
            }
            if (host.indexOf('[') >= 0) {
                throw new IllegalArgumentException("address " + a + ": unexpected '[' in address");
            }
            if (host.indexOf(']') >= 0) {
                throw new IllegalArgumentException("address " + a + ": unexpected ']' in address");
            }
        }
        String port = a.substring(last + 1);
        if (a.indexOf(']', last) >= 0) {
            throw new IllegalArgumentException("address " + a + ": unexpected ']' in address");
        }
        return new String[] {host, port};
    }

    /** {@code host:port}, brackets around an IPv6 host. */
    public static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
