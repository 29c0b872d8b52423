package io.daos.control.launcher;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Level;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * {@code control_log_file}, {@code control_log_mask} and {@code control_log_json} (SPEC-SERVER
 * §3.1): the config bundle publishes them as properties of its ServerConfig service; when that
 * service appears this applies them to the bundles' logging ({@link BundleLogging#apply}). A log
 * file that cannot be created is a start-up failure ({@code create log file: <error>}). The
 * launcher cannot load bundle classes, so only the property strings are read.
 */
final class ControlLog implements AutoCloseable {

    /** Keep in sync with the config bundle's ConfigComponent. */
    static final String FILE = "daos.control.log.file";
    static final String MASK = "daos.control.log.mask";
    static final String JSON = "daos.control.log.json";
    static final String FILTER = "(" + MASK + "=*)";

    private final BundleLogging logging;
    private final Consumer<String> failure;
    private final ServiceListener listener = this::serviceChanged;
    private BundleContext ctx;

    /** Applies to {@code logging}; a failure's message goes to {@code failure}. */
    ControlLog(BundleLogging logging, Consumer<String> failure) {
        this.logging = logging;
        this.failure = failure;
    }

    /**
     * The JUL level of a {@code control_log_mask}: ERROR → SEVERE, WARN → WARNING, INFO → INFO,
     * DEBUG → FINE (case-insensitive); null for DISABLED or anything else (no change, as the
     * reference).
     */
    static Level level(String mask) {
        if (mask == null) {
            return null;
        }
        return switch (mask.strip().toUpperCase(Locale.ROOT)) {
            case "ERROR" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "DEBUG" -> Level.FINE;
            default -> null;
        };
    }

    /** The mask name of a JUL level, for the JSON lines: ERROR, WARN, INFO or DEBUG. */
    static String maskName(Level l) {
        int v = l.intValue();
        return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN"
                : v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    void watch(BundleContext context) throws InvalidSyntaxException {
        this.ctx = context;
        context.addServiceListener(listener, FILTER);
        ServiceReference<?>[] existing = context.getServiceReferences((String) null, FILTER);
        if (existing != null && existing.length > 0) {
            apply(existing[0]);
        }
    }

    private void serviceChanged(ServiceEvent ev) {
        if (ev.getType() == ServiceEvent.REGISTERED || ev.getType() == ServiceEvent.MODIFIED) {
            apply(ev.getServiceReference());
        }
    }

    private void apply(ServiceReference<?> r) {
        Object file = r.getProperty(FILE);
        String f = file == null ? "" : String.valueOf(file).strip();
        try {
            logging.apply(f.isEmpty() ? null : Path.of(f), level(String.valueOf(r.getProperty(MASK))),
                    Boolean.parseBoolean(String.valueOf(r.getProperty(JSON))));
        } catch (Exception e) {
            failure.accept("create log file: " + Log.oneLine(e));
        }
    }

    @Override
    public void close() {
        try {
            if (ctx != null) {
                ctx.removeServiceListener(listener);
            }
        } catch (IllegalStateException ignore) {
            // framework already stopped
        }
    }
}
