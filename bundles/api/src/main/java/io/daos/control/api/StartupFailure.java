package io.daos.control.api;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * How a component reports a fatal start-up error (bad config, occupied port) to the launcher,
 * which is not a bundle and cannot load our classes: the component registers a marker service
 * carrying the error as plain string properties. The launcher tracks the filter
 * {@link #FILTER}, prints {@code ERROR: <message>} (and the resolution line when present) and
 * exits non-zero. The property names are the contract; keep them in sync with the launcher.
 */
public final class StartupFailure {

    /** Property set on every failure report: the message, one line. */
    public static final String MESSAGE = "daos.startup.failure";
    /** Optional: fault domain (e.g. {@code config}). */
    public static final String DOMAIN = "daos.startup.failure.domain";
    /** Optional: fault code as a decimal string. */
    public static final String CODE = "daos.startup.failure.code";
    /** Optional: resolution text. */
    public static final String RESOLUTION = "daos.startup.failure.resolution";
    /** LDAP filter matching every report. */
    public static final String FILTER = "(" + MESSAGE + "=*)";

    private StartupFailure() {
    }

    /** Registers a report; unregister it if the failure is later cleared. */
    public static ServiceRegistration<Object> report(BundleContext ctx, String domain, int code,
            String message, String resolution) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MESSAGE, message);
        if (domain != null) {
            props.put(DOMAIN, domain);
        }
        if (code != 0) {
            props.put(CODE, Integer.toString(code));
        }
        if (resolution != null) {
            props.put(RESOLUTION, resolution);
        }
        return ctx.registerService(Object.class, new Object(), props);
    }
}
