package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.daos.control.api.config.IOServerConfig;

/** The process side of one instance, with shell scripts as the I/O server. */
public class IOServerRunnerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private Fixture fx;
    private InstanceLog log;
    private final List<IOServerRunner> runners = new ArrayList<>();
    /** Exit reports: "message|lines in the log at that moment". */
    private final BlockingQueue<String> exits = new ArrayBlockingQueue<>(10);

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
        log = new InstanceLog(fx.dir.resolve("logs").resolve(InstanceLog.FILE_NAME));
    }

    @After
    public void tearDown() {
        for (IOServerRunner r : runners) {
            r.shutdown();
            r.awaitExitOrKill(System.currentTimeMillis() + 1_000);
        }
        log.close();
        fx.close();
    }

    private IOServerRunner runner(int index, Path binary) {
        IOServerRunner r = new IOServerRunner(index, binary, Map.of("PATH", System.getenv("PATH"), "INHERITED", "yes"),
                log);
        runners.add(r);
        return r;
    }

    private Process start(IOServerRunner r) throws Exception {
        IOServerConfig cfg = fx.config().servers().get(0);
        return r.start(r.launch(cfg, 0, null), (p, message) -> exits.add(message + "|" + logLines().size()));
    }

    private List<String> logLines() {
        try {
            return Files.exists(log.path()) ? Files.readAllLines(log.path()) : List.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void theCommandLineIsTheBinaryAndItsArgumentsBehindTheOptionalWrapper() throws Exception {
        IOServerConfig cfg = fx.config().servers().get(0);
        Path bin = Path.of("/opt/daos/bin/daos_io_server");
        IOServerRunner r = runner(1, bin);
        long shm = ProcessHandle.current().pid() + 1 + 1;
        IOServerRunner.Launch plain = r.launch(cfg, 512, null);
        List<String> args = cfg.ioServerArgs(shm, 512);
        assertEquals(args, plain.args());
        List<String> expected = new ArrayList<>(List.of(bin.toString()));
        expected.addAll(args);
        assertEquals(expected, plain.command());
        assertEquals("yes", plain.env().get("INHERITED"));
        assertEquals("DEBUG", plain.env().get("D_LOG_MASK"));

        IOServerRunner.Launch wrapped = r.launch(cfg, 512, Path.of("/usr/bin/setpriv"));
        assertEquals(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "/bin/sh", "-c",
                IOServerRunner.parentCheck(ProcessHandle.current().pid())), wrapped.command().subList(0, 7));
        assertEquals(expected, wrapped.command().subList(7, wrapped.command().size()));
        assertSame(bin, r.binary());
    }

    /**
     * The cause of the old flaky test: an exit is reported only after both pumps reached end of
     * file, so everything the process printed, on both streams, is in the log at the report.
     */
    @Test
    public void anExitIsReportedOnlyOnceAllOutputIsInTheLog() throws Exception {
        Path bin = fx.plainScript("chatty", "i=0; while [ $i -lt 300 ]; do echo \"out $i\"; echo \"err $i\" >&2;"
                + " i=$((i+1)); done; exit 3");
        IOServerRunner r = runner(0, bin);
        Process p = start(r);
        assertNotNull(p);
        String exit = exits.poll(20, TimeUnit.SECONDS);
        assertNotNull(exit);
        assertEquals(bin + " (instance 0) exited: exit status 3|600", exit);
        List<String> lines = logLines();
        assertTrue(lines.contains("daos_io_server:0 out 299"));
        assertTrue(lines.contains("daos_io_server:0 err 299"));
        assertFalse(r.isRunning());
    }

    @Test
    public void runningLastsFromTheSpawnUntilTheExitReport() throws Exception {
        Path bin = fx.plainScript("waits", "read line; exit 0");
        IOServerRunner r = runner(0, bin);
        assertFalse(r.isRunning());
        assertNull(r.process());
        Process p = start(r);
        assertTrue(r.isRunning());
        assertSame(p, r.awaitProcess(1));
        p.getOutputStream().close(); // end of its stdin: the script exits
        assertNotNull(exits.poll(20, TimeUnit.SECONDS));
        assertFalse(r.isRunning());
        assertSame(p, r.process());
    }

    @Test
    public void aSecondRunAfterTheFirstExitedIsReportedOnItsOwn() throws Exception {
        Path bin = fx.plainScript("quick", "echo run; exit 0");
        IOServerRunner r = runner(0, bin);
        Process first = start(r);
        assertTrue(exits.poll(20, TimeUnit.SECONDS).endsWith("exited: process exited with 0|1"));
        Process second = start(r);
        assertTrue(second != first);
        assertTrue(exits.poll(20, TimeUnit.SECONDS).endsWith("exited: process exited with 0|2"));
    }

    @Test
    public void afterShutdownNothingIsSpawned() throws Exception {
        IOServerRunner r = runner(0, fx.plainScript("never", "touch '" + fx.dir.resolve("ran") + "'"));
        assertFalse(r.shutdown()); // nothing was running
        assertNull(start(r));
        assertNull(r.process());
        assertFalse(Files.exists(fx.dir.resolve("ran")));
    }

    @Test
    public void shutdownSendsSigtermAndTheExitStatusSaysSo() throws Exception {
        Path ready = fx.dir.resolve("ready.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", ready.toString()).start().waitFor());
        IOServerRunner r = runner(0, fx.plainScript("sleeper", "echo up > '" + ready + "'; exec sleep 600"));
        start(r);
        Files.readAllLines(ready); // it runs
        assertTrue(r.shutdown());
        r.awaitExitOrKill(System.currentTimeMillis() + 10_000);
        r.awaitReported(10_000);
        assertTrue(exits.poll(0, TimeUnit.SECONDS).contains("exited: signal: terminated|"));
    }

    @Test
    public void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Path ready = fx.dir.resolve("ready.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", ready.toString()).start().waitFor());
        IOServerRunner r = runner(0, fx.plainScript("stubborn", "trap '' TERM; echo up > '" + ready
                + "'; exec sleep 600"));
        start(r);
        Files.readAllLines(ready); // the trap is set
        long t0 = System.nanoTime();
        assertTrue(r.shutdown());
        r.awaitExitOrKill(System.currentTimeMillis() + 500);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        r.awaitReported(10_000);
        assertTrue("took " + ms + " ms", ms >= 450);
        assertTrue(exits.poll(0, TimeUnit.SECONDS).contains("exited: signal: killed|"));
    }

    @Test
    public void killEndsTheCurrentProcess() throws Exception {
        IOServerRunner r = runner(0, fx.plainScript("sleeper", "exec sleep 600"));
        r.kill(); // nothing to kill yet
        start(r);
        r.kill();
        assertTrue(exits.poll(20, TimeUnit.SECONDS).contains("exited: signal: killed|"));
    }

    @Test
    public void aProcessIgnoringSigintIsSeenAsSuchAndGetsSigterm() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' INT; echo ready; exec sleep 600").start();
        try {
            assertEquals('r', p.getInputStream().read()); // the trap is set
            assertTrue(IOServerRunner.ignores(p.pid(), 2));
            assertFalse(IOServerRunner.ignores(p.pid(), 15));
            IOServerRunner.interrupt(p); // falls back to SIGTERM, which sleep does not ignore
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 15, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    public void interruptSendsSigint() throws Exception {
        // SIGINT at its default disposition even when this JVM's children inherit it ignored
        Process p = new ProcessBuilder("env", "--default-signal=INT", "sh", "-c",
                "trap 'exit 42' INT; echo ready; while :; do sleep 0.05; done").start();
        try {
            assertEquals('r', p.getInputStream().read()); // the trap is set
            assertFalse(IOServerRunner.ignores(p.pid(), 2));
            IOServerRunner.interrupt(p);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(42, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    public void ignoresIsFalseForAProcessThatIsGone() {
        assertFalse(IOServerRunner.ignores(Long.MAX_VALUE, 2));
    }

    @Test
    public void exitStatusTexts() {
        assertEquals("process exited with 0", IOServerRunner.exitStatus(0));
        assertEquals("exit status 3", IOServerRunner.exitStatus(3));
        assertEquals("exit status 128", IOServerRunner.exitStatus(128));
        assertEquals("signal: hangup", IOServerRunner.exitStatus(129));
        assertEquals("signal: interrupt", IOServerRunner.exitStatus(130));
        assertEquals("signal: quit", IOServerRunner.exitStatus(131));
        assertEquals("signal: aborted", IOServerRunner.exitStatus(134));
        assertEquals("signal: killed", IOServerRunner.exitStatus(137));
        assertEquals("signal: segmentation fault", IOServerRunner.exitStatus(139));
        assertEquals("signal: terminated", IOServerRunner.exitStatus(143));
        assertEquals("signal: signal 10", IOServerRunner.exitStatus(138));
        assertEquals("exit status 160", IOServerRunner.exitStatus(160));
    }

    @Test
    public void onlyTheIoServerSocketsAreRemoved() throws Exception {
        Path run = fx.dir.resolve("run");
        Path a = Files.createFile(run.resolve("daos_io_server_0.sock"));
        Path b = Files.createFile(run.resolve("daos_io_server.sock"));
        Path server = Files.createFile(run.resolve("daos_server.sock"));
        Path other = Files.createFile(run.resolve("daos_io_server_0.log"));
        IOServerRunner.removeSockets(run.toString());
        assertFalse(Files.exists(a) || Files.exists(b));
        assertTrue(Files.exists(server) && Files.exists(other));
        IOServerRunner.removeSockets(fx.dir.resolve("missing").toString()); // nothing to do
    }

    /** Issue 10 point 9: the sockets of an ended engine go, live ones and foreign paths stay. */
    @Test
    public void anEndedEnginesStaleSocketsAreRemovedAndNothingElse() throws Exception {
        Path run = fx.dir.resolve("run");
        Path own = bound(run.resolve("daos_io_server_4242.sock"));
        Path announced = bound(run.resolve("daos_io_server_x.sock"));
        Path other = Files.createFile(run.resolve("daos_io_server_7.sock"));
        Path outside = bound(fx.dir.resolve("daos_io_server_y.sock"));
        Path notOurs = bound(run.resolve("daos_server.sock"));
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Path listened = run.resolve("daos_io_server_live.sock");
            live.bind(UnixDomainSocketAddress.of(listened));
            assertTrue(IOServerRunner.isListening(listened));
            assertFalse(IOServerRunner.isListening(own));
            IOServerRunner.removeSocketsOf(run.toString(), 4242, listened); // still served: kept
            assertTrue(Files.exists(listened));
        }
        assertFalse(Files.exists(own)); // removed by the call above
        IOServerRunner.removeSocketsOf(run.toString(), 1, announced);
        IOServerRunner.removeSocketsOf(run.toString(), 2, outside);
        IOServerRunner.removeSocketsOf(run.toString(), 3, notOurs);
        assertFalse(Files.exists(announced));
        assertTrue(Files.exists(other) && Files.exists(outside) && Files.exists(notOurs));
    }

    /** A socket file nobody listens on (bound, then closed). */
    private static Path bound(Path p) throws Exception {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(p));
        }
        return p;
    }

    /** The runner never spawns a second process while the first one's exit is not reported. */
    @Test
    public void aSecondSpawnWhileTheFirstRunsIsRefused() throws Exception {
        IOServerRunner r = runner(0, fx.plainScript("sleeper", "exec sleep 600"));
        Process p = start(r);
        IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class, () -> start(r));
        assertTrue(e.getMessage(), e.getMessage().endsWith("pid " + p.pid() + " is still running: not spawned again"));
        assertSame(p, r.process());
        r.kill();
        assertNotNull(exits.poll(20, TimeUnit.SECONDS));
        Process next = start(r); // reported: a new run may begin
        assertTrue(next != p && next.isAlive());
    }

    @Test
    public void theDeathSignalWrapperIsKeptOnlyWhenItWorks() throws Exception {
        assertNull(IOServerRunner.usableDeathSignalWrapper(null));
        assertNull(IOServerRunner.usableDeathSignalWrapper(fx.dir.resolve("no-such-setpriv")));
        assertNull(IOServerRunner.usableDeathSignalWrapper(fx.plainScript("broken-setpriv", "exit 1")));
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assume.assumeTrue("needs /usr/bin/setpriv (util-linux)", Files.isExecutable(setpriv));
        assertEquals(setpriv, IOServerRunner.usableDeathSignalWrapper(setpriv));
    }

    /** A spawn whose parent died before the wrapper's prctl must not run the binary. */
    @Test
    public void theParentCheckExecsTheBinaryOnlyUnderItsServer() throws Exception {
        long self = ProcessHandle.current().pid();
        Process ok = new ProcessBuilder("/bin/sh", "-c", IOServerRunner.parentCheck(self), "/bin/echo", "ran", "a b")
                .redirectErrorStream(true).start();
        assertEquals("ran a b\n", new String(ok.getInputStream().readAllBytes()));
        assertEquals(0, ok.waitFor());
        Process orphan = new ProcessBuilder("/bin/sh", "-c", IOServerRunner.parentCheck(self + 100_000), "/bin/echo",
                "ran").redirectErrorStream(true).start();
        assertEquals("", new String(orphan.getInputStream().readAllBytes()));
        assertEquals(1, orphan.waitFor());
    }

    @Test
    public void theWrapperExecsTheBinarySoThePidIsTheInstances() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assume.assumeTrue("needs /usr/bin/setpriv (util-linux)", Files.isExecutable(setpriv));
        Path pidFifo = fx.dir.resolve("pid.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", pidFifo.toString()).start().waitFor());
        IOServerRunner r = runner(0, fx.plainScript("pid", "echo $$ > '" + pidFifo + "'; exec sleep 600"));
        IOServerConfig cfg = fx.config().servers().get(0);
        Process p = r.start(r.launch(cfg, 0, setpriv), (proc, m) -> exits.add(m));
        long reported = Long.parseLong(Files.readAllLines(pidFifo).get(0).trim());
        assertEquals(p.pid(), reported);
    }
}
