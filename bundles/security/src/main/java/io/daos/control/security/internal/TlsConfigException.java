package io.daos.control.security.internal;

/**
 * A certificate, key or {@code transport_config} problem found while loading the TLS material
 * (SPEC-SYSTEM §5.2, §5.3). The message is the reference's text; the resolution says what the
 * operator should do about it (for instance {@code chmod 0600 /etc/daos/server.key}).
 */
public final class TlsConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String resolution;

    /**
     * @param message    the reference's text
     * @param resolution what to do about it; null or empty when nothing useful can be said
     */
    public TlsConfigException(String message, String resolution) {
        this(message, resolution, null);
    }

    /**
     * @param message    the reference's text
     * @param resolution what to do about it; null or empty when nothing useful can be said
     * @param cause      the underlying failure, or null
     */
    public TlsConfigException(String message, String resolution, Throwable cause) {
        super(message, cause);
        this.resolution = resolution == null ? "" : resolution;
    }

    /** What the operator should do; empty when nothing useful is known. */
    public String resolution() {
        return resolution;
    }

    /** A copy whose message is prefixed, as the reference wraps errors ({@code could not load cert: }). */
    TlsConfigException wrap(String prefix) {
        return new TlsConfigException(prefix + ": " + getMessage(), resolution, this);
    }
}
