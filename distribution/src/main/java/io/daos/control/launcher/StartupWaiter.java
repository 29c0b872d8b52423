package io.daos.control.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * Waits, event-driven, for the first of: the rpc-server's readiness marker (a service with
 * {@code daos.grpc.port}), a start-up failure report (a service with {@code daos.startup.failure},
 * see {@code io.daos.control.api.StartupFailure}), a boot bundle that fails to start, or a stop
 * request. The launcher cannot load bundle classes, so only service properties are read.
 */
final class StartupWaiter implements AutoCloseable {

    static final String READY_PORT = "daos.grpc.port";
    static final String READY_ADDRESS = "daos.grpc.address";
    static final String READY_TLS_CA_CERT = "daos.grpc.tls.ca_cert";
    static final String READY_TLS_CERT = "daos.grpc.tls.cert";
    static final String FAILURE = "daos.startup.failure";
    static final String FAILURE_DOMAIN = "daos.startup.failure.domain";
    static final String FAILURE_CODE = "daos.startup.failure.code";
    static final String FAILURE_RESOLUTION = "daos.startup.failure.resolution";
    static final String FILTER = "(|(" + READY_PORT + "=*)(" + FAILURE + "=*))";

    /**
     * How start-up ended. Exactly one of the groups is meaningful, by {@code kind}: ready (address,
     * port and, secure only, the CA and server certificate paths) or failed (the rest; the
     * reporter is the symbolic name of the bundle that reported the failure, null if none did).
     */
    record Outcome(Kind kind, String address, String port, String caCert, String cert, String message,
            String domain, String code, String resolution, String reporter) {

        enum Kind { READY, FAILED, STOPPED }

        static Outcome failed(String message) {
            return new Outcome(Kind.FAILED, null, null, null, null, message, null, null, null, null);
        }

        /**
         * A failure as the console shows it: {@code ERROR: <message>} and, when the fault has a
         * resolution, {@code ERROR: <domain>: code = <code> resolution = "<resolution>"}.
         */
        void report(Log log) {
            log.error(message);
            if (resolution != null && !resolution.isEmpty()) {
                log.error((domain == null ? "server" : domain) + ": code = " + (code == null ? "0" : code)
                        + " resolution = \"" + resolution + "\"");
            }
        }
    }

    private final BundleContext ctx;
    private final String bootPrefix;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private final ServiceListener serviceListener = this::serviceChanged;
    private final FrameworkListener frameworkListener = this::frameworkEvent;

    /** {@code bootPrefix}: locations of bundles whose start failure is fatal. */
    StartupWaiter(BundleContext ctx, String bootPrefix) {
        this.ctx = ctx;
        this.bootPrefix = bootPrefix;
    }

    void open() throws InvalidSyntaxException {
        StartTrace.install(ctx);
        ctx.addFrameworkListener(frameworkListener);
        ctx.addServiceListener(serviceListener, FILTER);
        ServiceReference<?>[] existing = ctx.getServiceReferences((String) null, FILTER);
        if (existing != null) {
            for (ServiceReference<?> r : existing) {
                examine(r);
            }
        }
    }

    private void serviceChanged(ServiceEvent ev) {
        if (ev.getType() == ServiceEvent.REGISTERED || ev.getType() == ServiceEvent.MODIFIED) {
            examine(ev.getServiceReference());
        }
    }

    /** The failure a start-up failure report carries, or null if the service is not one. */
    static Outcome failureOf(ServiceReference<?> r) {
        Object msg = r.getProperty(FAILURE);
        if (msg == null) {
            return null;
        }
        Bundle reporter = r.getBundle();
        return new Outcome(Outcome.Kind.FAILED, null, null, null, null, String.valueOf(msg),
                str(r.getProperty(FAILURE_DOMAIN)), str(r.getProperty(FAILURE_CODE)),
                str(r.getProperty(FAILURE_RESOLUTION)), reporter == null ? null : reporter.getSymbolicName());
    }

    private void examine(ServiceReference<?> r) {
        Outcome failure = failureOf(r);
        if (failure != null) {
            result.complete(failure);
        } else if (r.getProperty(READY_PORT) != null) {
            result.complete(new Outcome(Outcome.Kind.READY, str(r.getProperty(READY_ADDRESS)),
                    str(r.getProperty(READY_PORT)), str(r.getProperty(READY_TLS_CA_CERT)),
                    str(r.getProperty(READY_TLS_CERT)), null, null, null, null, null));
        }
    }

    private void frameworkEvent(FrameworkEvent ev) {
        if (ev.getType() != FrameworkEvent.ERROR) {
            return;
        }
        Bundle b = ev.getBundle();
        if (b != null && b.getLocation().startsWith(bootPrefix)) {
            String why = ev.getThrowable() == null ? "unknown error" : Log.oneLine(ev.getThrowable());
            result.complete(Outcome.failed("bundle " + b.getSymbolicName() + " " + b.getVersion()
                    + " failed to start: " + why));
        }
    }

    /** Ends the wait with a failure the launcher itself found (a control log file that cannot be created). */
    void failed(String message) {
        result.complete(Outcome.failed(message));
    }

    /** Ends the wait because the server is being stopped. */
    void stopRequested() {
        result.complete(new Outcome(Outcome.Kind.STOPPED, null, null, null, null, null, null, null, null, null));
    }

    Outcome await(long timeoutMs) throws InterruptedException {
        try {
            Outcome o = result.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (o.kind() == Outcome.Kind.READY) {
                markArchiveUsable(System.getProperty(CDS_DUMP));
            }
            return o;
        } catch (TimeoutException e) {
            return Outcome.failed("the control server did not become ready within "
                    + (timeoutMs / 1000) + " s (no gRPC readiness marker and no start-up failure report)");
        } catch (ExecutionException e) {
            return Outcome.failed(Log.oneLine(e.getCause()));
        }
    }

    /**
     * {@code bin/daos_server} records a class-data archive at exit into this file (its first
     * start of a tree) and keeps the archive only when {@code <file>.ok} exists: only a start that
     * became ready loaded the classes a start needs.
     */
    static final String CDS_DUMP = "daos.cds.dump";

    /** Writes {@code <archive>.ok} (nothing when {@code archive} is null); a failure only costs the archive. */
    static void markArchiveUsable(String archive) {
        if (archive == null || archive.isEmpty()) {
            return;
        }
        try {
            Files.write(Path.of(archive + ".ok"), new byte[0]);
        } catch (IOException | RuntimeException e) {
            // the next start records the archive again
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    @Override
    public void close() {
        try {
            ctx.removeServiceListener(serviceListener);
            ctx.removeFrameworkListener(frameworkListener);
        } catch (IllegalStateException ignore) {
            // framework already stopped
        }
    }
}
