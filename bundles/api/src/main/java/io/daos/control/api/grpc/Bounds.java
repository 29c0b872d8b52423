package io.daos.control.api.grpc;

import java.util.Collection;
import java.util.regex.Pattern;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Checks on the fields of a gRPC request, made at the edge before a value reaches a provider,
 * native code, a system lookup, the log or an error message. A rejected value is
 * {@code INVALID_ARGUMENT} with a message that names the field and quotes at most
 * {@value #QUOTED} characters of the value ({@link #quote}), so that no request can make the
 * server echo megabytes back into a status.
 */
public final class Bounds {

    /** How many characters of a rejected value a message quotes. */
    public static final int QUOTED = 40;
    /** Names: system, provider, interface, device, pool label. */
    public static final int NAME = 255;
    /** A file system path (Linux PATH_MAX). */
    public static final int PATH = 4096;
    /** A {@code host:port} or URI. */
    public static final int ADDRESS = 1024;
    /** Rank lists, PCI address lists and the like. */
    public static final int LIST = 4096;
    /** A POSIX user or group name (Linux LOGIN_NAME_MAX less the terminator). */
    public static final int USER = 32;

    private static final Pattern POSIX_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*\\$?");

    private Bounds() {
    }

    /** {@code value} unless it is longer than {@code max} characters. */
    public static String string(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field, "too long (" + value.length() + " characters, at most " + max + "): " + quote(value));
        }
        return value;
    }

    /** {@code list} unless it holds more than {@code max} entries. */
    public static <C extends Collection<?>> C list(String field, C list, int max) {
        if (list != null && list.size() > max) {
            throw invalid(field, "too many entries (" + list.size() + ", at most " + max + ")");
        }
        return list;
    }

    /** {@code value} unless it is outside {@code [min, max]}. */
    public static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(field, value + " is out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    /**
     * {@code name} if it is empty or a POSIX user or group name: at most {@value #USER}
     * characters from the portable set, not starting with a digit, dot or dash (a trailing
     * {@code $} allowed, as for machine accounts).
     */
    public static String posixName(String field, String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        string(field, name, USER);
        if (!isPosixName(name)) {
            throw invalid(field, "not a valid user or group name: " + quote(name));
        }
        return name;
    }

    /** Whether {@code name} is a POSIX user or group name (see {@link #posixName}). */
    public static boolean isPosixName(String name) {
        return name != null && name.length() <= USER && POSIX_NAME.matcher(name).matches();
    }

    /** {@code INVALID_ARGUMENT} naming {@code field}. */
    public static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
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
        if (value.length() <= QUOTED && value.chars().noneMatch(Bounds::escaped)) {
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
