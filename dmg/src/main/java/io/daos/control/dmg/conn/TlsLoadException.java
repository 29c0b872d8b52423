package io.daos.control.dmg.conn;

/**
 * The client's certificates could not be loaded. The message is what {@code dmg} prints, the
 * reference's {@code Unable to load Certificate Data: <reason>}; {@link #reason()} is the inner
 * text ({@code could not load caRoot: stat .daos/daosCA.crt: no such file or directory}, ...).
 */
public final class TlsLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the reference puts before the reason. */
    public static final String PREFIX = "Unable to load Certificate Data: ";

    private final String reason;

    TlsLoadException(String reason) {
        this(reason, null);
    }

    TlsLoadException(String reason, Throwable cause) {
        super(PREFIX + reason, cause);
        this.reason = reason;
    }

    /** The reason without the {@value #PREFIX} prefix. */
    public String reason() {
        return reason;
    }

    /** The same failure, its reason prefixed with {@code context: } (Go's error wrapping). */
    TlsLoadException wrap(String context) {
        return new TlsLoadException(context + ": " + reason, getCause());
    }
}
