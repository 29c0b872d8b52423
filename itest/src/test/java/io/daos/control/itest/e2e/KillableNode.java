package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;

/**
 * One node (the two-instance config of {@link NodeSupport}: emulated engines, ram SCM) on a
 * private distribution copy that a test outside this package (the reliability suite) starts,
 * formats, SIGKILLs and starts again on the same storage, DB and copy ({@link DbNode} underneath):
 * log events to synchronise on, the processes and files a crash may leave. Needs root (tmpfs).
 * {@link #close} stops what runs, kills what is left, unmounts and deletes the copy and the work
 * directory.
 */
public final class KillableNode implements AutoCloseable {

    /** The longest wait for one start or one log event. */
    public static final long START_MS = DbNode.START_MS;
    public static final long EVENT_MS = DbNode.EVENT_MS;

    private final DistRule distRule;
    private final WorkRule work;
    private DbNode db;

    private KillableNode(String prefix) {
        distRule = new DistRule(prefix);
        work = new WorkRule(distRule, prefix + "-work");
    }

    /**
     * A copy of the distribution with {@code properties} added to its framework properties, and a
     * work directory with the node's config; nothing started.
     */
    public static KillableNode create(String prefix, Map<String, String> properties) throws Exception {
        KillableNode n = new KillableNode(prefix);
        try {
            n.distRule.before();
            n.work.before();
            StringBuilder extra = new StringBuilder(System.lineSeparator());
            properties.forEach((k, v) -> extra.append(k).append('=').append(v).append(System.lineSeparator()));
            Files.writeString(n.distRule.dist().home.resolve("etc").resolve("config.properties"), extra,
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            n.db = DbNode.create(n.work);
            return n;
        } catch (Throwable t) {
            n.close();
            if (t instanceof Exception e) {
                throw e;
            }
            throw (Error) t;
        }
    }

    /** Starts daos_server (storage formatted or not) and a new channel; the log line count before it. */
    public int start() throws Exception {
        return db.start();
    }

    /** Formats a node waiting at the format gate and waits until both ranks joined and started. */
    public void formatAndAwaitJoined() throws Exception {
        db.node.formatAndAwaitJoined(db.server(), db.channel(), EVENT_MS);
    }

    /**
     * After a start on storage a crash may have left half formatted: formats (with reformat) as
     * far as needed, then waits until both ranks joined; what it took (for the log).
     */
    public String formatAgainAndAwaitJoined(int mark) throws Exception {
        String how = FormatAgain.afterRestart(db.node, db.server(), mark, db.channel(), EVENT_MS);
        awaitJoined(mark);
        return how;
    }

    /** StorageFormat, in the calling thread (for a client thread of a test). */
    public void format() {
        FormatAgain.format(db.channel(), false);
    }

    /**
     * Waits until ranks 0 and 1 came back (added or rejoined) Started after log line {@code mark}
     * and both instances finished their start; the uuids the log gave ranks 0 and 1.
     */
    public List<String> awaitJoined(int mark) throws Exception {
        return db.awaitRejoined(mark);
    }

    /** The server log's line count now (a mark for the waits). */
    public int logLines() throws Exception {
        return db.node.logLines();
    }

    /** The first line of the server log after {@code mark} matching {@code p} (file events; fails if the server exits). */
    public String awaitLog(int mark, Predicate<String> p, long timeoutMs) throws Exception {
        return db.node.awaitLog(db.server(), mark, p, timeoutMs);
    }

    /** The server log's lines after {@code mark}. */
    public List<String> logFrom(int mark) throws Exception {
        return db.node.linesFrom(mark);
    }

    /**
     * SIGKILL of daos_server (no hook runs); waits for its exit, then (at most {@code EVENT_MS})
     * until no process naming this node's socket directory is left, whoever its parent is now.
     */
    public void sigkill() throws Exception {
        sigkillServerOnly();
        awaitNoEngine();
    }

    /** SIGKILL of daos_server; waits for its exit only (whatever it started may live on). */
    public void sigkillServerOnly() throws Exception {
        ServerProcess s = db.server();
        assertTrue(s.process.toHandle().destroyForcibly());
        assertTrue("daos_server did not die of SIGKILL", s.process.waitFor(30, TimeUnit.SECONDS));
    }

    /** SIGINT (an administrator's Ctrl-C): exit 0 and no engine left. */
    public void stopCleanly() throws Exception {
        db.stopCleanly();
        awaitNoEngine();
    }

    /** Unmounts both SCM tmpfs (the server stopped): the next start waits for a format again. */
    public void wipeScm() throws Exception {
        db.node.unmountScm();
    }

    /** A version-4 uuid drawn from {@code rnd} (a seeded run creates the same ones). */
    public static java.util.UUID seededUuid(java.util.Random rnd) {
        long hi = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo);
    }

