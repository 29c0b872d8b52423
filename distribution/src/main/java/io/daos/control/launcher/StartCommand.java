package io.daos.control.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * {@code daos_server start}: locate the config file (SPEC-SERVER §1.1), boot Felix with the boot
 * features, start hot deploy, then wait (events only) for the gRPC readiness marker or a start-up
 * failure. Runs until SIGTERM/SIGINT, which stop the framework (bounded) and exit 0; a failure
 * exits with its {@link ExitStatus}. Under systemd ({@link SystemdNotify}) readiness is reported
 * once the gRPC server answers. The parts are classes of their own: {@link FrameworkProperties},
 * {@link BundleLogging}, {@link StorageLock}, {@link Shutdown}, {@link FatalReports},
 * {@link SystemdNotify} and {@link Banner}; this class only puts them in order.
 */
final class StartCommand {

    private final Path home;
    private final Log log;
    private final Cli.Invocation inv;
    private final long pid = Pid.current();
    private final long t0 = System.nanoTime();
    private final Shutdown shutdown;
    private final FatalReports fatal;
    private final SystemdNotify notify;
    /** Held for the life of the process: one server per bundle cache. */
    @SuppressWarnings("unused")
    private StorageLock lock;
    private ControlLog controlLog;

    StartCommand(Path home, Log log, Cli.Invocation inv) {
        this.home = home;
        this.log = log;
        this.inv = inv;
        this.shutdown = new Shutdown(log, pid);
        this.fatal = new FatalReports(log);
        // opens on a thread of its own meanwhile
        this.notify = SystemdNotify.fromEnvironment(log, UnixDatagram.libDir(home));
        shutdown.notify(notify);
    }

    /** Resolves the config file per SPEC-SERVER §1.1; null (after printing the error) if absent. */
    static Path locateConfig(Path home, String given, Log log) {
        Path cfg = given != null ? Path.of(given).toAbsolutePath().normalize()
                : home.resolve("etc").resolve("daos_server.yml");
        if (!Files.exists(cfg)) {
            log.error("failed to load config from " + cfg + ": stat " + cfg + ": no such file or directory");
            return null;
        }
        return cfg;
    }

    /** -b/--debug: how long each start-up phase took, in ms since the launcher's main. */
    private void timing(String what) {
        StartTrace.step(what);
        if (inv.flag("debug")) {
            log.debug(what + " at +" + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    /** {@link BundleLogging#configure} on the thread "daos-log-setup", which then warms the XML parser ({@link XmlWarmup}). */
    private CompletableFuture<BundleLogging> loggingSetup(FrameworkProperties fw, Path logDir) {
        CompletableFuture<BundleLogging> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(BundleLogging.configure(home.resolve("etc").resolve("logging.properties"), fw.map(),
                        logDir, inv.flag("debug")));
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
                return;
            }
            XmlWarmup.run(); // Felix is still initialising on the main thread: see XmlWarmup
        }, "daos-log-setup");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The exception {@code e} (of a task) wraps; an error is thrown as it is. */
    private static Exception cause(CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof Error err) {
            throw err;
        }
        return c instanceof Exception x ? x : e;
    }

    /**
     * The recording start's training (see {@link FirstCall}): one health check on the server's
     * port, on loopback when it listens on every address; none with TLS.
     */
    private static void firstCall(StartupWaiter.Outcome o) {
        if (o.caCert() != null || o.port() == null) {
            return;
        }
        try {
            FirstCall.healthCheck(trainingHost(o.address()), Integer.parseInt(o.port()), 10_000);
        } catch (NumberFormatException e) {
            // no port to call: the archive is recorded without the call's classes
        }
    }

    /**
     * The host the training call goes to, from the address the server reports ({@code host:port},
     * an IPv6 host in brackets): that host, or loopback when it listens on every address (or
     * reports none).
     */
    static String trainingHost(String address) {
        String host = address == null ? "" : address.strip();
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && (host.startsWith("[") ? host.lastIndexOf(']') < colon : host.indexOf(':') == colon)) {
            host = host.substring(0, colon); // the port
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return List.of("", "0.0.0.0", "::").contains(host) ? "127.0.0.1" : host;
    }

