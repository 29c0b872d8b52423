package io.daos.control.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * {@code daos_server start}: locate the config file (SPEC-SERVER §1.1), boot Felix with the boot
 * features, start hot deploy, then wait (events only) for the gRPC readiness marker or a start-up
 * failure. Runs until SIGTERM/SIGINT, which stop the framework (bounded) and exit 0.
 */
final class StartCommand {

    static final String PROP_BOOT = "daos.features.boot";
    static final String PROP_FEATURES = "daos.features.file";
    static final String PROP_SYSTEM = "daos.system.dir";
    static final String PROP_DEPLOY = "daos.deploy.dir";
    static final String PROP_SETTLE = "daos.deploy.settle.ms";
    static final String PROP_LOG_DIR = "daos.log.dir";
    static final String PROP_START_TIMEOUT = "daos.start.timeout.ms";
    static final String PROP_STOP_TIMEOUT = "daos.stop.timeout.ms";

    private final Path home;
    private final Log log;
    private final Cli.Invocation inv;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final long pid = ProcessHandle.current().pid();
    private volatile Framework framework;
    private volatile DeployWatcher deploy;
    private volatile StartupWaiter waiter;
    /** A fatal error reported after start-up, if any. */
    private volatile StartupWaiter.Outcome fatal;
    private volatile Thread stopper;
    private long stopTimeoutMs = 30_000;
    /** Held for the life of the process: one server per bundle cache. */
    @SuppressWarnings("unused")
    private FileLock lock;

    StartCommand(Path home, Log log, Cli.Invocation inv) {
        this.home = home;
        this.log = log;
        this.inv = inv;
    }

