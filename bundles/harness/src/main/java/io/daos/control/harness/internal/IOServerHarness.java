package io.daos.control.harness.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * The I/O server harness (SPEC-SERVER §3.5–3.7, §3.13): the list of {@link IOServerInstance}s and
 * the one harness thread that takes them through the {@link FormatGate} (storage checks, waits for
 * StorageFormat, superblock creation), start and ready, then watches them — restarting them on
 * StartRanks, or after an unexpected exit when the restart policy is on (back-off doubled on every
 * failed attempt, at most 30 s). {@link #close()} ends the thread, stops the processes (SIGTERM,
 * bounded wait, SIGKILL) and removes their sockets.
 */
final class IOServerHarness implements Harness, LocalInstances, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IOServerHarness.class.getName());

    /** StopRanks/StartRanks wait and the SIGTERM grace period of close(). */
    static final long WAIT_MS = 3_000;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final String STOPPED_DURING_START = "stopped on request during start-up";

    private final ServerConfig config;
    private final HarnessHooks hooks;
    private final AccessPoints accessPoints;
    private final InstanceCalls calls;
    private final InstanceLog instanceLog;
    private final List<IOServerInstance> instances;
    private final FormatGate gate;
    private final long restartBackoffMs;

    private final Object lock = new Object();
    private volatile boolean closed;
    private boolean startable;
    private boolean restartRequested;
    private boolean starting;
    /** The exit that ends the start in progress (guarded by lock). */
    private String pendingExit;
    private Thread thread;
    private volatile boolean bootstrapHost;
    private final HugepageShare hugepages;
    private final RankOpsLock rankOps = new RankOpsLock();
    /** {@code setpriv} giving every instance a parent-death SIGKILL, or null. */
    private volatile Path deathSignalWrapper;
    /** Counted down by close() once the instances are gone; the harness thread waits for it. */
    private final CountDownLatch reaped = new CountDownLatch(1);

    /**
     * @param listenAddress the framework property {@code daos.listen.address} (null when unset)
     * @param binary the daos_io_server executable
     * @param inheritedEnv environment handed down to the instances (before the configuration's)
     * @param logDir where {@code daos_io_server.log} goes when no instance names a log_file
     * @param restartBackoffMs 0: instances are never restarted automatically (the reference);
     *        otherwise an instance exiting after its start completed is restarted after this
     *        back-off, doubled on each failed attempt up to 30 s
     */
    IOServerHarness(ServerConfig config, String listenAddress, Path binary, Map<String, String> inheritedEnv,
            Path logDir, HarnessHooks hooks, long restartBackoffMs) {
        this.config = config;
        this.hooks = hooks;
        this.accessPoints = new AccessPoints(config, listenAddress);
        this.restartBackoffMs = restartBackoffMs;
        List<IOServerConfig> servers = config.servers().subList(0,
                Math.min(config.servers().size(), ServerConfig.MAX_IO_SERVERS));
        this.instanceLog = new InstanceLog(InstanceLog.pathFor(servers, logDir));
        Events events = new Events();
        List<IOServerInstance> list = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            IOServerRunner runner = new IOServerRunner(i, binary, inheritedEnv, instanceLog);
            list.add(new IOServerInstance(i, servers.get(i), config, hooks, accessPoints, runner, events));
        }
        this.instances = Collections.unmodifiableList(list);
        this.gate = new FormatGate(instances);
        this.calls = new InstanceCalls(instances, this::isStarted, config);
        this.hugepages = new HugepageShare(config, hooks);
    }

    /**
     * Spawns every instance through {@code <setpriv> --pdeathsig KILL --}, so that the kernel
     * kills it if daos_server dies without running its shutdown hooks (SIGKILL, crash). The
     * signal follows the spawning thread: every spawn happens on the harness thread, which lives
     * until close() has stopped the instances. Call before {@link #start()}; the wrapper is tried
     * once on the harness thread and dropped (logged) if it does not work.
     */
    public void useDeathSignalWrapper(Path setpriv) {
        this.deathSignalWrapper = setpriv;
    }

    /** Starts the harness thread (format gate, superblocks, instances). */
    public void start() {
        synchronized (lock) {
            if (thread != null || closed) {
                return;
            }
            thread = new Thread(this::run, "daos-harness");
            thread.setDaemon(true); // close() stops it
            thread.start();
        }
    }

    // ---------------------------------------------------------------- Harness
    @Override
    public int instanceCount() {
        return instances.size();
    }

    /** True once the harness has left the format gate (the superblocks exist). */
    @Override
    public boolean isStarted() {
        return gate.isLeft();
    }

    @Override
    public <T, E extends Exception> Optional<T> atFormatGate(GateWork<T, E> work) throws E, InterruptedException {
        return gate.atGate(work);
    }

    @Override
    public void storageReady(int index) {
        InstanceCalls.checkIndex(index, instances.size());
        gate.release(index);
    }

    @Override
    public byte[] callMsReplica(int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        return calls.callMs(method, body, timeout);
    }

    @Override
    public int msReplicaTargets() throws FaultException, IOException {
        return calls.msTargets();
    }

    @Override
    public byte[] callInstance(int index, int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        return calls.call(index, method, body, timeout);
    }

    @Override
    public List<io.daos.control.api.harness.LocalInstance> localInstances() {
        return calls.localInstances();
    }

    // ---------------------------------------------------------------- LocalInstances

    @Override
    public List<IOServerInstance> instances() {
        return instances;
    }

    /**
     * The checks of SPEC-SERVER §3.13 in the reference's order; a start already requested or
     * still under way counts as {@code already started} too, so that at most one start request
     * is ever pending (two could otherwise both pass while nothing runs yet).
     */
    @Override
    public void requestStart() throws RanksException {
        synchronized (lock) {
            if (!isStarted()) {
                throw new RanksException("can't start instances: harness not started");
            }
            if (!startable) {
                throw new RanksException("can't start instances: already running");
            }
            if (restartRequested || starting || instances.stream().anyMatch(IOServerInstance::running)) {
                throw new RanksException("can't start instances: already started");
            }
            restartRequested = true;
            lock.notifyAll();
        }
    }

    @Override
    public RankOpsLock rankOps() {
        return rankOps;
    }

    @Override
    public void awaitRunning(boolean all, List<IOServerInstance> which, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        synchronized (lock) {
            while (true) {
                long running = which.stream().filter(i -> i.running() && (!all || !restartRequested)).count();
                if (all ? running == which.size() : running == 0 && !starting) {
                    return;
                }
                long left = end - System.currentTimeMillis();
                if (left <= 0 || closed) {
                    return;
                }
                // exit reports notify the lock; spawns do not, hence the bounded wait
                lock.wait(Math.min(left, 50));
            }
        }
    }

    // ---------------------------------------------------------------- harness thread

    private void run() {
        try {
            deathSignalWrapper = IOServerRunner.usableDeathSignalWrapper(deathSignalWrapper);
            LOG.info("Waiting for DAOS I/O Server instance storage to be ready...");
            gate.pass(() -> closed);
            while (true) {
                try {
                    startInstances();
                } catch (StartAborted e) {
                    LOG.info("start of I/O server instances aborted: " + e.getMessage());
                }
                monitor();
                LOG.info("restarting I/O server instances");
            }
        } catch (HarnessClosed | InterruptedException e) {
            LOG.fine("harness stopped");
        } catch (Fatal e) {
            fatal("DAOS I/O Server exited with error: " + e.getMessage().strip(), null);
        } catch (RuntimeException e) {
            fatal("DAOS I/O Server exited with error: " + e, e);
        } finally {
            if (closed) {
                awaitReaped();
            }
        }
    }

    private void fatal(String message, Throwable cause) {
        if (!closed) {
            LOG.log(Level.SEVERE, message, cause);
            hooks.fatal(message);
        }
    }

    /** Keeps this (the spawning) thread alive until close() has stopped the instances. */
    private void awaitReaped() {
        boolean interrupted = false;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                long left = end - System.nanoTime();
                if (left <= 0 || reaped.await(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // close() interrupts to wake us; keep waiting for the reaping
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** §3.7 steps 2–3: spawn every instance, then finish their starts in index order. */
    private void startInstances() throws Fatal, HarnessClosed, InterruptedException, StartAborted {
        bootstrapHost = !instances.isEmpty() && accessPoints.bootstraps();
        synchronized (lock) {
            starting = true;
            pendingExit = null;
        }
        try {
            for (IOServerInstance inst : instances) {
                abortIfStopped();
                inst.start(hugepages.mb(), deathSignalWrapper);
            }
            for (IOServerInstance inst : instances) {
                StartAborted.finishUnlessStopped(inst, awaitReady(inst), bootstrapHost, STOPPED_DURING_START);
            }
        } finally {
            synchronized (lock) {
                starting = false;
                lock.notifyAll(); // a StopRanks waits for the start it stopped to unwind
            }
        }
    }

    /** StopRanks stopped an instance of this start: the rest are not spawned. */
    private void abortIfStopped() throws StartAborted {
        synchronized (lock) {
            if (pendingExit == STOPPED_DURING_START) {
                throw new StartAborted(pendingExit);
            }
        }
    }

    /** The ready notification of {@code inst}, unless the harness closes or an instance exits first. */
    private NotifyReadyReq awaitReady(IOServerInstance inst)
            throws Fatal, HarnessClosed, InterruptedException, StartAborted {
        synchronized (lock) {
            while (true) {
                NotifyReadyReq ready = inst.ready();
                if (ready != null) {
                    return ready;
                }
                if (closed) {
                    throw new HarnessClosed();
                }
                checkPendingExit();
                lock.wait();
            }
        }
    }

    /** Waits for close, a StartRanks request, or (restart policy) an instance that exited. */
    private void monitor() throws HarnessClosed, InterruptedException {
        long backoff = restartBackoffMs;
        while (true) {
            IOServerInstance toRestart = null;
            synchronized (lock) {
                while (toRestart == null) {
                    if (closed) {
                        throw new HarnessClosed();
                    }
                    if (restartRequested) {
                        restartRequested = false;
                        return;
                    }
                    if (restartBackoffMs > 0) {
                        toRestart = instances.stream().filter(IOServerInstance::exitedUnexpectedly).findFirst()
                                .orElse(null);
                    }
                    if (toRestart == null) {
                        lock.wait();
                    }
                }
                waitUnlessClosed(backoff);
                if (closed) {
                    throw new HarnessClosed();
                }
                if (restartRequested) { // StartRanks during the back-off: it restarts them all
                    restartRequested = false;
                    return;
                }
                starting = true;
                pendingExit = null;
            }
            LOG.info("restart policy: restarting instance " + toRestart.index);
            try {
                toRestart.start(hugepages.mb(), deathSignalWrapper);
                toRestart.finishStartup(awaitReady(toRestart), bootstrapHost);
                backoff = restartBackoffMs;
            } catch (Fatal | StartAborted e) {
                LOG.warning("restart of instance " + toRestart.index + " failed: " + e.getMessage().strip());
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            } finally {
                synchronized (lock) {
                    starting = false;
                    lock.notifyAll();
                }
            }
        }
    }

    /** Waits, holding the lock, up to {@code ms} or until the harness closes. */
    private void waitUnlessClosed(long ms) throws InterruptedException {
        waitUnless(ms, () -> false);
    }

    /** Waits (holding {@link #lock}) up to {@code ms}, returning early on close or once {@code done}. */
    private void waitUnless(long ms, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        for (long left = ms; left > 0 && !closed && !done.getAsBoolean(); left = end - System.currentTimeMillis()) {
            lock.wait(left);
        }
    }

    /** An instance of the start under way exited (holding {@link #lock}): stopped on request, or otherwise. */
    private void checkPendingExit() throws Fatal, StartAborted {
        if (pendingExit == STOPPED_DURING_START) {
            throw new StartAborted(pendingExit);
        }
        if (pendingExit != null) {
            throw new Fatal(pendingExit);
        }
    }

    /** What the instances report to and ask of this harness. */
    private final class Events implements IOServerInstance.Owner {
        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void pause(long ms) throws InterruptedException {
            synchronized (lock) {
                waitUnless(ms, () -> pendingExit != null);
            }
        }

        @Override
        public void checkStart() throws Fatal, StartAborted {
            synchronized (lock) {
                checkPendingExit();
            }
        }

        @Override
        public void readied(IOServerInstance instance) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        /** An instance's process exited (§3.7 step 4); a stale report of an earlier run is ignored. */
        @Override
        public void exited(IOServerInstance inst, Process p, String message) {
            Rank rank = null;
            boolean current = false;
            synchronized (lock) {
                if (inst.runner().process() == p) {
                    current = true;
                    Superblock sb = inst.superblock();
                    rank = sb == null ? null : sb.rank;
                    boolean any = instances.stream().anyMatch(IOServerInstance::running);
                    if (!any) {
                        startable = true;
                    }
                    if (starting && !inst.isSetUp() && !closed && pendingExit == null) {
                        pendingExit = inst.stopRequested() ? STOPPED_DURING_START : message;
                    }
                    if (!closed) {
                        LOG.info("instance exited: " + message + (any ? "" : ", all instances stopped!"));
                    }
                }
                lock.notifyAll();
            }
            if (current && rank != null) {
                hooks.memberState(rank, MemberState.STOPPED);
            }
        }
    }

    /** The format gate (tests look at who waits for it). */
    FormatGate gate() {
        return gate;
    }

    /** The harness thread, or null before {@link #start()}. */
    Thread thread() {
        synchronized (lock) {
            return thread;
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Kills every child at once (the JVM shutdown hook, when close() did not run). */
    public void killAll() {
        for (IOServerInstance inst : instances) {
            inst.runner().kill();
        }
    }

    /**
     * Stops the harness thread and the instances: SIGTERM, up to 3 s, then SIGKILL (2 s more);
     * waits for their exits to be reported (their output is then in the instance log), closes
     * the dRPC clients and the instance log and removes {@code daos_io_server*.sock} from
     * socket_dir. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null) {
            t.interrupt(); // ends its waits, also at the format gate while a format holds it
        }
        List<IOServerRunner> alive = new ArrayList<>();
        for (IOServerInstance inst : instances) {
            if (inst.runner().shutdown()) {
                alive.add(inst.runner());
            }
        }
        long end = System.currentTimeMillis() + WAIT_MS;
        alive.forEach(r -> r.awaitExitOrKill(end));
        reaped.countDown();
        try {
            if (t != null) {
                t.join(5_000);
            }
            for (IOServerInstance inst : instances) {
                inst.dropDrpcClient();
                inst.runner().awaitReported(IOServerRunner.DRAIN_MS + 1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOServerRunner.removeSockets(config.socketDir());
        instanceLog.close();
    }
}
