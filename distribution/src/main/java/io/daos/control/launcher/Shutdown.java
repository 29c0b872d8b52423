package io.daos.control.launcher;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * Stopping {@code daos_server start}: the first SIGTERM or SIGINT stops hot deploy and the
 * framework on a thread of its own, bounded by the stop timeout (after which the process halts
 * with {@link ExitStatus#RUNTIME}); later signals are ignored. Under systemd the stop is announced
 * first ({@code STOPPING=1}, {@link SystemdNotify}). A JVM shutdown hook does the same when the process
 * ends another way while the framework runs. The parts to stop are handed over as they are
 * created; a stop requested before there is a framework ends the start-up wait, and the start
 * command then stops what exists.
 */
final class Shutdown {

    private final Log log;
    private final long pid;
    private final IntConsumer halt;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile long stopTimeoutMs = 30_000;
    private volatile Framework framework;
    private volatile DeployWatcher deploy;
    private volatile StartupWaiter waiter;
    private volatile Thread stopper;
    private volatile SystemdNotify notify;

    /** For the process {@code pid}; a framework that does not stop in time halts the JVM. */
    Shutdown(Log log, long pid) {
        this(log, pid, Runtime.getRuntime()::halt);
    }

    /** {@code halt} is what happens when the framework does not stop in time (tests). */
    Shutdown(Log log, long pid, IntConsumer halt) {
        this.log = log;
        this.pid = pid;
        this.halt = halt;
    }

    /** Installs the SIGTERM/SIGINT handlers (where the JVM allows) and the shutdown hook. */
    void install() {
        try {
            for (String sig : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> requestStop());
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.debug("signal handlers not installed (" + Log.oneLine(e) + "); relying on the shutdown hook");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromHook, "daos-shutdown-hook"));
    }

    /** Where a stop is announced (systemd); none by default. */
    void notify(SystemdNotify n) {
        notify = n;
    }

    private void announce(String status) {
        SystemdNotify n = notify;
        if (n != null) {
            n.stopping(status);
        }
    }

    /** How long a stop waits for the framework (default 30 s). */
    void stopTimeoutMs(long ms) {
        stopTimeoutMs = ms;
    }

    /** The framework to stop. */
    void framework(Framework fwk) {
        framework = fwk;
    }

    /** Hot deploy, stopped before the framework. */
    void deployWatcher(DeployWatcher dw) {
        deploy = dw;
    }

    /** The start-up wait, ended by a stop request (at once, if one came already). */
    void startupWaiter(StartupWaiter w) {
        waiter = w;
        if (stopping.get()) {
            w.stopRequested();
        }
    }

    /** True once a stop was requested or has begun. */
    boolean stopping() {
        return stopping.get();
    }

    /** What a signal does: the first request stops on the thread {@code daos-stop}; later ones are ignored. */
    void requestStop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        StartupWaiter w = waiter;
        if (w != null) {
            w.stopRequested();
        }
        Thread t = new Thread(() -> {
            announce("stopping (signal)");
            stopNow();
        }, "daos-stop");
        stopper = t;
        t.start();
    }

    /** Stops hot deploy and the framework, waiting at most the stop timeout. */
    void stopNow() {
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
            long timeout = stopTimeoutMs;
            FrameworkEvent ev = fwk.waitForStop(timeout);
            if (ev.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.error("the OSGi framework did not stop within " + timeout + " ms; exiting anyway");
                halt.accept(ExitStatus.RUNTIME.code());
            }
        } catch (Exception e) {
            log.error("stopping the OSGi framework: " + Log.oneLine(e));
        }
    }

    /** The shutdown hook: stops a framework that is still running and not being stopped. */
    void stopFromHook() {
        Framework fwk = framework;
        if (fwk != null && (fwk.getState() & (Framework.ACTIVE | Framework.STARTING)) != 0 && !stopping.get()) {
            announce("stopping (JVM exit)");
            stopNow();
        }
    }

    /**
     * Blocks until the framework (if any) and the stop thread (if any) are done, then prints a
     * fatal error reported meanwhile and the shutting-down line.
     *
     * @return 0 after a normal shutdown; after a fatal error the {@link ExitStatus} of its report
     *         ({@link ExitStatus#RUNTIME}, or {@link ExitStatus#CONFIG} for the config bundle's)
     */
    int awaitStopped(FatalReports reports) {
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
        StartupWaiter.Outcome f = reports.fatal();
        if (f != null) {
            announce("failed: " + f.message());
            f.report(log);
        }
        log.info(Banner.shuttingDown(pid));
        return f != null ? ExitStatus.of(f, ExitStatus.RUNTIME).code() : ExitStatus.OK.code();
    }
}
