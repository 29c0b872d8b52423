package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.MgmtClient;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcClient;
import io.daos.control.api.drpc.DrpcClientFactory;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.config.CliOverrides;
import io.daos.control.config.ServerConfigLoader;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.drpc.DrpcServer;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;

/**
 * What the harness tests share: a work directory with configurations, a fake daos_io_server (a
 * shell script that reports its arguments and environment through named pipes, which blocks it
 * until the test reads them: reading them proves the spawn), a fake engine (a real dRPC listener
 * answering module 2), a dRPC client factory over the real drpc client, a fake management client
 * and fake hooks that record what the harness told them.
 */
final class Fixture implements AutoCloseable {

    /**
     * The fake I/O servers' interpreter line: sh with SIGINT at its default disposition, as a real
     * daos_io_server installs its own handlers whatever it inherited. Without it, a test JVM started
     * in the background of a non-interactive shell hands SIGINT down ignored, sh cannot trap it, and
     * the harness (rightly) sends SIGTERM instead.
     */
    static final String SHEBANG = "#!/usr/bin/env -S --default-signal=INT /bin/sh\n";

    static final int PORT = 10001;

    final Path dir;
    final Hooks hooks = new Hooks();
    /** Module-2 calls the fake engine received: method ids. */
    final BlockingQueue<Integer> engineCalls = new ArrayBlockingQueue<>(100);
    /** Bodies of the module-2 calls, in order. */
    final List<byte[]> engineBodies = Collections.synchronizedList(new ArrayList<>());
    /** The reply the engine sends for a method; DaosResp{status} by default. */
    volatile EngineReply engineReply = (method, body) -> DaosResp.getDefaultInstance().toByteArray();
    private DrpcServer engine;

    @FunctionalInterface
    interface EngineReply {
        byte[] reply(int method, byte[] body) throws Exception;
    }

    Fixture(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("scm0"));
        Files.createDirectories(dir.resolve("scm1"));
        for (Path f : List.of(argsFifo(0), envFifo(0), argsFifo(1), envFifo(1))) {
            Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
            assertEquals(0, p.waitFor());
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        hooks.factory.closeAll();
    }

