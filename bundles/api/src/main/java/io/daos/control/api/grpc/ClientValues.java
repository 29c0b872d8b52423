package io.daos.control.api.grpc;

import java.util.regex.Pattern;

/**
 * The part of {@link Bounds} that needs no gRPC: quoting a client-supplied value for a message and
 * telling a POSIX user name. For the code below the edge that checks a value again before a system
 * lookup or a message (a provider, which also runs in the inventory commands without gRPC on the
 * class path); this class must never refer to {@code io.grpc}.
 */
public final class ClientValues {

    /** How many characters of a value a message quotes. */
    public static final int QUOTED = 40;
    /** A POSIX user or group name (Linux LOGIN_NAME_MAX less the terminator). */
    public static final int USER = 32;

    private static final Pattern POSIX_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*\\$?");

    private ClientValues() {
    }

    /**
     * Whether {@code name} is a POSIX user or group name: at most {@value #USER} characters from
     * the portable set, not starting with a digit, dot or dash (a trailing {@code $} allowed, as
     * for machine accounts).
     */
    public static boolean isPosixName(String name) {
        return name != null && name.length() <= USER && POSIX_NAME.matcher(name).matches();
    }

    /**
     * {@code value} fit for a message: in quotes, at most {@value #QUOTED} characters, control
     * characters escaped; a longer value is cut with its length noted.
     */
    public static String quote(String value) {
        return value == null ? "null" : cut(value, "\"");
    }

    /**
     * {@code value} fit for a message that puts its own quotes around it (the reference's
     * {@code '<c>'}, {@code address <a>: ...}): unchanged when it is at most {@value #QUOTED}
     * printable characters, otherwise escaped and cut as by {@link #quote}, without the quotes.
     */
    public static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= QUOTED && value.chars().noneMatch(ClientValues::escaped)) {
            return value;
        }
        return cut(value, "");
    }

    private static String cut(String value, String quotes) {
        int n = Math.min(value.length(), QUOTED);
        StringBuilder sb = new StringBuilder(n + 32).append(quotes);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (escaped(c) || c == '"' && !quotes.isEmpty()) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append(quotes);
        if (value.length() > n) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    private static boolean escaped(int c) {
        return c < 0x20 || c == 0x7f || c == '\\';
    }
}
