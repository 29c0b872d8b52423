package io.daos.control.api.config;

/** {@code control_log_mask} values (case-insensitive in the file; default {@link #INFO}). */
public enum ControlLogMask {
    /** Accepted; no effect. */
    DISABLED,
    /** Only errors are logged. */
    ERROR,
    /** Default. */
    INFO,
    /** Debug logging. */
    DEBUG
}
