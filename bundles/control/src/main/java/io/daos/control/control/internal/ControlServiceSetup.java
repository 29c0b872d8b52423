package io.daos.control.control.internal;

import java.util.Optional;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

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
 * <p>A fatal result (faults 637, 643, 646, unreadable hugepage counters) is registered as a
 * {@link StartupFailure} report (the launcher prints {@code ERROR: <message>} and the resolution
 * line) and the framework is stopped, so daos_server exits 1; stopping the framework also stops
 * any instance the harness has started. As in the reference (§3.2: steps 5 and 7 precede
 * listening, step 8), the checks must finish before the rpc-server listens: the launcher treats a
 * report that comes before the gRPC readiness marker as a start-up failure (no banner). That
 * order is the bundle start levels' (features.xml): this bundle's must be below the
 * rpc-server's, and above the storage providers' so that both providers are bound here. At a
 * later start level the checks still run, but the banner comes first and the report races the
 * launcher's watch for fatal reports.
 */
@Component(immediate = true)
public final class ControlServiceSetup {

    private static final Logger LOG = Logger.getLogger(ControlServiceSetup.class.getName());

    @Reference
    private ServerConfig config;

    @Reference
    private BdevProvider bdev;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    private ScmProvider scm;

    private volatile ServiceRegistration<Object> failure;

    @Activate
    void activate(BundleContext context) {
        StartupChecks checks = new StartupChecks(config, bdev, scm, System.getProperty("user.name"),
                ControlServiceSetup::uid);
        failure = check(context, checks, () -> stopFramework(context)).orElse(null);
    }

    /**
     * Runs {@code checks}; on a fatal result registers the report and calls {@code stop}.
     *
     * @return the report's registration, empty when start-up may go on
     */
    static Optional<ServiceRegistration<Object>> check(BundleContext context, StartupChecks checks, Runnable stop) {
        Optional<StartupChecks.Failure> f = checks.run();
        if (f.isEmpty()) {
            return Optional.empty();
        }
        StartupChecks.Failure x = f.get();
        LOG.severe(x.message());
        ServiceRegistration<Object> reg = x.fault() == null
                ? StartupFailure.report(context, Faults.DOMAIN_SERVER, 0, x.message(), null)
                : StartupFailure.report(context, x.fault().displayDomain(), x.fault().code(), x.message(),
                        x.fault().hasResolution() ? x.fault().resolution() : null);
        stop.run();
        return Optional.of(reg);
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
        ServiceRegistration<Object> r = failure;
        failure = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        }
    }
}
