package io.daos.control.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * Fatal errors reported while the server runs. A component that hits one (an I/O server that
 * exits before it is ready, SPEC-SERVER §3.7, or a start-up storage check) registers a failure
 * report like a start-up failure and stops the framework; this remembers the report so that the
 * process prints it and exits non-zero once the framework has stopped. Watched from framework
 * init on, so that a report made and withdrawn before the banner is not lost. Of several reports
 * the last one registered is kept.
 */
final class FatalReports {

    private static final String FILTER = "(" + StartupWaiter.FAILURE + "=*)";

    private final Log log;
    private final ServiceListener listener = this::serviceChanged;
    private volatile StartupWaiter.Outcome fatal;

    FatalReports(Log log) {
        this.log = log;
    }

    /** Starts watching {@code ctx}, taking a report already registered into account. */
    void watch(BundleContext ctx) {
        try {
            ctx.addServiceListener(listener, FILTER);
            ServiceReference<?>[] existing = ctx.getServiceReferences((String) null, FILTER);
            if (existing != null && existing.length > 0 && fatal == null) {
                fatal = StartupWaiter.failureOf(existing[0]);
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            log.debug("fatal error reports not watched: " + Log.oneLine(e));
        }
    }

    private void serviceChanged(ServiceEvent ev) {
        if (ev.getType() == ServiceEvent.REGISTERED) {
            StartupWaiter.Outcome f = StartupWaiter.failureOf(ev.getServiceReference());
            if (f != null) {
                fatal = f;
            }
        }
    }

    /** The fatal error reported so far, or null. */
    StartupWaiter.Outcome fatal() {
        return fatal;
    }
}
