package io.daos.control.harness.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcClient;
import io.daos.control.api.drpc.DrpcClientFactory;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * One I/O server instance (SPEC-SERVER §3.4–3.10): its configuration and superblock, its place at
 * the format gate, its start sequence (storage preparation and spawn through its
 * {@link IOServerRunner}, then after the ready notification Join through its {@link JoinClient},
 * SetRank, CreateMS/StartMS and SetUp), its dRPC client to the I/O server and the member record it
 * registers when it is the replica of the one access point — once SetUp is done, never before (a
 * member is not Started before its engine can answer a ping). With several access points nothing
 * is registered locally: every instance Joins, and the replicated system DB holds the members. The harness drives the sequence from its one thread, through the
 * {@link FormatGate} first; the notifications and the *Ranks calls arrive on other threads.
 */
final class IOServerInstance {

    private static final Logger LOG = Logger.getLogger(IOServerInstance.class.getName());

    /** Per-call timeout of the start-up dRPCs (SetRank, CreateMS, StartMS, SetUp). */
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);
    /** Every dRPC call fails with this while the instance has no client (SPEC-SERVER §3.9). */
    static final String NO_DRPC_CLIENT = "no dRPC client set (data plane not started?)";

    /** What an instance tells, and asks of, the harness that owns it. */
    interface Owner {
        /** True once the harness is closing. */
        boolean isClosed();

        /** Waits up to {@code ms}, returning early when the harness closes or an instance of the start exits. */
        void pause(long ms) throws InterruptedException;

        /**
         * Whether the start under way may go on: as while it waits for a NotifyReady, a StopRanks
         * that stopped one of its instances aborts it, and another exit of one is fatal.
         *
         * @throws StartAborted StopRanks stopped an instance of this start
         * @throws Fatal an instance of this start exited otherwise
         */
        default void checkStart() throws Fatal, StartAborted {
        }

        /** The ready notification of the current run has arrived. */
        void readied(IOServerInstance instance);

        /** The process of a run ended and its output is in the instance log. */
        void exited(IOServerInstance instance, Process process, String message);
    }

    final int index;
    final IOServerConfig config;
    final Path superblockPath;
    private final ServerConfig server;
    private final HarnessHooks hooks;
    private final AccessPoints accessPoints;
    private final JoinClient joinClient;
    private final IOServerRunner runner;
    private final Owner owner;
    private volatile Superblock superblock;
    /** The NotifyReady of the current run, null until received. */
    private volatile NotifyReadyReq ready;
    /** Target count for {@code -t}: configured, then ntgts of the last ready message. */
    private volatile int targets;
    /** The current run completed SetUp. */
    private volatile boolean setUp;
    /** StopRanks stopped the current run (the restart policy leaves it alone). */
    private volatile boolean stopRequested;

    private final Object drpcLock = new Object();
    /** The I/O server's dRPC socket from NotifyReady; null until then (guarded by drpcLock). */
    private Path drpcSocket;
    private DrpcClientFactory clientFactory;
    private DrpcClient client;

    IOServerInstance(int index, IOServerConfig config, ServerConfig server, HarnessHooks hooks,
            AccessPoints accessPoints, IOServerRunner runner, Owner owner) {
        this.index = index;
        this.config = config;
        this.server = server;
        this.hooks = hooks;
        this.accessPoints = accessPoints;
        this.joinClient = new JoinClient(index, accessPoints, hooks, owner);
        this.runner = runner;
        this.owner = owner;
        this.superblockPath = Superblock.pathFor(config.scmMount());
        this.targets = config.targets();
    }

    // ---------------------------------------------------------------- format gate (§3.5)

    /**
     * The gate's check (the {@link FormatGate} holds the gate meanwhile): SCM needs no format,
     * it is mounted and its superblock reads (it is kept). A check error counts as "needs
     * format", a read error as "no superblock"; both are logged.
     */
    boolean storageUsable() {
        boolean needsFormat;
        try {
            needsFormat = hooks.scmNeedsFormat(config);
        } catch (Exception e) {
            LOG.warning("failed to check storage formatting: " + e.getMessage());
            needsFormat = true;
        }
        if (!needsFormat) {
            try {
                hooks.mountScm(config);
                Optional<Superblock> sb = Superblock.read(superblockPath);
                if (sb.isPresent()) {
                    superblock = sb.get();
                    return true;
                }
            } catch (Exception e) {
                LOG.warning("failed to check instance superblock: " + e.getMessage());
            }
        }
        return false;
    }

    /**
     * The storage was (re)formatted before the harness left the gate: a superblock read at the
     * gate described the wiped SCM and is dropped, so that a new one is written (kept in memory
     * only, the next start would ask for format again).
     */
    void storageFormatted() {
        superblock = null;
    }

    // ---------------------------------------------------------------- superblock (§3.6, §4.9)

    /**
     * Reads the superblock or writes a new one. Only instance 0 may be an MS replica, as the
     * access points decide; it bootstraps (rank 0 unless configured, valid at once) only when its
     * host is the one access point. With several access points a replica gets the configured
     * rank or none, not valid: its rank comes from its Join like every other instance's.
     */
    void createSuperblock() throws Fatal {
        if (superblock != null) {
            return;
        }
        try {
            Optional<Superblock> existing = Superblock.read(superblockPath);
            if (existing.isPresent()) {
                superblock = existing.get();
                return;
            }
        } catch (IOException e) {
            if (!server.recreateSuperblocks()) {
                throw new Fatal(e.getMessage());
            }
        }
        boolean replica = false;
        boolean bootstrap = false;
        if (index == 0) {
            int ap = accessPoints.replicaIndex();
            replica = ap >= 0;
            bootstrap = ap == 0 && !accessPoints.several();
        }
        Superblock sb = Superblock.create(server.systemName(), config.rank().orElse(null), replica, bootstrap);
        LOG.fine("creating " + superblockPath + ": " + sb);
        try {
            Files.createDirectories(superblockPath.getParent());
        } catch (IOException e) {
            throw new Fatal(e.getMessage());
        }
        writeSuperblock(sb);
    }

    private void writeSuperblock(Superblock sb) throws Fatal {
        try {
            sb.write(superblockPath);
        } catch (IOException e) {
            throw new Fatal(e.getMessage());
        }
        superblock = sb;
    }

    // ---------------------------------------------------------------- start (§3.7 step 2, §3.8)

    /**
     * Prepares the block devices, writes the SPDK configuration and spawns the I/O server. Its
     * exit closes the dRPC client and removes the sockets it left (see
     * {@link IOServerRunner#removeSocketsOf}) before the owner hears of it.
     *
     * @param wrapper the parent-death-signal wrapper, or null
     * @throws HarnessClosed the harness closed before the spawn
     * @throws StartAborted the process of the last run is still running (never two at once)
     */
    void start(long hugepagesMB, Path wrapper) throws Fatal, HarnessClosed, StartAborted {
        if (running()) {
            throw new StartAborted("instance " + index + " is still running");
        }
        IOServerConfig cfg = config.withTargets(targets);
        IOServerRunner.Launch launch;
        try {
            launch = runner.launch(cfg, hugepagesMB, wrapper);
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
        LOG.fine("daos_io_server:" + index + " args: " + launch.args());
        LOG.info("Starting I/O server instance " + index + ": " + runner.binary());
        dropDrpcClient();
        ready = null;
        setUp = false;
        stopRequested = false;
        Process p;
        try {
            p = runner.start(launch, (process, message) -> {
                ended(process);
                owner.exited(this, process, message);
            });
        } catch (IOException e) {
            throw new Fatal(runner.binary() + " (instance " + index + ") failed to start: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new StartAborted(e.getMessage());
        }
        if (p == null || owner.isClosed()) {
            throw new HarnessClosed(); // a process spawned meanwhile is close()'s to stop
        }
        Superblock sb = superblock;
        if (sb != null && sb.ms && !accessPoints.several()) {
            if (sb.rank == null) {
                throw new Fatal("failed to get member from instance: nil rank in superblock");
            }
            // known from the superblock, but Unknown until SetUp (a query meanwhile must not decide)
            hooks.memberRegistered(new Member(sb.rank, sb.uuid, accessPoints.resolvedFirst(), MemberState.UNKNOWN));
        }
    }

    /** The run of {@code p} ended: unless a new run began, its client goes; its sockets go. */
    private void ended(Process p) {
        Path announced = null;
        synchronized (drpcLock) {
            if (runner.process() == p) {
                announced = drpcSocket;
                closeClient();
                drpcSocket = null;
            }
        }
        IOServerRunner.removeSocketsOf(server.socketDir(), p.pid(), announced);
    }

    // ---------------------------------------------------------------- ready (§3.7 step 3, §3.10)

    /**
     * NotifyReady of the current run: the socket its dRPC client will use (opened at the next
     * call) and the message the harness is waiting for.
     */
    void notifyReady(NotifyReadyReq req, Path socket) {
        synchronized (drpcLock) {
            closeClient();
            drpcSocket = socket;
        }
        ready = req;
        LOG.fine(() -> "instance " + index + " ready: " + TextFormat.shortDebugString(req));
        owner.readied(this);
    }

    /** The NotifyReady of the current run, or null. */
    NotifyReadyReq ready() {
        return ready;
    }

    /**
     * The rest of the start after {@code ready}: Join (unless this is the replica of the one
     * access point with its rank; with several access points always), SetRank, the new target
     * count, CreateMS and StartMS on a replica, then SetUp.
     *
     * @param bootstrapHost this host is the first access point (for the log line)
     */
    void finishStartup(NotifyReadyReq ready, boolean bootstrapHost)
            throws Fatal, HarnessClosed, InterruptedException, StartAborted {
        Superblock sb = superblock;
        Rank rank = sb.rank == null ? Rank.NIL : sb.rank;
        boolean several = accessPoints.several();
        if (several || !sb.validRank || !sb.ms) {
            JoinReq req = JoinReq.newBuilder()
                    .setUuid(sb.uuid)
                    .setRank(rank.bits())
                    .setUri(ready.getUri())
                    .setNctxs(ready.getNctxs())
                    .setAddr("0.0.0.0:" + server.port())
                    .build();
            JoinResp resp = joinClient.join(req);
            rank = Rank.fromBits(resp.getRank());
            if (resp.getState() == JoinResp.State.OUT) {
                throw new Fatal("rank " + rank + " excluded");
            }
            if (!sb.validRank) {
                sb = sb.withRank(rank);
                writeSuperblock(sb);
            }
        }
        setupCall(DrpcIds.MGMT_SET_RANK, SetRankReq.newBuilder().setRank(rank.bits()).build().toByteArray(),
                "SetRank");
        if (ready.getNtgts() > 0) {
            targets = ready.getNtgts();
        }
        if (sb.ms) {
            if (sb.createMs) {
                CreateMsReq.Builder cr = CreateMsReq.newBuilder();
                if (sb.bootstrapMs && !several) {
                    cr.setBootstrap(true).setUuid(sb.uuid).setAddr(server.accessPoints().get(0));
                }
                setupCall(DrpcIds.MGMT_CREATE_MS, cr.build().toByteArray(), "CreateMS");
                sb = sb.msCreated();
                writeSuperblock(sb);
            }
            setupCall(DrpcIds.MGMT_START_MS, new byte[0], "StartMS");
            LOG.info("Management Service access point started" + (bootstrapHost ? " (bootstrapped)" : ""));
        }
        try {
            setupCall(DrpcIds.MGMT_SET_UP, new byte[0], "SetUp");
        } catch (Fatal e) {
            throw new Fatal("failed to load I/O server modules: " + e.getMessage());
        }
        setUp = true;
        if (sb.ms && !several) { // local MS registration
            hooks.memberRegistered(new Member(rank, sb.uuid, accessPoints.resolvedFirst(), MemberState.STARTED));
        } else { // registered by its Join; a query before SetUp may have seen it Unknown
            hooks.memberState(rank, MemberState.STARTED);
        }
        LOG.info("I/O server instance " + index + " started on rank " + rank);
    }

    /** A start-up dRPC answered by {@code DaosResp}; any failure is fatal. */
    private void setupCall(int method, byte[] body, String name) throws Fatal {
        byte[] reply;
        try {
            reply = callDrpc(method, body, SETUP_TIMEOUT);
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

    // ---------------------------------------------------------------- dRPC client

    /**
     * One module-2 call to the I/O server. The client comes from the current
     * {@link DrpcClientFactory}: when the factory changed since the client was opened (the drpc
     * bundle was restarted and closed its clients), a new one is opened from the current factory.
     *
     * @throws IOException {@value #NO_DRPC_CLIENT} before NotifyReady or while there is no
     *         factory; otherwise the transport error
     */
    byte[] callDrpc(int method, byte[] body, Duration timeout) throws IOException, DrpcException {
        return client().call(DrpcIds.MODULE_MGMT, method, body, timeout);
    }

    private DrpcClient client() throws IOException {
        synchronized (drpcLock) {
            DrpcClientFactory f = hooks.drpcClients();
            if (drpcSocket == null || f == null) {
                throw new IOException(NO_DRPC_CLIENT);
            }
            if (client == null || clientFactory != f) {
                closeClient();
                try {
                    client = f.open(drpcSocket);
                } catch (RuntimeException e) {
                    throw new IOException("dRPC client for " + drpcSocket + ": " + e.getMessage(), e);
                }
                clientFactory = f;
            }
            return client;
        }
    }

    /** Forgets the socket and closes the client (a new run, or the harness closes). */
    void dropDrpcClient() {
        synchronized (drpcLock) {
            closeClient();
            drpcSocket = null;
        }
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
            clientFactory = null;
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * StopRanks: SIGINT (SIGKILL with {@code force}) when the process is alive, which also marks
     * the run as stopped on request.
     */
    void stop(boolean force) {
        Process p = runner.process();
        if (p != null && p.isAlive()) {
            stopRequested = true;
            if (force) {
                p.destroyForcibly();
            } else {
                IOServerRunner.interrupt(p);
            }
        }
    }

    /** Spawned, and its exit not reported yet. */
    boolean running() {
        return runner.isRunning();
    }

    /** The target count: configured, then {@code ntgts} of the last NotifyReady. */
    int targetCount() {
        return targets;
    }

    /** The last run completed its start and then ended without StopRanks: the restart policy's case. */
    boolean exitedUnexpectedly() {
        return runner.process() != null && !running() && setUp && !stopRequested;
    }

    boolean isSetUp() {
        return setUp;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    Superblock superblock() {
        return superblock;
    }

    IOServerRunner runner() {
        return runner;
    }
}
