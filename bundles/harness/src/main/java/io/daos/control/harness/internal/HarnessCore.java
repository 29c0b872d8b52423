package io.daos.control.harness.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.jna.LibC;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.srv.BioErrorReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * The I/O server harness as plain Java (SPEC-SERVER §3.5–3.7, §3.13; SPEC-SYSTEM §1.5, §2.7):
 * format gate, superblocks, spawning and supervising {@code daos_io_server} processes, the
 * ready handshake and the *Ranks operations. All start-up work runs on one harness thread
 * started by {@link #start()}; {@link #close()} stops it, the processes (SIGTERM, bounded wait,
 * SIGKILL) and every helper thread.
 */
public final class HarnessCore implements Harness, DrpcModule, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HarnessCore.class.getName());

    /** Per-call timeout of the start-up dRPCs (SetRank, CreateMS, StartMS, SetUp). */
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);
    /** PingRanks dRPC timeout (SPEC-SYSTEM §2.7.3). */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(3);
    /** StopRanks/StartRanks wait and the SIGTERM grace period of close(). */
    static final long WAIT_MS = 3_000;
    static final long JOIN_RETRY_MS = 3_000;
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    /** What the harness needs from its surroundings (OSGi services, gRPC). */
    public interface Hooks {
        /** One Join attempt to the first access point. */
        JoinResp join(JoinReq req, Duration timeout) throws Exception;

        /** Local MS registration (SPEC-SYSTEM §1.5 step 2): add or update the member. */
        void memberStarted(Member member);

        /** An instance with a known rank changed state (exit → Stopped). */
        void memberState(Rank rank, MemberState state);

        /** A fatal harness error: the server must stop. */
        void fatal(String message);

        /**
         * The SCM format check (SPEC-SERVER §4.5) when a storage provider is available; without
         * one the answer is false and the superblock file alone decides.
         */
        default boolean scmNeedsFormat(IOServerConfig config) throws Exception {
            return false;
        }

        /** Mounts formatted SCM before its superblock is read (no-op when mounted). */
        default void mountScm(IOServerConfig config) throws Exception {
        }

        /** Block-device preparation at every instance start (file class: backing files). */
        default void prepareBdevs(IOServerConfig config) throws Exception {
        }

        /** (Re)writes {@code daos_nvme.conf} at every instance start. */
        default void writeNvmeConf(IOServerConfig config) throws Exception {
        }

        /** Free hugepage memory of the host in MiB ({@code /proc/meminfo}), for {@code -r}. */
        default long freeHugepageMB() throws Exception {
            return 0;
        }
    }

    /** Start-up error that stops the server. */
    static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message);
        }
    }

    /** A start was cut short by StopRanks: not fatal, back to monitoring. */
    private static final class StartAborted extends Exception {
        private static final long serialVersionUID = 1L;

        StartAborted(String message) {
            super(message);
        }
    }

    private static final String STOPPED_DURING_START = "stopped on request during start-up";

    /** The harness was closed while waiting. */
    private static final class Closed extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private final ServerConfig config;
    /** {@code -r} once computed (-1: not yet; guarded by lock). */
    private long hugepagesMB = -1;
    private final Path binary;
    private final Map<String, String> inheritedEnv;
    private final Path logDir;
    private final Hooks hooks;
    private final long selfPid = ProcessHandle.current().pid();
    private final List<Instance> instances;
    private final boolean restartOnExit;
    private final long restartBackoffMs;

    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile boolean started;
    private volatile boolean startable;
    private boolean restartRequested;
    private boolean starting;
    private String pendingExit;
    private Thread thread;
    private volatile String ap0Address;
    private volatile boolean bootstrapHost;
    private Writer instanceLog;
    /** {@code setpriv} used to give every instance a parent-death SIGKILL, or null. */
    private volatile Path deathSignalWrapper;
    /** Counted down by close() once the instances are gone; the harness thread waits for it. */
    private final java.util.concurrent.CountDownLatch reaped = new java.util.concurrent.CountDownLatch(1);

    /**
     * @param binary the daos_io_server executable
     * @param inheritedEnv environment handed down to the instances (before the config's)
     * @param logDir directory of the instance stdout/stderr logs when no log_file is configured
     * @param restartBackoffMs 0 = instances are never restarted automatically (the reference);
     *        otherwise an instance exiting after ready is restarted after this back-off, doubled
     *        on each failed attempt up to 30 s
     */
    public HarnessCore(ServerConfig config, Path binary, Map<String, String> inheritedEnv, Path logDir,
            Hooks hooks, long restartBackoffMs) {
        this.config = config;
        this.binary = binary;
        this.inheritedEnv = inheritedEnv;
        this.logDir = logDir;
        this.hooks = hooks;
        this.restartOnExit = restartBackoffMs > 0;
        this.restartBackoffMs = restartBackoffMs;
        List<Instance> list = new ArrayList<>();
        List<IOServerConfig> servers = config.servers();
        for (int i = 0; i < Math.min(servers.size(), ServerConfig.MAX_IO_SERVERS); i++) {
            list.add(new Instance(i, servers.get(i)));
        }
        this.instances = Collections.unmodifiableList(list);
    }

    /**
     * Spawns every instance through {@code <setpriv> --pdeathsig KILL --}, so that the kernel
     * kills it if daos_server dies without running its shutdown hooks (SIGKILL, crash). The
     * parent-death signal follows the spawning thread: all spawns happen on the harness thread,
     * which stays alive until close() has stopped the instances. Call before {@link #start()};
     * the wrapper is checked once on the harness thread and dropped (logged) if it does not work.
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
            thread.setDaemon(true);
            thread.start();
        }
    }

    // ---------------------------------------------------------------- Harness

    @Override
    public int instanceCount() {
        return instances.size();
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void storageReady(int index) {
        if (index < 0 || index >= instances.size()) {
            throw new IllegalArgumentException("instance index " + index + " is out of range ("
                    + instances.size() + " instances)");
        }
        Instance inst = instances.get(index);
        if (!started) {
            // its storage was just (re)formatted: a superblock read at the gate described the
            // wiped SCM, so drop it and let the superblock step write a new one (otherwise it
            // would live on in memory only and the next start would ask for format again)
            inst.superblock = null;
        }
        inst.storageReady.countDown();
    }

    @Override
    public byte[] callMsReplica(int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        if (!started || instances.isEmpty()) {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        Instance ms = instances.get(0);
        Superblock sb = ms.superblock;
        if (sb == null || !sb.ms) {
            throw new IOException("instance is not an access point");
        }
        DrpcClientImpl c = ms.drpc;
        if (c == null || !ms.running()) {
            throw new IOException("no dRPC client set (data plane not started?)");
        }
        return c.call(DrpcIds.MODULE_MGMT, method, body, timeout);
    }

    // ---------------------------------------------------------------- srv dRPC module (3)

    @Override
    public int moduleId() {
        return DrpcIds.MODULE_SRV;
    }

    @Override
    public byte[] handle(int method, byte[] body) throws DrpcException {
        switch (method) {
            case DrpcIds.SRV_NOTIFY_READY -> {
                NotifyReadyReq req;
                try {
                    req = NotifyReadyReq.parseFrom(body);
                } catch (InvalidProtocolBufferException e) {
                    throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD,
                            "unmarshal NotifyReady request: " + e.getMessage(), e);
                }
                Instance inst = checkedInstance(req.getInstanceIdx());
                Path sock = checkSocket("NotifyReady", req.getDrpcListenerSock());
                synchronized (lock) {
                    DrpcClientImpl old = inst.drpc;
                    inst.drpc = new DrpcClientImpl(sock, DrpcClientImpl.Sequence.GO);
                    if (old != null) {
                        old.close();
                    }
                    inst.ready = req;
                    lock.notifyAll();
                }
                LOG.fine(() -> "instance " + inst.index + " ready: " + TextFormat.shortDebugString(req));
                return new byte[0];
            }
            case DrpcIds.SRV_BIO_ERR -> {
                BioErrorReq req;
                try {
                    req = BioErrorReq.parseFrom(body);
                } catch (InvalidProtocolBufferException e) {
                    throw new DrpcException(DrpcStatus.FAILED_UNMARSHAL_PAYLOAD,
                            "unmarshal BioErr request: " + e.getMessage(), e);
                }
                Instance inst = checkedInstance(req.getInstanceIdx());
                checkSocket("BioErr", req.getDrpcListenerSock());
                LOG.severe("I/O server instance " + inst.index + " (target " + req.getTgtId()
                        + ") has detected blob I/O error! " + TextFormat.shortDebugString(req));
                return new byte[0];
            }
            default -> throw new DrpcException(DrpcStatus.UNKNOWN_METHOD, "unknown srv method " + method);
        }
    }

    private Instance checkedInstance(int idx) throws DrpcException {
        if (idx < 0 || idx >= instances.size()) {
            throw new DrpcException(DrpcStatus.FAILURE, "instance index " + Integer.toUnsignedString(idx)
                    + " is out of range (" + instances.size() + " instances)");
        }
        return instances.get(idx);
    }

    private static Path checkSocket(String what, String path) throws DrpcException {
        String prefix = "check " + what + " request socket path: ";
        if (path == null || path.isEmpty()) {
            throw new DrpcException(DrpcStatus.FAILURE, prefix + "socket path empty");
        }
        Path p = Path.of(path);
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DrpcException(DrpcStatus.FAILURE, prefix + "socket path \"" + path
                    + "\" could not be accessed: " + e, e);
        }
        if ((mode & 0170000) != 0140000) {
            throw new DrpcException(DrpcStatus.FAILURE, prefix + "path \"" + path + "\" is not a socket");
        }
        return p;
    }

    // ---------------------------------------------------------------- harness thread

    private void run() {
        try {
            checkDeathSignalWrapper();
            awaitStorage();
            createSuperblocks();
            started = true;
            while (true) {
                try {
                    startAll();
                } catch (StartAborted e) {
                    LOG.info("start of I/O server instances aborted: " + e.getMessage());
                }
                monitor();
                LOG.info("restarting I/O server instances");
            }
        } catch (Closed | InterruptedException e) {
            LOG.fine("harness stopped");
        } catch (Fatal e) {
            if (!closed) {
                String msg = "DAOS I/O Server exited with error: " + e.getMessage().strip();
                LOG.severe(msg);
                hooks.fatal(msg);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                String msg = "DAOS I/O Server exited with error: " + e;
                LOG.log(Level.SEVERE, msg, e);
                hooks.fatal(msg);
            }
        } finally {
            if (closed) {
                awaitReaped();
            }
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

    private void checkDeathSignalWrapper() {
        Path w = deathSignalWrapper;
        if (w == null) {
            return;
        }
        try {
            Process p = new ProcessBuilder(w.toString(), "--pdeathsig", "KILL", "--", "sh", "-c", "exit 0")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            LOG.warning(w + " --pdeathsig does not work here; instances are killed by the shutdown hook only");
        } catch (IOException e) {
            LOG.warning("cannot run " + w + ": " + e.getMessage() + "; instances are killed by the shutdown hook only");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deathSignalWrapper = null;
    }

    /** SPEC-SERVER §3.5: every instance without a readable superblock waits for storageReady. */
    private void awaitStorage() throws Closed, InterruptedException {
        LOG.info("Waiting for DAOS I/O Server instance storage to be ready...");
        for (Instance inst : instances) {
            boolean needsFormat;
            try {
                needsFormat = hooks.scmNeedsFormat(inst.config);
            } catch (Exception e) {
                LOG.warning("failed to check storage formatting: " + e.getMessage());
                needsFormat = true;
            }
            if (!needsFormat) {
                try {
                    hooks.mountScm(inst.config);
                    var sb = Superblock.read(inst.superblockPath);
                    if (sb.isPresent()) {
                        inst.superblock = sb.get();
                        continue;
                    }
                } catch (Exception e) {
                    LOG.warning("failed to check instance superblock: " + e.getMessage());
                }
            }
            if (inst.storageReady.getCount() > 0) {
                // a warning, so that it reaches the console of a foreground daos_server: nothing
                // happens until the administrator formats
                LOG.warning("SCM format required on instance " + inst.index
                        + "; awaiting format: run `dmg storage format` (here: bin/daos_grpc call"
                        + " ctl.MgmtCtl/StorageFormat '{}')");
            }
            inst.storageReady.await();
            if (closed) {
                LOG.info("DAOS I/O Server instance " + inst.index + " storage not ready: context canceled");
                throw new Closed();
            }
            LOG.info("DAOS I/O Server instance " + inst.index + " storage ready");
        }
    }

    /** SPEC-SERVER §3.6 and §4.9. */
    private void createSuperblocks() throws Fatal {
        for (Instance inst : instances) {
            if (inst.superblock != null) {
                continue;
            }
            try {
                var existing = Superblock.read(inst.superblockPath);
                if (existing.isPresent()) {
                    inst.superblock = existing.get();
                    continue;
                }
            } catch (IOException e) {
                if (!config.recreateSuperblocks()) {
                    throw new Fatal(e.getMessage());
                }
            }
            boolean replica = false;
            boolean bootstrap = false;
            if (inst.index == 0) {
                int apIndex = replicaIndex();
                replica = apIndex >= 0;
                bootstrap = apIndex == 0;
            }
            Superblock sb = Superblock.create(config.systemName(), inst.config.rank().orElse(null), replica, bootstrap);
            LOG.fine("creating " + inst.superblockPath + ": " + sb);
            try {
                Files.createDirectories(inst.superblockPath.getParent());
                sb.write(inst.superblockPath);
            } catch (IOException e) {
                throw new Fatal(e.getMessage());
            }
            inst.superblock = sb;
        }
    }

    /** MS replica decision (SPEC-SYSTEM §1.3): index of the matching access point, or -1. */
    int replicaIndex() throws Fatal {
        Set<InetAddress> local = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                local.addAll(Collections.list(ni.getInetAddresses()));
            }
        } catch (IOException e) {
            throw new Fatal("failed to list local interfaces: " + e.getMessage());
        }
        List<String> aps = config.accessPoints();
        for (int i = 0; i < aps.size(); i++) {
            String[] hp = splitHostPort(aps.get(i));
            if (Integer.parseInt(hp[1]) != config.port()) {
                continue;
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(hp[0])) {
                    if (local.contains(a)) {
                        return i;
                    }
                }
            } catch (UnknownHostException e) {
                throw new Fatal("failed to resolve access point " + aps.get(i) + ": " + e.getMessage());
            }
        }
        return -1;
    }

    static String[] splitHostPort(String ap) {
        int c = ap.lastIndexOf(':');
        if (c < 0 || ap.endsWith("]")) {
            return new String[] {ap, "10001"};
        }
        String host = ap.substring(0, c);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, ap.substring(c + 1)};
    }

    /** {@code access_points[0]} resolved to IP:port. */
    private String resolvedAp0() throws Fatal {
        String cached = ap0Address;
        if (cached != null) {
            return cached;
        }
        List<String> aps = config.accessPoints();
        if (aps.isEmpty()) {
            throw new Fatal("no access points defined");
        }
        String[] hp = splitHostPort(aps.get(0));
        try {
            String r = InetAddress.getByName(hp[0]).getHostAddress() + ":" + hp[1];
            ap0Address = r;
            return r;
        } catch (UnknownHostException e) {
            throw new Fatal("failed to resolve access point " + aps.get(0) + ": " + e.getMessage());
        }
    }

    /** §3.7 steps 2–3 for every instance. */
    private void startAll() throws Fatal, Closed, InterruptedException, StartAborted {
        bootstrapHost = !instances.isEmpty() && replicaIndex() == 0;
        synchronized (lock) {
            starting = true;
            pendingExit = null;
        }
        try {
            for (Instance inst : instances) {
                spawn(inst);
            }
            for (Instance inst : instances) {
                awaitReadyAndSetUp(inst);
            }
        } finally {
            synchronized (lock) {
                starting = false;
            }
        }
    }

    /** Waits for close, a StartRanks request, or (restart policy) an exited instance. */
    private void monitor() throws Closed, InterruptedException {
        long backoff = restartBackoffMs;
        while (true) {
            Instance toRestart = null;
            synchronized (lock) {
                while (true) {
                    if (closed) {
                        throw new Closed();
                    }
                    if (restartRequested) {
                        restartRequested = false;
                        return;
                    }
                    if (restartOnExit) {
                        for (Instance i : instances) {
                            if (i.process != null && !i.running() && i.setUp && !i.stopRequested) {
                                toRestart = i;
                                break;
                            }
                        }
                    }
                    if (toRestart != null) {
                        break;
                    }
                    lock.wait();
                }
                long end = System.currentTimeMillis() + backoff;
                for (long left = backoff; left > 0 && !closed; left = end - System.currentTimeMillis()) {
                    lock.wait(left);
                }
                if (closed) {
                    throw new Closed();
                }
                starting = true;
                pendingExit = null;
            }
            LOG.info("restart policy: restarting instance " + toRestart.index);
            try {
                spawn(toRestart);
                awaitReadyAndSetUp(toRestart);
                backoff = restartBackoffMs;
            } catch (Fatal | StartAborted e) {
                LOG.warning("restart of instance " + toRestart.index + " failed: " + e.getMessage().strip());
                backoff = Math.min(backoff * 2, 30_000);
            } finally {
                synchronized (lock) {
                    starting = false;
                }
            }
        }
    }

    /**
     * The {@code -r} value of SPEC-SERVER §3.4 step 2 when {@code set_hugepages} is true: the free
     * hugepage memory divided among the server entries, less 1/16 — read once, at the first
     * spawn (later spawns would see the pages the first I/O server took), then kept.
     */
    private long hugepagesMB() throws Fatal {
        if (!config.setHugepages()) {
            return 0;
        }
        synchronized (lock) {
            if (hugepagesMB < 0) {
                long free;
                try {
                    free = hooks.freeHugepageMB();
                } catch (Exception e) {
                    throw new Fatal("start failed: unable to read system hugepage info: " + e.getMessage());
                }
                long mem = free / Math.max(1, config.servers().size());
                hugepagesMB = mem - mem / 16;
            }
            return hugepagesMB;
        }
    }

    private void spawn(Instance inst) throws Fatal {
        IOServerConfig cfg = inst.config.withTargets(inst.targets);
        List<String> cmd = new ArrayList<>();
        Path wrapper = deathSignalWrapper;
        if (wrapper != null) {
            cmd.addAll(List.of(wrapper.toString(), "--pdeathsig", "KILL", "--"));
        }
        int argsFrom = cmd.size() + 1;
        cmd.add(binary.toString());
        Map<String, String> env;
        try {
            cmd.addAll(cfg.ioServerArgs(selfPid + inst.index + 1, hugepagesMB()));
            env = cfg.ioServerEnv(inheritedEnv, iface -> null);
        } catch (RuntimeException e) {
            throw new Fatal("start failed: " + e.getMessage());
        }
        try {
            hooks.prepareBdevs(cfg);
        } catch (Exception e) {
            throw new Fatal("start failed; unable to prepare NVMe device(s): " + e.getMessage());
        }
        try {
            hooks.writeNvmeConf(cfg);
        } catch (Exception e) {
            throw new Fatal("start failed; unable to generate NVMe configuration for SPDK: " + e.getMessage());
        }
        LOG.fine("daos_io_server:" + inst.index + " args: " + cmd.subList(argsFrom, cmd.size()));
        LOG.info("Starting I/O server instance " + inst.index + ": " + binary);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        synchronized (lock) {
            if (closed) {
                return;
            }
            DrpcClientImpl old = inst.drpc;
            if (old != null) {
                old.close();
            }
            inst.drpc = null;
            inst.ready = null;
            inst.setUp = false;
            inst.stopRequested = false;
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new Fatal(binary + " (instance " + inst.index + ") failed to start: " + e.getMessage());
            }
            inst.process = p;
            inst.outPump = pump(inst, p.getInputStream(), false);
            inst.errPump = pump(inst, p.getErrorStream(), true);
            p.onExit().thenAccept(this::onExit);
            lock.notifyAll();
        }
        Superblock sb = inst.superblock;
        if (sb != null && sb.ms) {
            if (sb.rank == null) {
                throw new Fatal("failed to get member from instance: nil rank in superblock");
            }
            hooks.memberStarted(new Member(sb.rank, sb.uuid, resolvedAp0(), MemberState.STARTED));
        }
    }

    private void onExit(Process p) {
        long now = System.nanoTime();
        Rank rank = null;
        String message = null;
        synchronized (lock) {
            for (Instance inst : instances) {
                if (inst.process == p) {
                    inst.exitNanos = now;
                    Superblock sb = inst.superblock;
                    rank = sb == null ? null : sb.rank;
                    boolean any = instances.stream().anyMatch(Instance::running);
                    message = binary + " (instance " + inst.index + ") exited: " + exitStatus(p.exitValue());
                    if (!any) {
                        startable = true;
                    }
                    if (starting && !inst.setUp && !closed && pendingExit == null) {
                        pendingExit = inst.stopRequested ? STOPPED_DURING_START : message;
                    }
                    if (!closed) {
                        LOG.info("instance exited: " + message + (any ? "" : ", all instances stopped!"));
                    }
                    break;
                }
            }
            lock.notifyAll();
        }
        if (rank != null && message != null) {
            hooks.memberState(rank, MemberState.STOPPED);
        }
    }

    static String exitStatus(int code) {
        if (code == 0) {
            return "process exited with 0";
        }
        if (code > 128 && code < 128 + 32) {
            int sig = code - 128;
            String name = switch (sig) {
                case 1 -> "hangup";
                case 2 -> "interrupt";
                case 3 -> "quit";
                case 6 -> "aborted";
                case 9 -> "killed";
                case 11 -> "segmentation fault";
                case 15 -> "terminated";
                default -> "signal " + sig;
            };
            return "signal: " + name;
        }
        return "exit status " + code;
    }

    private void awaitReadyAndSetUp(Instance inst) throws Fatal, Closed, InterruptedException, StartAborted {
        NotifyReadyReq ready;
        synchronized (lock) {
            while ((ready = inst.ready) == null) {
                if (closed) {
                    throw new Closed();
                }
                if (pendingExit == STOPPED_DURING_START) {
                    throw new StartAborted(pendingExit);
                }
                if (pendingExit != null) {
                    throw new Fatal(pendingExit);
                }
                lock.wait();
            }
        }
        Superblock sb = inst.superblock;
        Rank rank = sb.rank == null ? Rank.NIL : sb.rank;
        if (!sb.validRank || !sb.ms) {
            JoinReq req = JoinReq.newBuilder()
                    .setUuid(sb.uuid)
                    .setRank(rank.bits())
                    .setUri(ready.getUri())
                    .setNctxs(ready.getNctxs())
                    .setAddr("0.0.0.0:" + config.port())
                    .build();
            JoinResp resp = joinWithRetry(inst, req);
            rank = Rank.fromBits(resp.getRank());
            if (resp.getState() == JoinResp.State.OUT) {
                throw new Fatal("rank " + rank + " excluded");
            }
            if (!sb.validRank) {
                sb = sb.withRank(rank);
                writeSuperblock(inst, sb);
            }
        }
        daosCall(inst, DrpcIds.MGMT_SET_RANK, SetRankReq.newBuilder().setRank(rank.bits()).build().toByteArray(),
                "SetRank");
        if (ready.getNtgts() > 0) {
            inst.targets = ready.getNtgts();
        }
        if (sb.ms) {
            if (sb.createMs) {
                CreateMsReq.Builder cr = CreateMsReq.newBuilder();
                if (sb.bootstrapMs) {
                    cr.setBootstrap(true).setUuid(sb.uuid).setAddr(config.accessPoints().get(0));
                }
                daosCall(inst, DrpcIds.MGMT_CREATE_MS, cr.build().toByteArray(), "CreateMS");
                sb = sb.msCreated();
                writeSuperblock(inst, sb);
            }
            daosCall(inst, DrpcIds.MGMT_START_MS, new byte[0], "StartMS");
            LOG.info("Management Service access point started" + (bootstrapHost ? " (bootstrapped)" : ""));
        }
        try {
            daosCall(inst, DrpcIds.MGMT_SET_UP, new byte[0], "SetUp");
        } catch (Fatal e) {
            throw new Fatal("failed to load I/O server modules: " + e.getMessage());
        }
        inst.setUp = true;
        LOG.info("I/O server instance " + inst.index + " started on rank " + rank);
    }

    private void writeSuperblock(Instance inst, Superblock sb) throws Fatal {
        try {
            sb.write(inst.superblockPath);
        } catch (IOException e) {
            throw new Fatal(e.getMessage());
        }
        inst.superblock = sb;
    }

    private JoinResp joinWithRetry(Instance inst, JoinReq req) throws Closed, InterruptedException {
        while (true) {
            if (closed) {
                throw new Closed();
            }
            try {
                JoinResp resp = hooks.join(req, JOIN_TIMEOUT);
                if (resp.getStatus() == 0) {
                    return resp;
                }
                LOG.warning("instance " + inst.index + " Join: status " + resp.getStatus() + "; retrying in 3 s");
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warning("instance " + inst.index + " Join: " + e.getMessage() + "; retrying in 3 s");
            }
            synchronized (lock) {
                long end = System.currentTimeMillis() + JOIN_RETRY_MS;
                for (long left = JOIN_RETRY_MS; left > 0 && !closed; left = end - System.currentTimeMillis()) {
                    lock.wait(left);
                }
            }
        }
    }

    private void daosCall(Instance inst, int method, byte[] body, String name) throws Fatal {
        DrpcClientImpl c = inst.drpc;
        if (c == null) {
            throw new Fatal(name + ": no dRPC client set (data plane not started?)");
        }
        byte[] reply;
        try {
            reply = c.call(DrpcIds.MODULE_MGMT, method, body, SETUP_TIMEOUT);
        } catch (DrpcException | IOException e) {
            throw new Fatal(name + ": " + e.getMessage());
        }
        DaosResp resp;
        try {
            resp = DaosResp.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            throw new Fatal("unmarshal " + name + " response: " + e.getMessage());
        }
        if (resp.getStatus() != 0) {
            throw new Fatal(name + ": " + resp.getStatus() + "\n");
        }
    }

    // ---------------------------------------------------------------- instance output

    private Thread pump(Instance inst, InputStream in, boolean isErr) {
        String prefix = "daos_io_server:" + inst.index + " ";
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    writeInstanceLog(prefix + line);
                    if (isErr) {
                        LOG.warning(prefix + line);
                    } else {
                        LOG.fine(prefix + line);
                    }
                }
            } catch (IOException ignore) {
                // process gone
            }
        }, "daos-harness-" + inst.index + (isErr ? "-stderr" : "-stdout"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@code <dir of log_file of instance 0, or the log dir>/daos_io_server.log}. */
    Path instanceLogPath() {
        for (Instance i : instances) {
            String lf = i.config.logFile();
            if (lf != null && !lf.isEmpty() && Path.of(lf).getParent() != null) {
                return Path.of(lf).getParent().resolve("daos_io_server.log");
            }
        }
        return logDir.resolve("daos_io_server.log");
    }

    private synchronized void writeInstanceLog(String line) {
        try {
            if (instanceLog == null) {
                Path p = instanceLogPath();
                Files.createDirectories(p.getParent());
                instanceLog = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            instanceLog.write(line);
            instanceLog.write('\n');
            instanceLog.flush();
        } catch (IOException e) {
            LOG.fine("instance log: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- *Ranks (SPEC-SYSTEM §2.7)

    /** Thrown for call-level errors (the gRPC error message). */
    public static final class RanksException extends Exception {
        private static final long serialVersionUID = 1L;

        RanksException(String message) {
            super(message);
        }
    }

    private List<Instance> selected(RanksReq req) throws RanksException {
        if (req == null) {
            throw new RanksException("nil request");
        }
        List<Instance> out = new ArrayList<>();
        for (Instance inst : instances) {
            Superblock sb = inst.superblock;
            if (sb == null) {
                throw new RanksException("nil superblock");
            }
            if (sb.rank == null) {
                throw new RanksException("nil rank in superblock");
            }
            if (req.getRanksCount() == 0 || req.getRanksList().contains(sb.rank.bits())) {
                out.add(inst);
            }
        }
        return out;
    }

    private static RanksResp.RankResult result(Instance inst, String action, MemberState state, String msg) {
        RanksResp.RankResult.Builder b = RanksResp.RankResult.newBuilder()
                .setRank(inst.superblock.rank.bits())
                .setAction(action)
                .setState(state.code());
        if (msg != null) {
            b.setErrored(true).setMsg(msg);
        }
        return b.build();
    }

    private RanksResp.RankResult drpcResult(Instance inst, String action, int method, Duration timeout,
            MemberState target) {
        Rank r = inst.superblock.rank;
        DrpcClientImpl c = inst.drpc;
        byte[] reply;
        try {
            if (c == null) {
                throw new IOException("no dRPC client set (data plane not started?)");
            }
            reply = c.call(DrpcIds.MODULE_MGMT, method, new byte[0], timeout);
        } catch (SocketTimeoutException e) {
            return result(inst, action, MemberState.UNRESPONSIVE, "timeout occurred");
        } catch (DrpcException | IOException e) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC failed: " + e.getMessage());
        }
        DaosResp resp;
        try {
            resp = DaosResp.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC unmarshal failed: " + e.getMessage());
        }
        if (resp.getStatus() != 0) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC returned DER " + resp.getStatus());
        }
        return result(inst, action, target, null);
    }

    /** PrepShutdownRanks (§2.7.1). */
    public RanksResp prepShutdown(RanksReq req) throws RanksException {
        RanksResp.Builder out = RanksResp.newBuilder();
        for (Instance inst : selected(req)) {
            out.addResults(inst.running()
                    ? drpcResult(inst, "prep shutdown", DrpcIds.MGMT_PREP_SHUTDOWN, SETUP_TIMEOUT, MemberState.STOPPING)
                    : result(inst, "prep shutdown", MemberState.STOPPED, null));
        }
        return out.build();
    }

    /** PingRanks (§2.7.3). */
    public RanksResp ping(RanksReq req) throws RanksException {
        RanksResp.Builder out = RanksResp.newBuilder();
        for (Instance inst : selected(req)) {
            out.addResults(inst.running()
                    ? drpcResult(inst, "ping", DrpcIds.MGMT_PING_RANK, PING_TIMEOUT, MemberState.STARTED)
                    : result(inst, "ping", MemberState.STOPPED, null));
        }
        return out.build();
    }

    /**
     * StopRanks (§2.7.2, SPEC-SERVER §3.13): SIGINT as the reference sends it (through libc
     * kill(2): the JDK can only send SIGTERM/SIGKILL), SIGKILL with {@code force}; waits up to
     * 3 s for every instance to have exited. An I/O server that ignores SIGINT (it inherited
     * SIG_IGN, e.g. daos_server started in the background of a non-interactive shell) gets SIGTERM
     * instead, which the reference would not send: there SIGINT is lost and the stop fails.
     */
    public RanksResp stop(RanksReq req) throws RanksException, InterruptedException {
        List<Instance> sel = selected(req);
        for (Instance inst : sel) {
            Process p = inst.process;
            if (p != null && p.isAlive()) {
                inst.stopRequested = true;
                if (req.getForce()) {
                    p.destroyForcibly();
                } else {
                    interrupt(p);
                }
            }
        }
        awaitRunning(false, WAIT_MS);
        RanksResp.Builder out = RanksResp.newBuilder();
        for (Instance inst : sel) {
            out.addResults(inst.running()
                    ? result(inst, "stop", MemberState.STARTED, "want Stopped, got Started")
                    : result(inst, "stop", MemberState.STOPPED, null));
        }
        return out.build();
    }

    /** SIGINT to {@code p}; SIGTERM when it ignores SIGINT or libc cannot be used. */
    static void interrupt(Process p) {
        if (ignores(p.pid(), LibC.SIGINT)) {
            LOG.fine(() -> "daos_io_server pid " + p.pid() + " ignores SIGINT: sending SIGTERM");
            p.destroy();
            return;
        }
        try {
            NativeLibraries.libc().kill((int) p.pid(), LibC.SIGINT);
        } catch (LibraryNotInstalledException | RuntimeException e) {
            LOG.warning("SIGINT to daos_io_server pid " + p.pid() + " failed (" + e.getMessage() + "): sending SIGTERM");
            p.destroy();
        }
    }

    /** Whether process {@code pid} ignores signal {@code sig} ({@code SigIgn} of /proc/pid/status). */
    static boolean ignores(long pid, int sig) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (mask & (1L << (sig - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc entry (already gone) or an unexpected format: assume the default disposition
        }
        return false;
    }

    /** StartRanks (§2.7.4): restarts every local instance; waits up to 3 s for all to run. */
    public RanksResp startRanks(RanksReq req) throws RanksException, InterruptedException {
        List<Instance> sel = selected(req);
        synchronized (lock) {
            if (!started) {
                throw new RanksException("can't start instances: harness not started");
            }
            if (!startable) {
                throw new RanksException("can't start instances: already running");
            }
            if (instances.stream().anyMatch(Instance::running)) {
                throw new RanksException("can't start instances: already started");
            }
            restartRequested = true;
            lock.notifyAll();
        }
        awaitRunning(true, WAIT_MS);
        RanksResp.Builder out = RanksResp.newBuilder();
        for (Instance inst : sel) {
            out.addResults(inst.running()
                    ? result(inst, "start", MemberState.STARTED, null)
                    : result(inst, "start", MemberState.STOPPED, "want Started, got Stopped"));
        }
        return out.build();
    }

    /** Waits until all instances run ({@code true}) or none runs ({@code false}), at most {@code ms}. */
    private void awaitRunning(boolean all, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        synchronized (lock) {
            while (true) {
                long running = instances.stream().filter(i -> i.running()
                        && (!all || !restartRequested)).count();
                if (all ? running == instances.size() : running == 0) {
                    return;
                }
                long left = end - System.currentTimeMillis();
                if (left <= 0 || closed) {
                    return;
                }
                // exits and spawns notify the lock; bounded wait for spawns, which do not
                lock.wait(Math.min(left, 50));
            }
        }
    }

    // ---------------------------------------------------------------- state for tests and the component

    /** The instance's current process, or null. */
    Process process(int index) {
        return instances.get(index).process;
    }

    Superblock superblock(int index) {
        return instances.get(index).superblock;
    }

    boolean isSetUp(int index) {
        return instances.get(index).setUp;
    }

    /** Kills every child at once (JVM shutdown hook when close() did not run). */
    public void killAll() {
        for (Instance inst : instances) {
            Process p = inst.process;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Stops the harness thread and the instances: SIGTERM, up to 3 s, then SIGKILL (2 s more);
     * removes {@code daos_io_server*.sock} left in socket_dir. Idempotent.
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
        for (Instance inst : instances) {
            inst.storageReady.countDown();
        }
        if (t != null) {
            t.interrupt();
        }
        List<Process> alive = new ArrayList<>();
        for (Instance inst : instances) {
            Process p = inst.process;
            if (p != null && p.isAlive()) {
                p.destroy();
                alive.add(p);
            }
        }
        long end = System.currentTimeMillis() + WAIT_MS;
        for (Process p : alive) {
            try {
                if (!p.waitFor(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    LOG.warning("daos_io_server pid " + p.pid() + " ignored SIGTERM; sending SIGKILL");
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        reaped.countDown();
        try {
            if (t != null) {
                t.join(5_000);
            }
            for (Instance inst : instances) {
                DrpcClientImpl c = inst.drpc;
                if (c != null) {
                    c.close();
                }
                for (Thread pt : new Thread[] {inst.outPump, inst.errPump}) {
                    if (pt != null) {
                        pt.join(2_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeInstanceSockets();
        synchronized (this) {
            if (instanceLog != null) {
                try {
                    instanceLog.close();
                } catch (IOException ignore) {
                    // nothing to do
                }
                instanceLog = null;
            }
        }
    }

    private void removeInstanceSockets() {
        String dir = config.socketDir();
        Path d = Path.of(dir == null || dir.isEmpty() ? "." : dir);
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "daos_io_server*.sock")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.fine("cannot clean " + d + ": " + e.getMessage());
        }
    }
}
