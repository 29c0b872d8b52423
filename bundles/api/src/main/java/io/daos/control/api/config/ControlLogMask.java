package io.daos.control.api.config;

/**
 * {@code control_log_mask} values (case-insensitive in the file; default {@link #INFO}); any other
 * value is the reference's parse error {@code "<value>" is not a valid log level}. {@link #WARN}
 * is ours (the reference has DISABLED, ERROR, INFO and DEBUG).
 */
public enum ControlLogMask {
    /** Accepted; no effect. */
    DISABLED,
    /** Only errors are logged. */
    ERROR,
    /** Warnings and errors are logged (not in the reference). */
    WARN,
    /** Default. */
    INFO,
    /** Debug logging. */
    DEBUG
}
