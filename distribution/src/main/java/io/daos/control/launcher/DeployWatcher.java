package io.daos.control.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * Hot deploy: watches {@code deploy/} with a {@link WatchService} (inotify on Linux, so a dropped
 * jar is seen at once rather than at the next poll). A jar that appears is installed and started,
 * one that changes is updated, one that disappears is uninstalled; both of the latter are followed
 * by a refresh of that bundle only. Only leaf bundles belong here (bundles that export nothing):
 * updating an exporter would refresh its importers.
 *
 * <p>A file is handled once it has been quiet for {@code settleMs}; a jar that is not yet a
 * readable zip while still being written is retried until it is stable. A jar that stays
 * unreadable, is not a bundle, or fails to install/resolve/start gets ONE log line naming the file
 * and the cause and is left out (a bundle that failed to start is uninstalled again), so the
 * running server is untouched; it is retried only when the file changes. Hidden files
 * ({@code .name}) and names not ending in {@code .jar} are ignored, so copying to
 * {@code .name.jar} or {@code name.jar.part} and renaming is the safe way to drop a jar.
 *
 * <p>All bundle operations run on one worker thread; {@link #close()} stops both threads with a
 * bounded wait.
 */
final class DeployWatcher implements AutoCloseable {

    static final String DEPLOY_PREFIX = "daos:deploy/";
    private static final Pattern JAR = Pattern.compile("[^.].*\\.jar");
    /** How long a jar that is still changing may stay unreadable before we give up on it. */
    private static final long STILL_WRITING_MS = 2_000;

    private final BundleContext ctx;
    private final Path dir;
    private final ProvisionState state;
    private final Log log;
    private final long settleMs;
    private final ScheduledExecutorService worker;
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
    /** File name -> fingerprint of a version we already reported as bad (not retried). */
    private final Map<String, String> rejected = new HashMap<>();
    /** File name -> (fingerprint, first seen unreadable at) while we wait for a writer. */
    private final Map<String, long[]> unreadableSince = new HashMap<>();
    private WatchService watcher;
    private Thread thread;
    private volatile boolean closed;

    DeployWatcher(BundleContext ctx, Path dir, ProvisionState state, Log log, long settleMs) {
        this.ctx = ctx;
        this.dir = dir;
        this.state = state;
        this.log = log;
        this.settleMs = settleMs;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daos-deploy");
            t.setDaemon(true);
            return t;
        });
    }

    static String location(String fileName) {
        return DEPLOY_PREFIX + fileName;
    }

    /**
     * Before the framework starts: uninstall cached deploy bundles whose jar is gone or changed,
     * so nothing stale is started with the framework (changed jars are installed again by the
     * first scan).
     */
    void pruneBeforeStart() {
        for (Bundle b : ctx.getBundles()) {
            String loc = b.getLocation();
            if (!loc.startsWith(DEPLOY_PREFIX)) {
                continue;
            }
            try {
                String fp = ProvisionState.fingerprint(dir.resolve(loc.substring(DEPLOY_PREFIX.length())));
                if (fp == null || !fp.equals(state.get(loc))) {
                    b.uninstall();
                    state.remove(loc);
                }
            } catch (IOException | BundleException | RuntimeException e) {
                log.warn("deploy: cannot prune " + loc + ": " + Log.oneLine(e));
            }
        }
        saveState();
    }

    /** Starts watching, then reconciles with what is already in the folder. */
    void start() throws IOException {
        Files.createDirectories(dir);
        watcher = dir.getFileSystem().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::watchLoop, "daos-deploy-watcher");
        thread.setDaemon(true);
        thread.start();
        worker.execute(this::scanAll);
    }

    private void watchLoop() {
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> ev : key.pollEvents()) {
                    if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                        worker.execute(this::scanAll);
                    } else {
                        String name = ((Path) ev.context()).getFileName().toString();
                        if (JAR.matcher(name).matches()) {
                            schedule(name, settleMs);
                        }
                    }
                }
                if (!key.reset()) {
                    log.error("deploy: " + dir + " is no longer watchable (deleted?); hot deploy stopped");
                    return;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing
        }
    }

    /** (Re)arms the settle timer of one file: each new event postpones the handling. */
    private void schedule(String name, long delayMs) {
        synchronized (pending) {
            if (closed) {
                return;
            }
            ScheduledFuture<?> f = pending.remove(name);
            if (f != null) {
                f.cancel(false);
            }
            pending.put(name, worker.schedule(() -> {
                synchronized (pending) {
                    pending.remove(name);
                }
                handle(name);
            }, delayMs, TimeUnit.MILLISECONDS));
        }
    }

    /** Reconciles the whole folder with the installed deploy bundles (start-up, overflow). */
    private void scanAll() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (JAR.matcher(n).matches() && Files.isRegularFile(p)) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            log.error("deploy: cannot list " + dir + ": " + Log.oneLine(e));
            return;
        }
        for (Bundle b : ctx.getBundles()) {
            String loc = b.getLocation();
            if (loc.startsWith(DEPLOY_PREFIX) && !names.contains(loc.substring(DEPLOY_PREFIX.length()))) {
                names.add(loc.substring(DEPLOY_PREFIX.length()));
            }
        }
        for (String n : names) {
            handle(n);
        }
    }

    /** Runs on the worker thread only. */
    private void handle(String name) {
        if (closed) {
            return;
        }
        Path jar = dir.resolve(name);
        String loc = location(name);
        Bundle existing = ctx.getBundle(loc);
        try {
            String fp = ProvisionState.fingerprint(jar);
            if (fp == null) {
                rejected.remove(name);
                unreadableSince.remove(name);
                if (existing != null) {
                    String what = describe(existing);
                    existing.uninstall();
                    state.remove(loc);
                    saveState();
                    Provisioner.refresh(ctx, List.of(existing), 30_000);
                    log.info("deploy: " + name + " removed; uninstalled " + what);
                }
                return;
            }
            if (existing != null && fp.equals(state.get(loc))) {
                return; // unchanged
            }
            if (fp.equals(rejected.get(name))) {
                return; // already reported, unchanged since
            }
            String problem = check(jar);
            if (problem != null) {
                long[] since = unreadableSince.get(name);
                long now = System.currentTimeMillis();
                if (since == null || since[0] != fp.hashCode()) {
                    since = new long[] {fp.hashCode(), now};
                    unreadableSince.put(name, since);
                }
                if (problem.startsWith("zip:") && now - since[1] < STILL_WRITING_MS) {
                    log.debug("deploy: " + name + " is not a complete jar yet; waiting for the writer");
                    schedule(name, Math.max(settleMs, 100)); // maybe still being written
                    return;
                }
                unreadableSince.remove(name);
                reject(name, fp, problem.startsWith("zip:") ? "not a readable jar: " + problem.substring(4) : problem);
                return;
            }
            unreadableSince.remove(name);
            String exports = exports(jar);
            if (exports != null) {
                log.warn("deploy: " + name + " exports packages (" + exports + "); only leaf bundles belong in "
                        + dir + ": updating or removing it refreshes every bundle importing them");
            }
            Bundle b;
            boolean updated = false;
            try (InputStream in = Files.newInputStream(jar)) {
                if (existing == null) {
                    b = ctx.installBundle(loc, in);
                } else {
                    existing.update(in);
                    b = existing;
                    updated = true;
                }
            } catch (BundleException e) {
                reject(name, fp, "install failed: " + Log.oneLine(e));
                return;
            }
            if (updated) {
                Provisioner.refresh(ctx, List.of(b), 30_000);
            }
            try {
                if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            } catch (BundleException | RuntimeException e) {
                try {
                    b.uninstall();
                    Provisioner.refresh(ctx, List.of(b), 30_000);
                } catch (BundleException | RuntimeException ignore) {
                    // reported below
                }
                state.remove(loc);
                saveState();
                reject(name, fp, describe(b) + " failed to start: " + Log.oneLine(e));
                return;
            }
            rejected.remove(name);
            state.put(loc, fp);
            saveState();
            log.info("deploy: " + name + (updated ? " changed; updated " : " added; started ") + describe(b));
        } catch (IOException | BundleException | RuntimeException e) {
            log.error("deploy: " + name + ": " + Log.oneLine(e));
        }
    }

    private void reject(String name, String fp, String why) {
        rejected.put(name, fp);
        log.error("deploy: " + dir.resolve(name) + ": " + why + " (ignored; the server is unchanged)");
    }

    /** Null if the file is a jar with a bundle manifest; else the problem ("zip:" = unreadable). */
    private static String check(Path jar) {
        Manifest mf;
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            mf = jf.getManifest();
            // read every entry header: a truncated central directory fails here
            jf.stream().count();
        } catch (IOException | RuntimeException e) {
            return "zip:" + Log.oneLine(e);
        }
        if (mf == null || mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
            return "not an OSGi bundle (no Bundle-SymbolicName in its manifest)";
        }
        return null;
    }

    /** The Export-Package header of a (readable) jar, or null. */
    private static String exports(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            Manifest mf = jf.getManifest();
            String e = mf == null ? null : mf.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            return e == null || e.isBlank() ? null : e.strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion();
    }

    private void saveState() {
        try {
            state.save();
        } catch (IOException e) {
            log.warn("deploy: cannot save launcher state: " + Log.oneLine(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (pending) {
            pending.values().forEach(f -> f.cancel(false));
            pending.clear();
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignore) {
                // closing anyway
            }
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
            if (thread != null) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