    /** One instance: 2 targets, scm0, DEBUG log mask, FAKE_VAR=1. */
    ServerConfig config() throws Exception {
        String yml = top("")
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

    /** Two instances: scm0 and scm1, distinct fabric ports and logs; {@code extra} top-level keys. */
    ServerConfig config2(String extra) throws Exception {
        String yml = top(extra)
                + "- targets: 1\n  fabric_iface_port: 31416\n  log_file: \"" + dir.resolve("io0.log") + "\"\n"
                + "  scm_class: ram\n  scm_mount: \"" + dir.resolve("scm0") + "\"\n  scm_size: 1\n"
                + "- targets: 1\n  fabric_iface_port: 31516\n  log_file: \"" + dir.resolve("io1.log") + "\"\n"
                + "  scm_class: ram\n  scm_mount: \"" + dir.resolve("scm1") + "\"\n  scm_size: 1\n";
        return new ServerConfigLoader().loadText(yml, dir.resolve("daos_server.yml"), CliOverrides.NONE);
    }

    private String top(String extra) {
        return "name: daos_server\n"
                + "access_points: [\"localhost:" + PORT + "\"]\n"
                + "port: " + PORT + "\n"
                + "transport_config:\n  allow_insecure: true\n"
                + "provider: ofi+sockets\n"
                + "fabric_iface: lo\n"
                + "socket_dir: \"" + dir.resolve("run") + "\"\n"
                + extra
                + "servers:\n";
    }

    /** Where instance {@code i} of the fake binary writes its arguments. */
    Path argsFifo(int i) {
        return dir.resolve("args" + i + ".fifo");
    }

    Path envFifo(int i) {
        return dir.resolve("env" + i + ".fifo");
    }

    /**
     * A fake binary: {@code head}, then arguments and environment into the pipes of its instance
     * (the value of {@code -I}: each instance has its own, so that two spawns never mix), then
     * {@code tail}.
     */
    Path script(String head, String tail) throws IOException {
        Path s = dir.resolve("fake_io_server");
        Files.writeString(s, SHEBANG + head
                + "idx=0; prev=; for a in \"$@\"; do [ \"$prev\" = -I ] && idx=$a; prev=$a; done\n"
                + "printf '%s\\n' \"$@\" > '" + dir + "/args'$idx'.fifo'\n"
                + "env > '" + dir + "/env'$idx'.fifo'\n"
                + tail + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    Path script(String tail) throws IOException {
        return script("", tail);
    }

    /** A script without the pipes. */
    Path plainScript(String name, String body) throws IOException {
        Path s = dir.resolve(name);
        Files.writeString(s, SHEBANG + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    void writeSuperblock(int instance, Superblock sb) throws IOException {
        sb.write(dir.resolve("scm" + instance).resolve(Superblock.FILE_NAME));
    }

    Superblock superblockOnDisk(int instance) throws IOException {
        return Superblock.read(dir.resolve("scm" + instance).resolve(Superblock.FILE_NAME)).orElseThrow();
    }

    /** Blocks until instance 0 of the fake binary reports its arguments (it was spawned and runs). */
    List<String> awaitSpawn() throws IOException {
        return awaitSpawn(0, new ArrayList<>());
    }

    /** The same for instance {@code i}; its environment goes to {@code envOut}. */
    List<String> awaitSpawn(int i, List<String> envOut) throws IOException {
        List<String> args = Files.readAllLines(argsFifo(i));
        envOut.addAll(Files.readAllLines(envFifo(i)));
        return args;
    }

    /** Starts the fake engine's dRPC listener; its socket path. */
    Path startEngine() throws IOException {
        Path sock = dir.resolve("run").resolve("daos_io_server_fake.sock");
        engine = engine(sock, (method, body) -> {
            engineBodies.add(body);
            engineCalls.add(method);
            return engineReply.reply(method, body);
        });
        return sock;
    }

    /** A fake engine at {@code sock}: module 2 answered by {@code reply}; the caller closes it. */
    static DrpcServer engine(Path sock, EngineReply reply) throws IOException {
        DrpcModule mgmt = new DrpcModule() {
            @Override
            public int moduleId() {
                return DrpcIds.MODULE_MGMT;
            }

            @Override
            public byte[] handle(int method, byte[] body) {
                try {
                    return reply.reply(method, body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        return DrpcServer.start(sock, m -> m == DrpcIds.MODULE_MGMT ? mgmt : null);
    }

    /** Waits for the engine to receive {@code method}, skipping other calls. */
    void awaitEngineCall(int method) throws InterruptedException {
        while (true) {
            Integer m = engineCalls.poll(20, TimeUnit.SECONDS);
            assertNotNull("engine call " + method + " not seen", m);
            if (m == method) {
                return;
            }
        }
    }

    /**
     * Waits until {@code condition} holds (checked every millisecond, at most 20 s): for states
     * that no event announces, such as a thread waiting for the format gate.
     */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    static Superblock ranked(String uuid, int rank) {
        return new Superblock(uuid, "daos_server", Rank.of(rank), true, false, false, false);
    }

    /** An owner that lets its instances be: never closed, no pause, reports ignored. */
    static class IdleOwner implements IOServerInstance.Owner {
        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void pause(long ms) {
        }

        @Override
        public void readied(IOServerInstance instance) {
        }

        @Override
        public void exited(IOServerInstance instance, Process process, String message) {
        }
    }

    /**
     * The fake harness of an instance under test: counts its pauses (after a failed Join round)
     * without sleeping, runs {@link #onPause} in each (where a test changes the world between two
     * attempts), and keeps the ready and exit reports.
     */
    static final class PausingOwner implements IOServerInstance.Owner {
        volatile boolean closed;
        final AtomicInteger pauses = new AtomicInteger();
        volatile Runnable onPause = () -> { };
        final BlockingQueue<IOServerInstance> readied = new ArrayBlockingQueue<>(10);
        final BlockingQueue<String> exits = new ArrayBlockingQueue<>(10);

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void pause(long ms) {
            assertEquals(JoinClient.JOIN_RETRY_MS, ms);
            pauses.incrementAndGet();
            onPause.run();
        }

        @Override
        public void readied(IOServerInstance instance) {
            readied.add(instance);
        }

        @Override
        public void exited(IOServerInstance instance, Process process, String message) {
            exits.add(message);
        }
    }

    /** Stops what instances made by a test still run and closes their dRPC clients. */
    static void stopAll(List<IOServerInstance> instances) {
        for (IOServerInstance i : instances) {
            i.runner().shutdown();
            i.runner().awaitExitOrKill(System.currentTimeMillis() + 1_000);
            i.dropDrpcClient();
        }
    }

    /** What the logger of one class publishes while attached ({@link #close()} detaches it). */
    static final class LogCapture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger;

        LogCapture(Class<?> of) {
            logger = Logger.getLogger(of.getName());
            logger.addHandler(this);
        }

        /** The messages so far, in order. */
        List<String> messages() {
            return records.stream().map(LogRecord::getMessage).toList();
        }

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    /**
     * A {@link DrpcClientFactory} over the real client; {@link #closeAll()} is what the drpc bundle
     * does when it stops.
     */
    static final class Factory implements DrpcClientFactory {
        final List<DrpcClientImpl> opened = Collections.synchronizedList(new ArrayList<>());

        @Override
        public DrpcClient open(Path socket) {
            DrpcClientImpl c = new DrpcClientImpl(socket);
            opened.add(c);
            return c;
        }

        void closeAll() {
            synchronized (opened) {
                opened.forEach(DrpcClientImpl::close);
            }
        }
    }

    /** A management client answering Join with a rank, or with the status set. */
    static final class Mgmt implements MgmtClient {
        final BlockingQueue<JoinReq> joins = new ArrayBlockingQueue<>(20);
        final List<HostPort> targets = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger count = new AtomicInteger();
        volatile int rank;
        volatile int status;
        volatile JoinResp.State state = JoinResp.State.IN;

        @Override
        public JoinResp join(HostPort accessPoint, JoinReq request, Duration timeout) {
            targets.add(accessPoint);
            joins.add(request);
            count.incrementAndGet();
            return JoinResp.newBuilder().setStatus(status).setRank(rank).setState(state).build();
        }

        @Override
        public LeaderQueryResp leaderQuery(HostPort accessPoint, LeaderQueryReq request, Duration timeout)
                throws ClientException {
            throw new ClientException(ClientException.Kind.FAILED, "not in this test", null);
        }

        @Override
        public void forget(HostPort host) {
        }
    }

    /** Fake hooks: record what the harness reports; the services can be swapped at any time. */
    static class Hooks implements HarnessHooks {
        volatile MgmtClient mgmt = new Mgmt();
        final Factory factory = new Factory();
        volatile DrpcClientFactory drpc = factory;
        /** Counted down at every mgmtClient() look-up (one per Join attempt). */
        volatile CountDownLatch mgmtLookups = new CountDownLatch(1);
        final BlockingQueue<Member> started = new LinkedBlockingQueue<>();
        final BlockingQueue<MemberState> states = new LinkedBlockingQueue<>();
        final CountDownLatch stateChanged = new CountDownLatch(1);
        final CountDownLatch fatal = new CountDownLatch(1);
        final CountDownLatch checkedInstance1 = new CountDownLatch(1);
        /** The instance index of every SCM format check (the gate's first step per instance). */
        final BlockingQueue<Integer> checks = new LinkedBlockingQueue<>();
        volatile long stateNanos;
        volatile Rank stateRank;
        volatile MemberState state;
        volatile String fatalMessage;
        volatile long freeHugepageMB;
        final AtomicInteger hugepageReads = new AtomicInteger();

        Mgmt mgmt() {
            return (Mgmt) mgmt;
        }

        @Override
        public MgmtClient mgmtClient() {
            mgmtLookups.countDown();
            return mgmt;
        }

        @Override
        public DrpcClientFactory drpcClients() {
            return drpc;
        }

        @Override
        public long freeHugepageMB() {
            hugepageReads.incrementAndGet();
            return freeHugepageMB;
        }

        @Override
        public boolean scmNeedsFormat(IOServerConfig config) {
            checks.add(config.index());
            if (config.index() == 1) {
                checkedInstance1.countDown();
            }
            return false;
        }

        @Override
        public void memberRegistered(Member member) {
            started.add(member);
        }

        @Override
        public void memberState(Rank rank, MemberState s) {
            states.add(s);
            if (s == MemberState.STOPPED && stateChanged.getCount() > 0) { // the first exit seen
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