    int run() {
        timing("launcher main");
        Path config = locateConfig(home, inv.configPath(), log);
        if (config == null) {
            return ExitStatus.CONFIG.code();
        }
        // what an exception means: until the installation's files are read, a configuration error
        ExitStatus failure = ExitStatus.CONFIG;
        try {
            shutdown.install();
            FrameworkProperties fw = FrameworkProperties.load(home, config, inv);
            shutdown.stopTimeoutMs(fw.stopTimeoutMs());
            long startTimeoutMs = fw.startTimeoutMs();
            long settleMs = fw.settleMs();
            Path logDir = fw.logDir();
            // on a thread of its own while Felix initialises: ~30 ms of the main thread otherwise
            CompletableFuture<BundleLogging> loggingSetup = loggingSetup(fw, logDir);

            List<Features.BundleRef> boot = Features.parse(fw.featuresFile()).resolve(fw.bootFeatures());
            timing("features read");
            failure = ExitStatus.STARTUP;

            FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the class path (lib/boot)"));
            Path storageDir = fw.storageDir();
            lock = StorageLock.acquire(storageDir);
            Framework fwk = factory.newFramework(fw.map());
            shutdown.framework(fwk);
            fwk.init();
            timing("framework initialised");
            BundleLogging logging;
            try {
                logging = loggingSetup.join();
            } catch (CompletionException e) {
                failure = ExitStatus.CONFIG; // as when it ran first on this thread
                throw cause(e);
            }
            timing("logging configured");
            BundleContext ctx = fwk.getBundleContext();
            StartupWaiter w = new StartupWaiter(ctx, Provisioner.SYSTEM_PREFIX);
            w.open();
            fatal.watch(ctx); // from the start: a report made (and withdrawn) before the banner still counts
            controlLog = new ControlLog(logging, w::failed);
            controlLog.watch(ctx);
            shutdown.startupWaiter(w);
            ProvisionState state = new ProvisionState(storageDir.resolve(ProvisionState.FILE_NAME));
            List<Bundle> bundles = new Provisioner(ctx, state, log).provision(boot, fw.systemDir());
            DeployWatcher dw = new DeployWatcher(ctx, fw.deployDir(), state, log, settleMs);
            shutdown.deployWatcher(dw);
            dw.pruneBeforeStart();
            timing("boot bundles provisioned");
            Provisioner.resolve(ctx, bundles);
            timing("boot bundles resolved");
            fwk.start();
            timing("framework started");
            dw.start();

            StartupWaiter.Outcome o = w.await(startTimeoutMs);
            timing("start-up outcome " + o.kind());
            w.close();
            controlLog.close();
            switch (o.kind()) {
                case FAILED -> {
                    o.report(log);
                    notify.status("start-up failed: " + o.message());
                    shutdown.stopNow();
                    return ExitStatus.of(o, ExitStatus.STARTUP).code();
                }
                case STOPPED -> {
                    shutdown.stopNow(); // the signal may have come before there was a framework to stop
                    return shutdown.awaitStopped(fatal);
                }
                default -> {
                    Banner banner = new Banner(pid, o.address(), o.port(), home, config, logDir,
                            fw.get(FrameworkProperties.DEPLOY), Banner.Tls.of(o.caCert(), o.cert()));
                    log.info(banner.text());
                    logging.releaseConsole();
                    notify.ready(banner.headline());
                    ArchiveLinker.startIfRecording(ctx, () -> firstCall(o));
                    return shutdown.awaitStopped(fatal);
                }
            }
        } catch (Exception | LinkageError e) {
            if (shutdown.stopping()) {
                shutdown.stopNow();
                return shutdown.awaitStopped(fatal);
            }
            log.error(Log.oneLine(e));
            if (inv.flag("debug")) {
                e.printStackTrace();
            }
            notify.status("start-up failed: " + Log.oneLine(e));
            shutdown.stopNow();
            return failure.code();
        }
    }
}
