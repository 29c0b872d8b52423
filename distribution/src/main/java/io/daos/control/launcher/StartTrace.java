package io.daos.control.launcher;

import java.io.PrintStream;
import java.time.Instant;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.ServiceListener;

/**
 * {@code -Ddaos.start.trace=true}: one stderr line per boot step, stamped with milliseconds
 * since the JVM process started (to the kernel's clock tick), for the start-up time breakdown:
 * each bundle's resolution and start (SCR activates a bundle's immediate components while it
 * starts) and each service registration. A measurement aid; off by default, and then nothing
 * is registered.
 */
final class StartTrace implements SynchronousBundleListener, ServiceListener {

    static final String PROPERTY = "daos.start.trace";

    private final long startMillis;
    private final PrintStream out;

    private StartTrace(long startMillis, PrintStream out) {
        this.startMillis = startMillis;
        this.out = out;
    }

    /** Registers the trace on {@code ctx} when {@value #PROPERTY} is true; else does nothing. */
    static void install(BundleContext ctx) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        long start = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        StartTrace t = new StartTrace(start, System.err);
        t.mark("framework initialised");
        ctx.addBundleListener(t);
        ctx.addServiceListener(t);
    }

    /** Prints {@code what} with the time since the process started. */
    void mark(String what) {
        out.println("TRACE +" + (System.currentTimeMillis() - startMillis) + " ms " + what);
    }

    @Override
    public void bundleChanged(BundleEvent ev) {
        String what = switch (ev.getType()) {
            case BundleEvent.RESOLVED -> "resolved";
            case BundleEvent.STARTING -> "starting";
            case BundleEvent.STARTED -> "started";
            default -> null;
        };
        if (what != null) {
            Bundle b = ev.getBundle();
            mark(what + " " + b.getSymbolicName());
        }
    }

    @Override
    public void serviceChanged(ServiceEvent ev) {
        if (ev.getType() == ServiceEvent.REGISTERED) {
            ServiceReference<?> r = ev.getServiceReference();
            Object cls = r.getProperty("objectClass");
            String name = cls instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(cls);
            mark("service " + name + " by " + r.getBundle().getSymbolicName());
        }
    }
}