    /** Waits until no engine process of this node is left (orphans included); fails with the survivors. */
    public void awaitNoEngine() throws Exception {
        for (ProcessHandle h : db.node.engineProcesses()) {
            try {
                h.onExit().get(EVENT_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("engine process " + h.pid() + " (" + h.info().commandLine().orElse("?")
                        + ") outlived its daos_server by " + EVENT_MS + " ms");
            }
        }
        assertEquals(List.of(), engineProcesses().stream().map(h -> h.pid() + " " + h.info().commandLine().orElse(""))
                .toList());
    }

    /** Every engine process of this node (by its socket directory on the command line), whoever its parent. */
    public List<ProcessHandle> engineProcesses() {
        return db.node.engineProcesses().stream().filter(ProcessHandle::isAlive).toList();
    }

    /** The engine (emulator) processes that descend from the current daos_server. */
    public List<ProcessHandle> engines() {
        return db.engines().stream().filter(ProcessHandle::isAlive).toList();
    }

    /** The engine process of instance {@code index}. */
    public ProcessHandle engine(int index) {
        return db.engine(index);
    }

    /** The current daos_server process. */
    public ProcessHandle server() {
        return db.server().process.toHandle();
    }

    /** The channel to the current server (a new one per start). */
    public ManagedChannel channel() {
        return db.channel();
    }

    /** A {@code ctl.MgmtCtl} stub whose next call must end within 30 s. */
    public MgmtCtlGrpc.MgmtCtlBlockingStub ctl() {
        return MgmtCtlGrpc.newBlockingStub(db.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** A {@code mgmt.MgmtSvc} stub whose next call must end within 30 s. */
    public MgmtSvcGrpc.MgmtSvcBlockingStub mgmt() {
        return db.mgmt().stub();
    }

    /** SystemQuery's members, in rank order. */
    public List<SystemMember> members() {
        return db.members();
    }

    /** ListPools: uuid → service replicas. */
    public Map<String, List<Integer>> listPools() {
        return db.listPools();
    }

    /** PoolQuery's status. */
    public int queryStatus(String uuid) {
        return db.queryStatus(uuid);
    }

    /** The gRPC port. */
    public int port() {
        return db.node.port;
    }

    /** The work directory (config, socket directory, SCM mount points, engine logs). */
    public Path work() {
        return db.node.work;
    }

    /** The distribution copy (its {@code data/} holds the system DB). */
    public Path home() {
        return db.node.dist.home;
    }

    /** The SCM mount point of instance {@code i}. */
    public Path scm(int i) {
        return db.node.scm(i);
    }

    /** The superblock of instance {@code i}: absent or complete and sane ({@link Superblocks#check}). */
    public String checkSuperblock(int i) throws Exception {
        return Superblocks.check(scm(i), i);
    }

    @Override
    public void close() {
        Teardown t = new Teardown();
        t.step(work::after);
        t.step(distRule::after);
        t.finish();
    }
}