    /**
     * Locks {@code <storage>.lock} (released by the OS when the process ends): two servers must
     * not share one bundle cache, where one would update or uninstall the other's bundles.
     */
    static FileLock lockStorage(Path storage) throws IOException {
        Path lockFile = storage.resolveSibling(storage.getFileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException("another daos_server is already running with the bundle cache " + storage
                    + " (lock " + lockFile + " is held): stop it, or run a separate copy of the distribution");
        }
        return l;
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

    /** Framework properties: etc/config.properties + overrides + substitution + CLI flags. */
    static Map<String, String> frameworkProperties(Path home, Path config, Cli.Invocation inv)
            throws IOException {
        if (System.getProperty("daos.home") == null) {
            System.setProperty("daos.home", home.toString());
        }
        Map<String, String> raw = Props.load(home.resolve("etc").resolve("config.properties"));
        Map<String, String> fw = Props.resolve(raw, System.getProperties(), System.getenv());
        fw.put("daos.home", home.toString());
        fw.put("daos.config", config.toString());
        fw.put("daos.version", Main.version());
        fw.putAll(inv.properties());
        return fw;
    }

    private final long t0 = System.nanoTime();

    /** -b/--debug: how long each start-up phase took, in ms since the launcher's main. */
    private void timing(String what) {
        if (inv.flag("debug")) {
            log.debug(what + " at +" + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    int run() {
        timing("launcher main");
        Path config = locateConfig(home, inv.configPath(), log);
        if (config == null) {
            return 1;
        }
        try {
            loadSystemProperties(home.resolve("etc").resolve("system.properties"));
            Map<String, String> fw = frameworkProperties(home, config, inv);
            stopTimeoutMs = Long.parseLong(fw.getOrDefault(PROP_STOP_TIMEOUT, "30000"));
            long startTimeoutMs = Long.parseLong(fw.getOrDefault(PROP_START_TIMEOUT, "60000"));
            Path logDir = Path.of(fw.getOrDefault(PROP_LOG_DIR, home.resolve("log").toString()));
            configureLogging(fw, logDir);
            timing("logging configured");

            Features features = Features.parse(Path.of(fw.get(PROP_FEATURES)));
            List<Features.BundleRef> boot = features.resolve(split(fw.get(PROP_BOOT)));
            timing("features read");

            installSignalHandlers();
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromHook, "daos-shutdown-hook"));

            FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the class path (lib/boot)"));
            Path storageDir = Path.of(fw.get(Constants.FRAMEWORK_STORAGE));
            lock = lockStorage(storageDir);
            Framework fwk = factory.newFramework(fw);
            framework = fwk;
            fwk.init();
            timing("framework initialised");
            BundleContext ctx = fwk.getBundleContext();
            StartupWaiter w = new StartupWaiter(ctx, Provisioner.SYSTEM_PREFIX);
            waiter = w;
            w.open();
            watchFatalReports(ctx); // from the start: a report made (and withdrawn) before the banner still counts
            if (stopping.get()) {
                w.stopRequested();
            }
            ProvisionState state = new ProvisionState(storageDir.resolve(ProvisionState.FILE_NAME));
            new Provisioner(ctx, state, log).provision(boot, Path.of(fw.get(PROP_SYSTEM)));
            DeployWatcher dw = new DeployWatcher(ctx, Path.of(fw.get(PROP_DEPLOY)), state, log,
                    Long.parseLong(fw.getOrDefault(PROP_SETTLE, "50")));
            deploy = dw;
            dw.pruneBeforeStart();
            timing("boot bundles provisioned");
            fwk.start();
            timing("framework started");
            dw.start();

            StartupWaiter.Outcome o = w.await(startTimeoutMs);
            timing("start-up outcome " + o.kind());
            w.close();
            switch (o.kind()) {
                case FAILED -> {
                    printFailure(o);
                    stopNow();
                    return 1;
                }
                case STOPPED -> {
                    stopNow(); // the signal may have come before there was a framework to stop
                    return awaitStopped();
                }
                default -> {
                    banner(o, config, logDir, fw);
                    showWarningsOnConsole();
                    return awaitStopped();
                }
            }
        } catch (Exception | LinkageError e) {
            if (stopping.get()) {
                stopNow();
                return awaitStopped();
            }
            log.error(Log.oneLine(e));
            if (inv.flag("debug")) {
                e.printStackTrace();
            }
            stopNow();
            return 1;
        }
    }

    private void banner(StartupWaiter.Outcome o, Path config, Path logDir, Map<String, String> fw) {
        String address = o.address() != null ? o.address() : "0.0.0.0:" + o.port();
        String examples = home.resolve("examples").toString();
        String deployDir = fw.get(PROP_DEPLOY);
        String tool = home.resolve("bin/daos_grpc") + ("10001".equals(o.port()) ? "" : " -a localhost:" + o.port());
        log.info("DAOS Control Server (pid " + pid + ") listening on " + address + "\n"
                + "  version: " + Main.version() + "\n"
                + "  config:  " + config + "\n"
                + "  logs:    " + logDir + "\n"
                + "  next:    in another terminal:\n"
                + "    " + tool + " health   # gRPC health of this server\n"
                + "    " + tool + " list     # the gRPC services served right now\n"
                + "    " + tool + " call ctl.MgmtCtl/StorageScan '{}'   # this node's SCM and NVMe inventory\n"
                + "    cp " + examples + "/*.jar " + deployDir + "/   # hot-add the example module\n"
                + "    " + tool + " call daos.control.example.Example/Echo '{\"text\":\"hi\"}'\n"
                + "    rm " + deployDir + "/*.jar   # withdraw it again\n"
                + "  stop:    Ctrl-C, or kill " + pid);
    }

    /** {@code ERROR: <message>} and, when the fault has one, its resolution line. */
    private void printFailure(StartupWaiter.Outcome o) {
        log.error(o.message());
        if (o.resolution() != null && !o.resolution().isEmpty()) {
            log.error((o.domain() == null ? "server" : o.domain()) + ": code = "
                    + (o.code() == null ? "0" : o.code()) + " resolution = \""
                    + o.resolution() + "\"");
        }
    }

    /**
     * A component that hits a fatal error (e.g. an I/O server that exits before it is ready,
     * SPEC-SERVER §3.7, or a start-up storage check) reports it like a start-up failure and stops
     * the framework: remember it, so the process then prints it and exits non-zero. Watched from
     * framework init on, so a report made and withdrawn before the banner is not lost.
     */
    private void watchFatalReports(BundleContext ctx) {
        try {
            ctx.addServiceListener(ev -> {
                if (ev.getType() == ServiceEvent.REGISTERED) {
                    StartupWaiter.Outcome f = StartupWaiter.failureOf(ev.getServiceReference());
                    if (f != null) {
                        fatal = f;
                    }
                }
            }, "(" + StartupWaiter.FAILURE + "=*)");
            ServiceReference<?>[] existing = ctx.getServiceReferences((String) null,
                    "(" + StartupWaiter.FAILURE + "=*)");
            if (existing != null && existing.length > 0) {
                fatal = StartupWaiter.failureOf(existing[0]);
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            log.debug("fatal error reports not watched: " + Log.oneLine(e));
        }
    }

    /** Blocks until the framework has stopped; 0 after a normal shutdown, 1 after a fatal error. */
    private int awaitStopped() {
        Framework fwk = framework;
        try {
            if (fwk != null) {
                fwk.waitForStop(0);
            }
            Thread s = stopper;
            if (s != null) {
                s.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StartupWaiter.Outcome f = fatal;
        if (f != null) {
            printFailure(f);
            log.info("DAOS Control Server (pid " + pid + ") shutting down");
            return 1;
        }
        log.info("DAOS Control Server (pid " + pid + ") shutting down");
        return 0;
    }

    /** First SIGTERM/SIGINT: stop (bounded) on a separate thread; later signals are ignored. */
    void requestStop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        StartupWaiter w = waiter;
        if (w != null) {
            w.stopRequested();
        }
        Thread t = new Thread(this::stopNow, "daos-stop");
        stopper = t;
        t.start();
    }

    /** Stops hot deploy and the framework, waiting at most the stop timeout. */
    private void stopNow() {
        stopping.set(true);
        DeployWatcher dw = deploy;
        if (dw != null) {
            dw.close();
        }
        Framework fwk = framework;
        if (fwk == null) {
            return;
        }
        try {
            fwk.stop();
            FrameworkEvent ev = fwk.waitForStop(stopTimeoutMs);
            if (ev.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.error("the OSGi framework did not stop within " + stopTimeoutMs + " ms; exiting anyway");
                Runtime.getRuntime().halt(1);
            }
        } catch (Exception e) {
            log.error("stopping the OSGi framework: " + Log.oneLine(e));
        }
    }

    private void stopFromHook() {
        Framework fwk = framework;
        if (fwk != null && (fwk.getState() & (Framework.ACTIVE | Framework.STARTING)) != 0
                && !stopping.get()) {
            stopNow();
        }
    }

    private void installSignalHandlers() {
        try {
            for (String sig : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> requestStop());
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.debug("signal handlers not installed (" + Log.oneLine(e) + "); relying on the shutdown hook");
        }
    }

    /** etc/system.properties into the JVM's system properties (a -D given on the command line wins). */
    static void loadSystemProperties(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, String> raw = Props.load(file);
        Map<String, String> resolved = Props.resolve(raw, new Properties(), Map.of());
        Properties sys = System.getProperties();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (sys.getProperty(e.getKey()) == null) {
                String v = Props.substitute(e.getValue(), resolved, sys, System.getenv(),
                        new java.util.ArrayDeque<>());
                System.setProperty(e.getKey(), v);
            }
        }
    }

    /**
     * java.util.logging for the bundles: etc/logging.properties with ${} substituted. The console
     * stays quiet until the server is ready (start-up errors are reported once, by the launcher);
     * the log file gets everything from the start.
     */
    private void configureLogging(Map<String, String> fw, Path logDir) throws IOException {
        Path file = home.resolve("etc").resolve("logging.properties");
        if (!Files.isRegularFile(file)) {
            return;
        }
        Files.createDirectories(logDir);
        StringBuilder sb = new StringBuilder();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            for (String k : p.stringPropertyNames()) {
                String v = Props.substitute(p.getProperty(k), fw, System.getProperties(), System.getenv(),
                        new java.util.ArrayDeque<>());
                sb.append(escape(k)).append('=').append(escape(v)).append('\n');
            }
        }
        LogManager.getLogManager().readConfiguration(
                new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.ISO_8859_1)));
        Logger root = Logger.getLogger("");
        if (inv.flag("debug")) {
            root.setLevel(Level.FINE);
        }
        Level shown = Level.OFF;
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                consoleLevel.add(new Object[] {h, h.getLevel()});
                if (h.getLevel().intValue() < shown.intValue()) {
                    shown = h.getLevel();
                }
                h.setLevel(Level.OFF);
            }
            if (inv.flag("debug")) {
                h.setLevel(Level.FINE);
            }
        }
        if (!consoleLevel.isEmpty() && !inv.flag("debug")) {
            heldBack.setLevel(shown);
            root.addHandler(heldBack);
        }
    }

    private final List<Object[]> consoleLevel = new ArrayList<>();
    /** What the quiet console would have shown during start-up (e.g. "SCM format required"). */
    private final HeldBack heldBack = new HeldBack();

    /**
     * After the banner: the console shows its configured levels again, first the records it
     * held back during start-up, so that a warning logged before the banner (an instance waiting
     * for format, development-mode storage) still reaches a foreground administrator.
     */
    private void showWarningsOnConsole() {
        synchronized (heldBack) {
            Logger.getLogger("").removeHandler(heldBack);
            for (Object[] hl : consoleLevel) {
                ((Handler) hl[0]).setLevel(inv.flag("debug") ? Level.FINE : (Level) hl[1]);
            }
            for (LogRecord r : heldBack.records) {
                for (Object[] hl : consoleLevel) {
                    ((Handler) hl[0]).publish(r);
                }
            }
            heldBack.records.clear();
        }
    }

    /** Collects the records the console would show, while it is quiet (bounded). */
    private static final class HeldBack extends Handler {
        private static final int MAX = 100;
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                synchronized (this) {
                    if (records.size() < MAX) {
                        records.add(r);
                    }
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!') {
                sb.append('\\').append(c);
            } else if (c > 0x7e || c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static List<String> split(String csv) {
        List<String> l = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    l.add(s.strip());
                }
            }
        }
        return l;
    }
}
