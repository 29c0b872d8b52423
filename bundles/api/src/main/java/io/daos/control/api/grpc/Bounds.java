package io.daos.control.api.grpc;

import java.util.Collection;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Checks on the fields of a gRPC request, made at the edge before a value reaches a provider,
 * native code, a system lookup, the log or an error message. A rejected value is
 * {@code INVALID_ARGUMENT} with a message that names the field and quotes at most
 * {@value #QUOTED} characters of the value ({@link #quote}), so that no request can make the
 * server echo megabytes back into a status. The checks that need no gRPC (quoting, POSIX names)
 * are {@link ClientValues}'s, for the providers that check again below the edge.
 */
public final class Bounds {

    /** How many characters of a rejected value a message quotes. */
    public static final int QUOTED = ClientValues.QUOTED;
    /** Names: system, provider, interface, device, pool label. */
    public static final int NAME = 255;
    /** A file system path (Linux PATH_MAX). */
    public static final int PATH = 4096;
    /** A {@code host:port} or URI. */
    public static final int ADDRESS = 1024;
    /** Rank lists, PCI address lists and the like. */
    public static final int LIST = 4096;
    /** A POSIX user or group name (Linux LOGIN_NAME_MAX less the terminator). */
    public static final int USER = ClientValues.USER;

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

    /** {@link ClientValues#isPosixName}. */
    public static boolean isPosixName(String name) {
        return ClientValues.isPosixName(name);
    }

    /** {@code INVALID_ARGUMENT} naming {@code field}. */
    public static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    /** {@link ClientValues#quote}. */
    public static String quote(String value) {
        return ClientValues.quote(value);
    }
}
