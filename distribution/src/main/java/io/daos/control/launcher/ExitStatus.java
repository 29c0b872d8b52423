package io.daos.control.launcher;

import java.util.Locale;

/**
 * What {@code daos_server} exits with. By default every error is 1, as the reference's
 * (SPEC-SERVER §2.1); with {@code DAOS_EXIT_CODES=distinct} in the environment (set by the
 * systemd unit, lib/systemd/daos_server.service) each kind of failure has a status of its own, the
 * BSD sysexits codes that {@code systemctl status} names, so that the unit's
 * {@code RestartPreventExitStatus=} can tell a configuration error (no restart helps) from a
 * start-up or run-time failure (a restart may). The table is in the README ("Running under
 * systemd").
 */
enum ExitStatus {

    /** A requested stop (SIGTERM, SIGINT) or a command that succeeded. */
    OK(0),
    /** Any other error (the inventory commands' failures). */
    ERROR(1),
    /** A command line that does not parse (EX_USAGE). */
    USAGE(64),
    /**
     * The server never became ready: a boot bundle failed, the port is taken, a storage check
     * failed, the start timeout passed (EX_UNAVAILABLE).
     */
    STARTUP(69),
    /**
     * The server failed after it was ready (a fatal error report: an I/O server that exited) or
     * did not stop within {@code daos.stop.timeout.ms} (EX_SOFTWARE).
     */
    RUNTIME(70),
    /**
     * The configuration is wrong: daos_server.yml missing or invalid, etc/config.properties or
     * etc/features.xml unreadable (EX_CONFIG). A restart cannot fix it.
     */
    CONFIG(78);

    /** The environment variable that selects the distinct codes. */
    static final String ENV = "DAOS_EXIT_CODES";
    /** Its value for the distinct codes. */
    static final String DISTINCT = "distinct";

    /** The bundle whose failure reports are configuration errors (daos_server.yml). */
    static final String CONFIG_BUNDLE = "io.daos.control.config";

    private static final boolean DISTINCT_CODES = distinct(System.getenv(ENV));

    private final int distinctCode;

    ExitStatus(int distinctCode) {
        this.distinctCode = distinctCode;
    }

    /** True if {@code value} of {@value #ENV} selects the distinct codes. */
    static boolean distinct(String value) {
        return value != null && DISTINCT.equals(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The status to exit with in this process (see {@link #ENV}). */
    int code() {
        return code(DISTINCT_CODES);
    }

    /** The status with distinct codes or with the reference's (0 or 1). */
    int code(boolean distinctCodes) {
        return distinctCodes ? distinctCode : this == OK ? 0 : 1;
    }

    /**
     * The status of a failure report: {@link #CONFIG} for the config bundle's (daos_server.yml
     * missing, unparsable or invalid), else {@code otherwise}.
     */
    static ExitStatus of(StartupWaiter.Outcome failure, ExitStatus otherwise) {
        return CONFIG_BUNDLE.equals(failure.reporter()) ? CONFIG : otherwise;
    }
}
