package io.daos.control.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs the boot features' bundles from {@code system/} into an initialised (not yet started)
 * framework whose cache is kept between runs. Locations are logical
 * ({@code daos:system/<maven path>}), so a copied distribution tree keeps its cache valid. A
 * bundle already in the cache is reused unless its jar changed since it was installed (then it
 * is updated); a cached system bundle that is no longer part of the boot features is
 * uninstalled.
 */
final class Provisioner {

    static final String SYSTEM_PREFIX = "daos:system/";

    private final BundleContext ctx;
    private final ProvisionState state;
    private final Log log;

    Provisioner(BundleContext ctx, ProvisionState state, Log log) {
        this.ctx = ctx;
        this.state = state;
        this.log = log;
    }

    static String location(Features.BundleRef ref) {
        return SYSTEM_PREFIX + ref.relativePath();
    }

    /** Returns the installed bundles in feature order. */
    List<Bundle> provision(List<Features.BundleRef> refs, Path systemDir)
            throws IOException, BundleException {
        List<Bundle> result = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        boolean changed = false;
        for (Features.BundleRef ref : refs) {
            Path jar = systemDir.resolve(ref.relativePath());
            String fp = ProvisionState.fingerprint(jar);
            if (fp == null) {
                throw new IOException("bundle " + ref.url() + " not found: " + jar);
            }
            String loc = location(ref);
            wanted.add(loc);
            Bundle b = ctx.getBundle(loc);
            if (b == null) {
                try (InputStream in = Files.newInputStream(jar)) {
                    b = ctx.installBundle(loc, in);
                }
                log.debug("installed " + b.getSymbolicName() + " " + b.getVersion() + " from " + jar);
            } else if (!fp.equals(state.get(loc))) {
                try (InputStream in = Files.newInputStream(jar)) {
                    b.update(in);
                }
                changed = true;
                log.debug("updated " + b.getSymbolicName() + " " + b.getVersion() + " from changed " + jar);
            }
            state.put(loc, fp);
            if (ref.startLevel() > 0) {
                b.adapt(BundleStartLevel.class).setStartLevel(ref.startLevel());
            }
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
            result.add(b);
        }
        List<Bundle> stale = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            String loc = b.getLocation();
            if (loc.startsWith(SYSTEM_PREFIX) && !wanted.contains(loc)) {
                stale.add(b);
            }
        }
        for (Bundle b : stale) {
            log.debug("uninstalling " + b.getSymbolicName() + " (no longer in the boot features)");
            b.uninstall();
            state.remove(b.getLocation());
            changed = true;
        }
        state.save();
        if (changed) {
            refresh(ctx, null, 30_000);
        }
        return result;
    }

    /**
     * Resolves {@code bundles}, and what they need, in one resolver run before the framework
     * starts (start-up time). Left to itself, Felix resolves each bundle when its start level
     * reaches it: one resolver run per bundle on the start-level thread, each gathering its
     * candidates afresh. Measured, the one run brings the first answered health check ~40 ms
     * sooner (BENCHMARKS.md). A bundle that cannot be resolved stays INSTALLED, and starting it
     * reports why, as it did before.
     *
     * @return whether every bundle was resolved
     */
    static boolean resolve(BundleContext ctx, List<Bundle> bundles) {
        return ctx.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).resolveBundles(bundles);
    }

    /** Refreshes {@code bundles} (null: all pending removal) and waits, bounded. */
    static boolean refresh(BundleContext ctx, List<Bundle> bundles, long timeoutMs) {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkWiring wiring = ctx.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.refreshBundles(bundles, ev -> {
            if (ev.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            return done.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
