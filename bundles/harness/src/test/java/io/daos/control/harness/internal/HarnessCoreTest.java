package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.config.CliOverrides;
import io.daos.control.config.ServerConfigLoader;
import io.daos.control.drpc.DrpcServer;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.srv.NotifyReadyReq;

/**
 * The harness against a fake daos_io_server (a shell script that reports its arguments and
 * environment through named pipes, then sleeps) and a fake engine dRPC listener.
 */
public class HarnessCoreTest {

    private static final int PORT = 10001;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Path dir;
    private Path argsFifo;
    private Path envFifo;
    private HarnessCore core;
    private DrpcServer engine;
    private final FakeHooks hooks = new FakeHooks();
    /** Module-2 calls the fake engine received: method ids. */
    private final BlockingQueue<Integer> engineCalls = new ArrayBlockingQueue<>(100);
    private final List<byte[]> setRanks = Collections.synchronizedList(new ArrayList<>());
    private volatile int pingStatus;

    @Before
    public void setUp() throws Exception {
        dir = tmp.getRoot().toPath();
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("scm0"));
        argsFifo = dir.resolve("args.fifo");
        envFifo = dir.resolve("env.fifo");
        for (Path f : List.of(argsFifo, envFifo)) {
            Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
            assertEquals(0, p.waitFor());
        }
    }

    @After
    public void tearDown() {
        if (core != null) {
            core.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private ServerConfig config() throws Exception {
        String yml = "name: daos_server\n"
                + "access_points: [\"localhost:" + PORT + "\"]\n"
                + "port: " + PORT + "\n"
                + "transport_config:\n  allow_insecure: true\n"
                + "provider: ofi+sockets\n"
                + "fabric_iface: lo\n"
                + "socket_dir: \"" + dir.resolve("run") + "\"\n"
                + "servers:\n"
                + "- targets: 2\n"
                + "  fabric_iface_port: 31416\n"
                + "  log_file: \"" + dir.resolve("io0.log") + "\"\n"
                + "  log_mask: DEBUG\n"
                + "  env_vars: [\"FAKE_VAR=1\"]\n"
                + "  scm_class: ram\n"
                + "  scm_mount: \"" + dir.resolve("scm0") + "\"\n"
                + "  scm_size: 1\n";
        return new ServerConfigLoader().loadText(yml, dir.resolve("daos_server.yml"), CliOverrides.NONE);
    }

    /** Two instances: scm0 and scm1, distinct fabric ports and logs. */
    private ServerConfig config2() throws Exception {
        return config2("");
    }

    /** {@link #config2()} with {@code top} added to the top-level keys. */
    private ServerConfig config2(String top) throws Exception {
        Files.createDirectories(dir.resolve("scm1"));
        String yml = "name: daos_server\n"
                + "access_points: [\"localhost:" + PORT + "\"]\n"
                + "port: " + PORT + "\n"
                + "transport_config:\n  allow_insecure: true\n"
                + "provider: ofi+sockets\n"
                + "fabric_iface: lo\n"
                + "socket_dir: \"" + dir.resolve("run") + "\"\n"
                + top
                + "servers:\n"
                + "- targets: 1\n  fabric_iface_port: 31416\n  log_file: \"" + dir.resolve("io0.log") + "\"\n"
                + "  scm_class: ram\n  scm_mount: \"" + dir.resolve("scm0") + "\"\n  scm_size: 1\n"
                + "- targets: 1\n  fabric_iface_port: 31516\n  log_file: \"" + dir.resolve("io1.log") + "\"\n"
                + "  scm_class: ram\n  scm_mount: \"" + dir.resolve("scm1") + "\"\n  scm_size: 1\n";
        return new ServerConfigLoader().loadText(yml, dir.resolve("daos_server.yml"), CliOverrides.NONE);
    }

    /** A fake binary: arguments and environment into the pipes, then {@code tail}. */
    private Path script(String tail) throws IOException {
        return script("", tail);
    }

    private Path script(String head, String tail) throws IOException {
        Path s = dir.resolve("fake_io_server");
        Files.writeString(s, "#!/bin/sh\n" + head
                + "printf '%s\\n' \"$@\" > '" + argsFifo + "'\n"
                + "env > '" + envFifo + "'\n"
                + tail + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private HarnessCore core(Path binary) throws Exception {
        return core(binary, 0);
    }

    private HarnessCore core(Path binary, long restartBackoffMs) throws Exception {
        return core(config(), binary, restartBackoffMs);
    }

    /** The harness under test for {@code cfg}; the fake binary inherits PATH and INHERITED=yes. */
    private HarnessCore core(ServerConfig cfg, Path binary, long restartBackoffMs) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("INHERITED", "yes");
        core = new HarnessCore(cfg, binary, env, dir.resolve("log"), hooks, restartBackoffMs);
        return core;
    }

    private void writeSuperblock(Superblock sb) throws IOException {
        sb.write(dir.resolve("scm0").resolve(Superblock.FILE_NAME));
    }

    /** Blocks until the fake binary reports its arguments (i.e. it was spawned). */
    private List<String> awaitSpawn() throws IOException {
        List<String> args = Files.readAllLines(argsFifo);
        Files.readAllLines(envFifo);
        return args;
    }

    private List<String> awaitSpawnWithEnv(List<String> envOut) throws IOException {
        List<String> args = Files.readAllLines(argsFifo);
        envOut.addAll(Files.readAllLines(envFifo));
        return args;
    }

    private Path startEngine() throws IOException {
        Path sock = dir.resolve("run").resolve("daos_io_server_fake.sock");
        DrpcModule mgmt = new DrpcModule() {
            @Override
            public int moduleId() {
                return DrpcIds.MODULE_MGMT;
            }

            @Override
            public byte[] handle(int method, byte[] body) {
                if (method == DrpcIds.MGMT_SET_RANK) {
                    setRanks.add(body);
                }
                engineCalls.add(method);
                int status = method == DrpcIds.MGMT_PING_RANK ? pingStatus : 0;
                return DaosResp.newBuilder().setStatus(status).build().toByteArray();
            }
        };
        engine = DrpcServer.start(sock, m -> m == DrpcIds.MODULE_MGMT ? mgmt : null);
        return sock;
    }

    private void notifyReady(Path sock) throws DrpcException {
        core.handle(DrpcIds.SRV_NOTIFY_READY, NotifyReadyReq.newBuilder()
                .setUri("ofi+sockets://127.0.0.1:31416").setNctxs(7).setDrpcListenerSock(sock.toString())
                .setInstanceIdx(0).setNtgts(3).build().toByteArray());
    }

    private void awaitEngineCall(int method) throws InterruptedException {
        while (true) {
            Integer m = engineCalls.poll(20, TimeUnit.SECONDS);
            assertNotNull("engine call " + method + " not seen", m);
            if (m == method) {
                return;
            }
        }
    }

    @Test
    public void spawnsWithTheExactArgumentsAndEnvironment() throws Exception {
        writeSuperblock(new Superblock("u-1", "daos_server", Rank.of(1), true, false, false, false));
        HarnessCore c = core(script("exec sleep 600"));
        c.start();
        List<String> env = new ArrayList<>();
        List<String> args = awaitSpawnWithEnv(env);
        ServerConfig cfg = config();
        long shm = ProcessHandle.current().pid() + 0 + 1;
        assertEquals(cfg.servers().get(0).ioServerArgs(shm, 0), args);
        assertTrue(env.toString(), env.contains("D_LOG_FILE=" + dir.resolve("io0.log")));
        assertTrue(env.toString(), env.contains("D_LOG_MASK=DEBUG"));
        assertTrue(env.toString(), env.contains("FAKE_VAR=1"));
        assertTrue(env.toString(), env.contains("INHERITED=yes"));
        assertTrue(c.isStarted());
        Process p = c.process(0);
        assertTrue(p.isAlive());
        c.close();
        assertFalse(p.isAlive());
    }

    @Test
    public void setHugepagesGivesEachIoServerItsShareOfTheFreeHugepagesReadOnce() throws Exception {
        // SPEC-SERVER 3.4 step 2: -r = free MiB / server entries, less 1/16, computed once
        hooks.freeHugepageMB = 4096;
        core(config2("set_hugepages: true\n"), script("exec sleep 600"), 0).start();
        core.storageReady(0);
        core.storageReady(1);
        List<String> first = awaitSpawn();
        hooks.freeHugepageMB = 0; // the first I/O server took its pages: the second keeps the same share
        List<String> second = awaitSpawn();
        for (List<String> args : List.of(first, second)) {
            int r = args.indexOf("-r");
            assertTrue(args.toString(), r >= 0);
            assertEquals("1920", args.get(r + 1)); // 4096 / 2 = 2048, less 2048 / 16 = 128
        }
        assertEquals(1, hooks.hugepageReads.get());
    }

    @Test
    public void withoutSetHugepagesNoRIsPassedAndMeminfoIsNotRead() throws Exception {
        writeSuperblock(new Superblock("u-7", "daos_server", Rank.of(1), true, false, false, false));
        hooks.freeHugepageMB = 4096;
        core(script("exec sleep 600")).start();
        assertFalse(awaitSpawn().contains("-r"));
        assertEquals(0, hooks.hugepageReads.get());
    }

    @Test
    public void theParentDeathWrapperKeepsArgumentsAndPid() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        org.junit.Assume.assumeTrue("no executable /usr/bin/setpriv: apt-get install util-linux",
                Files.isExecutable(setpriv));
        writeSuperblock(new Superblock("u-6", "daos_server", Rank.of(1), true, false, false, false));
        HarnessCore c = core(script("exec sleep 600"));
        c.useDeathSignalWrapper(setpriv);
        c.start();
        List<String> args = awaitSpawn();
        assertEquals(config().servers().get(0).ioServerArgs(ProcessHandle.current().pid() + 1, 0), args);
        Process p = c.process(0);
        // setpriv exec'd the binary: the watched process is the harness's own child
        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
        assertTrue(status, status.contains("\nPPid:\t" + ProcessHandle.current().pid() + "\n"));
        c.close();
        assertFalse(p.isAlive());
    }

    @Test
    public void readyHandshakeJoinsSetsRankAndEndsWithSetUp() throws Exception {
        writeSuperblock(new Superblock("u-2", "daos_server", null, false, false, false, false));
        hooks.joinRank = 5;
        HarnessCore c = core(script("exec sleep 600"));
        c.start();
        awaitSpawn();
        Path sock = startEngine();
        notifyReady(sock);
        awaitEngineCall(DrpcIds.MGMT_SET_UP);
        JoinReq j = hooks.joins.poll(1, TimeUnit.SECONDS);
        assertEquals("u-2", j.getUuid());
        assertEquals(Rank.NIL.bits(), j.getRank());
        assertEquals("ofi+sockets://127.0.0.1:31416", j.getUri());
        assertEquals(7, j.getNctxs());
        assertEquals("0.0.0.0:" + PORT, j.getAddr());
        assertEquals(5, SetRankReq.parseFrom(setRanks.get(0)).getRank());
        Superblock sb = Superblock.read(dir.resolve("scm0/superblock")).orElseThrow();
        assertEquals(Rank.of(5), sb.rank);
        assertTrue(sb.validRank);
        assertEquals("u-2", sb.uuid);
    }

    @Test
    public void stopRanksSendsSigintAsTheReference() throws Exception {
        writeSuperblock(new Superblock("u-8", "daos_server", Rank.of(4), true, false, false, false));
        hooks.joinRank = 4;
        Path got = dir.resolve("signal.txt");
        // the fake I/O server writes which signal stopped it
        HarnessCore c = core(script("trap 'echo INT > \"" + got + "\"; exit 0' INT; trap 'echo TERM > \"" + got
                + "\"; exit 0' TERM\n", "while :; do sleep 0.05; done"));
        c.start();
        awaitSpawn();
        RanksResp.RankResult r = c.stop(RanksReq.getDefaultInstance()).getResults(0);
        assertEquals("stop", r.getAction());
        assertEquals(r.getMsg(), MemberState.STOPPED.code(), r.getState());
        assertEquals("INT", Files.readString(got).trim());
    }

    @Test
    public void aProcessIgnoringSigintIsSeenAsSuch() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' INT; echo ready; exec sleep 600").start();
        try {
            assertEquals('r', p.getInputStream().read()); // the trap is set
            assertTrue(HarnessCore.ignores(p.pid(), 2));
            assertFalse(HarnessCore.ignores(p.pid(), 15));
            HarnessCore.interrupt(p); // falls back to SIGTERM, which sleep does not ignore
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 15, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    public void ranksOperationsAndExitDetection() throws Exception {
        writeSuperblock(new Superblock("u-3", "daos_server", Rank.of(4), true, false, false, false));
        hooks.joinRank = 4;
        HarnessCore c = core(script("exec sleep 600"));
        c.start();
        awaitSpawn();
        Path sock = startEngine();
        notifyReady(sock);
        awaitEngineCall(DrpcIds.MGMT_SET_UP);
        RanksReq all = RanksReq.getDefaultInstance();

        RanksResp.RankResult r = c.ping(all).getResults(0);
        assertEquals(4, r.getRank());
        assertEquals("ping", r.getAction());
        assertEquals(MemberState.STARTED.code(), r.getState());
        assertFalse(r.getErrored());

        pingStatus = -1;
        r = c.ping(all).getResults(0);
        assertEquals(MemberState.ERRORED.code(), r.getState());
        assertEquals("rank 4 dRPC returned DER -1", r.getMsg());
        assertEquals(0, c.ping(RanksReq.newBuilder().addRanks(9).build()).getResultsCount());

        r = c.prepShutdown(all).getResults(0);
        assertEquals("prep shutdown", r.getAction());
        assertEquals(MemberState.STOPPING.code(), r.getState());

        // SIGKILL -> member state Stopped, from Process.onExit (no polling)
        Process p = c.process(0);
        long t0 = System.nanoTime();
        p.destroyForcibly();
        assertTrue(hooks.stateChanged.await(10, TimeUnit.SECONDS));
        long micros = (hooks.stateNanos - t0) / 1000;
        System.out.println("[measure] SIGKILL -> member state change: " + micros + " us");
        assertEquals(Rank.of(4), hooks.stateRank);
        assertEquals(MemberState.STOPPED, hooks.state);

        r = c.ping(all).getResults(0);
        assertEquals(MemberState.STOPPED.code(), r.getState());
        r = c.prepShutdown(all).getResults(0);
        assertEquals(MemberState.STOPPED.code(), r.getState());

        // StartRanks restarts the stopped instance (Join again on the restart)
        RanksResp started = c.startRanks(all);
        awaitSpawn();
        assertEquals("start", started.getResults(0).getAction());
        assertEquals(MemberState.STARTED.code(), started.getResults(0).getState());
        try {
            c.startRanks(all);
            fail();
        } catch (HarnessCore.RanksException e) {
            assertEquals("can't start instances: already started", e.getMessage());
        }

        RanksResp stopped = c.stop(all);
        assertEquals("stop", stopped.getResults(0).getAction());
        assertEquals(MemberState.STOPPED.code(), stopped.getResults(0).getState());
        assertFalse(c.process(0).isAlive());
        // stopped on request while starting: not fatal, StartRanks works again
        RanksResp again = c.startRanks(all);
        awaitSpawn();
        assertEquals(MemberState.STARTED.code(), again.getResults(0).getState());
        assertEquals(1, hooks.fatal.getCount());
    }

    @Test
    public void restartPolicyRespawnsAnInstanceThatDiedAfterReady() throws Exception {
        writeSuperblock(new Superblock("u-7", "daos_server", Rank.of(2), true, false, false, false));
        hooks.joinRank = 2;
        HarnessCore c = core(script("exec sleep 600"), 20);
        c.start();
        awaitSpawn();
        Path sock = startEngine();
        notifyReady(sock);
        awaitEngineCall(DrpcIds.MGMT_SET_UP);
        Process first = c.process(0);
        first.destroyForcibly();
        assertTrue(hooks.stateChanged.await(10, TimeUnit.SECONDS));
        awaitSpawn(); // respawned after the back-off
        notifyReady(sock);
        awaitEngineCall(DrpcIds.MGMT_SET_UP);
        assertTrue(c.process(0) != first && c.process(0).isAlive());
        assertEquals(2, hooks.joinCount.get()); // Join again on the restart
        assertEquals(1, hooks.fatal.getCount());
    }

    @Test
    public void instanceOutputGoesToTheInstanceLogWithItsPrefix() throws Exception {
        writeSuperblock(new Superblock("u-8", "daos_server", Rank.of(1), true, false, false, false));
        HarnessCore c = core(script("echo out-line\necho err-line >&2\n", "exec sleep 600"));
        c.start();
        awaitSpawn();
        c.close(); // joins the output pumps: the log is complete now
        List<String> log = Files.readAllLines(dir.resolve("daos_io_server.log"));
        assertTrue(log.toString(), log.contains("daos_io_server:0 out-line"));
        assertTrue(log.toString(), log.contains("daos_io_server:0 err-line"));
    }

    @Test
    public void exitBeforeReadyIsFatalWithTheExitStatus() throws Exception {
        writeSuperblock(new Superblock("u-4", "daos_server", Rank.of(1), true, false, false, false));
        HarnessCore c = core(script("exit 3"));
        c.start();
        awaitSpawn();
        assertTrue(hooks.fatal.await(10, TimeUnit.SECONDS));
        assertTrue(hooks.fatalMessage, hooks.fatalMessage.startsWith("DAOS I/O Server exited with error: "));
        assertTrue(hooks.fatalMessage, hooks.fatalMessage.endsWith("(instance 0) exited: exit status 3"));
    }

    @Test
    public void formatGateWaitsThenCreatesTheBootstrapSuperblockAndRegistersTheMsMember() throws Exception {
        HarnessCore c = core(script("exec sleep 600"));
        try {
            c.callMsReplica(DrpcIds.MGMT_JOIN, new byte[0], Duration.ofSeconds(1));
            fail();
        } catch (FaultException e) {
            assertEquals(647, e.fault().code());
        }
        c.start();
        assertFalse(c.isStarted());
        assertFalse(Files.exists(dir.resolve("scm0/superblock")));
        try {
            c.storageReady(1);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("instance index 1 is out of range (1 instances)", e.getMessage());
        }
        c.storageReady(0);
        c.storageReady(0); // idempotent
        awaitSpawn();
        assertTrue(c.isStarted());
        Member m = hooks.started.poll(10, TimeUnit.SECONDS);
        assertNotNull(m);
        Superblock sb = Superblock.read(dir.resolve("scm0/superblock")).orElseThrow();
        assertEquals(Rank.of(0), sb.rank);
        assertTrue(sb.ms && sb.createMs && sb.bootstrapMs && sb.validRank);
        assertEquals(Rank.of(0), m.rank());
        assertEquals(sb.uuid, m.uuid());
        assertEquals("127.0.0.1:" + PORT, m.address());
        assertEquals(MemberState.STARTED, m.state());
        try {
            c.callMsReplica(DrpcIds.MGMT_JOIN, new byte[0], Duration.ofSeconds(1));
            fail();
        } catch (IOException e) {
            assertEquals("no dRPC client set (data plane not started?)", e.getMessage());
        }
    }

    /**
     * A reformat while instance 0 was already usable (its superblock loaded at the gate) and
     * instance 1 waited wipes instance 0's SCM: its superblock must be written anew, not kept
     * only in memory (else the next start would ask for format again).
     */
    @Test
    public void reformatOfAnInstanceWhoseSuperblockWasLoadedWritesANewOne() throws Exception {
        Superblock old = Superblock.create("daos_server", null, true, true);
        writeSuperblock(old);
        core(config2(), script("exec sleep 600"), 0).start();
        // the gate has read instance 0's superblock and is now checking (then awaiting) instance 1
        assertTrue(hooks.checkedInstance1.await(10, TimeUnit.SECONDS));
        assertFalse(core.isStarted());
        Files.delete(dir.resolve("scm0").resolve(Superblock.FILE_NAME)); // what the reformat wiped
        core.storageReady(0);
        core.storageReady(1);
        Member m = hooks.started.poll(10, TimeUnit.SECONDS); // the MS instance 0 was launched
        assertNotNull(m);
        Superblock now = Superblock.read(dir.resolve("scm0").resolve(Superblock.FILE_NAME)).orElseThrow();
        assertNotEquals(old.uuid, now.uuid);
        assertEquals(now.uuid, m.uuid());
        assertTrue(Files.exists(dir.resolve("scm1").resolve(Superblock.FILE_NAME)));
    }

    @Test
    public void closeWhileWaitingForFormatEndsQuietly() throws Exception {
        HarnessCore c = core(script("exec sleep 600"));
        c.start();
        c.close();
        assertFalse(c.isStarted());
        assertEquals(1, hooks.fatal.getCount());
    }

    @Test
    public void closeKillsAnInstanceThatIgnoresSigterm() throws Exception {
        writeSuperblock(new Superblock("u-5", "daos_server", Rank.of(1), true, false, false, false));
        HarnessCore c = core(script("trap '' TERM\n", "exec sleep 600"));
        c.start();
        awaitSpawn();
        Process p = c.process(0);
        long t0 = System.nanoTime();
        c.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(p.isAlive());
        assertTrue("close took " + ms + " ms", ms >= HarnessCore.WAIT_MS - 100 && ms < HarnessCore.WAIT_MS + 4_000);
    }

    @Test
    public void notifyReadyRejectsBadRequests() throws Exception {
        HarnessCore c = core(script("exit 0"));
        expect(c, new byte[] {(byte) 0xff, 1, 2}, DrpcStatus.FAILED_UNMARSHAL_PAYLOAD, "unmarshal NotifyReady");
        expect(c, ready(7, "/x").toByteArray(), DrpcStatus.FAILURE, "instance index 7 is out of range (1 instances)");
        expect(c, ready(0, "").toByteArray(), DrpcStatus.FAILURE,
                "check NotifyReady request socket path: socket path empty");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        expect(c, ready(0, file.toString()).toByteArray(), DrpcStatus.FAILURE, "is not a socket");
        expect(c, ready(0, dir.resolve("nope").toString()).toByteArray(), DrpcStatus.FAILURE,
                "could not be accessed");
        try {
            c.handle(399, new byte[0]);
            fail();
        } catch (DrpcException e) {
            assertEquals(DrpcStatus.UNKNOWN_METHOD, e.status());
        }
    }

    @Test
    public void exitStatusTexts() {
        assertEquals("process exited with 0", HarnessCore.exitStatus(0));
        assertEquals("exit status 3", HarnessCore.exitStatus(3));
        assertEquals("signal: killed", HarnessCore.exitStatus(137));
        assertEquals("signal: terminated", HarnessCore.exitStatus(143));
    }

    private static NotifyReadyReq ready(int idx, String sock) {
        return NotifyReadyReq.newBuilder().setInstanceIdx(idx).setDrpcListenerSock(sock).build();
    }

    private static void expect(HarnessCore c, byte[] body, DrpcStatus status, String text) {
        try {
            c.handle(DrpcIds.SRV_NOTIFY_READY, body);
            fail();
        } catch (DrpcException e) {
            assertEquals(status, e.status());
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }

    static final class FakeHooks implements HarnessCore.Hooks {
        final BlockingQueue<JoinReq> joins = new ArrayBlockingQueue<>(10);
        final BlockingQueue<Member> started = new ArrayBlockingQueue<>(10);
        final CountDownLatch stateChanged = new CountDownLatch(1);
        final CountDownLatch fatal = new CountDownLatch(1);
        final CountDownLatch checkedInstance1 = new CountDownLatch(1);
        final AtomicInteger joinCount = new AtomicInteger();
        volatile int joinRank;
        volatile long stateNanos;
        volatile Rank stateRank;
        volatile MemberState state;
        volatile String fatalMessage;
        volatile long freeHugepageMB;
        final AtomicInteger hugepageReads = new AtomicInteger();

        @Override
        public long freeHugepageMB() {
            hugepageReads.incrementAndGet();
            return freeHugepageMB;
        }

        @Override
        public boolean scmNeedsFormat(IOServerConfig config) {
            if (config.index() == 1) {
                checkedInstance1.countDown();
            }
            return false;
        }

        @Override
        public JoinResp join(JoinReq req, Duration timeout) {
            joins.add(req);
            joinCount.incrementAndGet();
            return JoinResp.newBuilder().setStatus(0).setRank(joinRank).setState(JoinResp.State.IN).build();
        }

        @Override
        public void memberStarted(Member member) {
            started.add(member);
        }

        @Override
        public void memberState(Rank rank, MemberState s) {
            if (stateChanged.getCount() > 0) {
                stateNanos = System.nanoTime();
                stateRank = rank;
                state = s;
                stateChanged.countDown();
            }
        }

        @Override
        public void fatal(String message) {
            fatalMessage = message;
            fatal.countDown();
        }
    }
}
