package io.daos.control.control.internal;

import java.util.Optional;
import java.util.logging.Logger;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.daos.control.api.Registrations;
import io.daos.control.api.StartupChecksPassed;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;

/**
 * Runs the start-up storage checks of {@code daos_server start} once the configuration and the
 * block-device provider are there (SPEC-SERVER §3.2 steps 5 and 7, §3.3; the checks themselves
 * are {@link StartupChecks}): automatic NVMe prepare, hugepage and IOMMU checks, the presence of
 * the configured NVMe SSDs, and an SCM scan that warms the SCM provider's cache. All references
 * are static, so the checks run at each activation (start-up, or a replaced configuration or
 * provider); a later SCM provider does not re-run them.
 *
 * <p>When the checks pass, the component registers the {@link StartupChecksPassed} marker; the
 * rpc-server starts listening on the control port only once that marker is present, so the
 * reference's order (§3.2: steps 5 and 7 precede listening, step 8) is a service dependency and
 * holds whatever the bundles' start levels. A fatal result (faults 637, 643, 646, unreadable
 * hugepage counters) registers no marker: it is registered as a {@link StartupFailure} report
 * instead (the launcher prints {@code ERROR: <message>} and the resolution line) and the framework
 * is stopped, so daos_server exits 1 without ever listening; stopping the framework also stops any
 * instance the harness has started. Deactivation withdraws whichever of the two was registered
 * (the rpc-server keeps listening once it has started).
 */
// registered by hand once the checks passed, so declared here for resolvers that enforce DS's
// osgi.service requirements (stock Karaf): they read capabilities from manifests only
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.daos.control.api.StartupChecksPassed", uses = StartupChecksPassed.class)
@Component(immediate = true)
public final class ControlServiceSetup {

    private static final Logger LOG = Logger.getLogger(ControlServiceSetup.class.getName());

    @Reference
    private ServerConfig config;

    @Reference
    private BdevProvider bdev;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private ScmProvider scm;

    /** The StartupChecksPassed marker or the StartupFailure report, whichever the checks gave. */
    private volatile ServiceRegistration<?> outcome;

    /** The start-up SCM scan's thread (null once joined). */
    private volatile Thread scmScan;

    @Activate
    void activate(BundleContext context) {
        StartupChecks checks = new StartupChecks(config, bdev, scm, System.getProperty("user.name"),
                ControlServiceSetup::uid, this::scanInBackground);
        outcome = check(context, checks, () -> stopFramework(context));
    }

    /**
     * The start-up SCM scan (it only warms the provider's cache) on a thread of its own, so that
     * the gRPC server need not wait for it (about 20 ms of the start on a 2-core VM: the ipmctl
     * library's load and the module discovery); {@link #deactivate} joins it.
     */
    private void scanInBackground(Runnable scan) {
        Thread t = new Thread(scan, "daos-scm-scan");
        t.setDaemon(true);
        scmScan = t;
        t.start();
    }

    /**
     * Runs {@code checks}: when they pass, registers the {@link StartupChecksPassed} marker; on a
     * fatal result registers the {@link StartupFailure} report and calls {@code stop}.
     *
     * @return the registration made (the marker or the report)
     */
    static ServiceRegistration<?> check(BundleContext context, StartupChecks checks, Runnable stop) {
        Optional<StartupChecks.Failure> f = checks.run();
        if (f.isEmpty()) {
            LOG.fine("start-up checks passed");
            return context.registerService(StartupChecksPassed.class, new StartupChecksPassed() {
            }, null);
        }
        StartupChecks.Failure x = f.get();
        LOG.severe(x.message());
        ServiceRegistration<Object> reg = x.fault() == null
                ? StartupFailure.report(context, Faults.DOMAIN_SERVER, 0, x.message(), null)
                : StartupFailure.report(context, x.fault().displayDomain(), x.fault().code(), x.message(),
                        x.fault().hasResolution() ? x.fault().resolution() : null);
        stop.run();
        return reg;
    }

    /** Stops the framework from another thread (a component must not stop it from its activation). */
    private static void stopFramework(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.severe("cannot stop the server after a failed start-up check: " + e.getMessage());
            }
        }, "daos-startup-checks-stop");
        t.start();
    }

    /** The real uid (libc getuid); without libc, 0 only for the user named root. */
    static int uid() {
        try {
            return NativeLibraries.libc().getuid();
        } catch (LibraryNotInstalledException | LinkageError e) {
            LOG.fine(() -> "getuid unavailable (" + e + "), judging by user.name");
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<?> r = outcome;
        outcome = null;
        Registrations.unregister(r);
        Thread t = scmScan;
        scmScan = null;
        if (t != null) {
            try {
                t.join(SCAN_JOIN_MILLIS); // the provider bounds its calls; this bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warning("the start-up SCM scan is still running after " + SCAN_JOIN_MILLIS + " ms; left behind");
            }
        }
    }

    /** How long deactivation waits for a start-up SCM scan still running. */
    static final long SCAN_JOIN_MILLIS = 10_000;
}
