package io.daos.control.api.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/**
 * Real child processes. Every wait is on an event: the child's exit, or a FIFO the test reads —
 * a line the child writes when it has started its own child, then end of file when the last
 * process holding the FIFO open (that grandchild) is gone.
 */
public class CommandRunnerTest {

    /** A child that prints, starts a grandchild holding the FIFO {@code $1} open, and waits. */
    private static final String TREE = "exec 3>\"$1\"; echo started; sleep 3600 & echo \"$$ $!\" >&3; exec 3>&-; wait";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public Timeout guard = Timeout.seconds(60);

    private Path fifo;
    private RandomAccessFile writer;
    private BufferedReader reader;

    @Before
    public void setUp() throws Exception {
        fifo = tmp.getRoot().toPath().resolve("tree.fifo");
        assertEquals(0, CommandRunner.run(Command.of("mkfifo", fifo.toString())).exitCode());
        // our own writer lets the read end open without blocking, and keeps it from seeing end of
        // file before the child has opened the FIFO
        writer = new RandomAccessFile(fifo.toFile(), "rw");
        reader = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8));
    }

    @After
    public void tearDown() throws IOException {
        writer.close();
        reader.close();
    }

    private static CommandResult run(String script, Object... args) throws Exception {
        return run(Duration.ofSeconds(60), script, args);
    }

    private static CommandResult run(Duration timeout, String script, Object... args) throws Exception {
        String[] argv = new String[args.length + 4];
        argv[0] = "sh";
        argv[1] = "-c";
        argv[2] = script;
        argv[3] = "sh";
        for (int i = 0; i < args.length; i++) {
            argv[4 + i] = String.valueOf(args[i]);
        }
        return CommandRunner.run(Command.of(argv).withTimeout(timeout));
    }

    /** Whether {@code pid} is a running process: false once it is gone or a zombie left to be reaped. */
    private static boolean running(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Waits for the end of file of the FIFO (every process holding it has exited), then checks
     * each pid. A process whose files are closed is in its last steps of exiting; the check gives
     * it those (polling the pid, which has no event of its own, against a generous deadline).
     */
    private void assertTreeGone(long... pids) throws Exception {
        while (reader.read() >= 0) {
            // the tree writes nothing more; read to the end
        }
        for (long pid : pids) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (running(pid)) {
                assertTrue("pid " + pid + " still runs", System.nanoTime() < deadline);
                Thread.sleep(1);
            }
        }
    }

    private static long[] pids(String line) {
        String[] w = line.trim().split(" ");
        return new long[] {Long.parseLong(w[0]), Long.parseLong(w[1])};
    }

    @Test
    public void exitStatusAndBothStreams() throws Exception {
        CommandResult r = run("echo out; echo err >&2; exit 3");
        assertEquals(new CommandResult(3, "out\n", "err\n", false, false), r);
        assertFalse(r.succeeded());
        assertTrue(run("true").succeeded());
        assertEquals("a signal n is 128 + n", 137, run("kill -9 $$").exitCode());
    }

    @Test
    public void programsAreFoundOnPathOrTakenAsGiven() throws Exception {
        assertEquals("x\n", CommandRunner.run(Command.of("echo", "x")).stdout());
        assertEquals("y\n", CommandRunner.run(Command.of("/bin/sh", "-c", "echo y")).stdout());
        assertEquals("no-such-tool-daos-xyz: executable file not found in $PATH", assertThrows(IOException.class,
                () -> CommandRunner.run(Command.of("no-such-tool-daos-xyz"))).getMessage());
        Path notExecutable = tmp.newFile("script.sh").toPath();
        assertThrows(IOException.class, () -> CommandRunner.run(Command.of(notExecutable.toString())));
    }

    @Test
    public void largeOutputOnBothStreamsIsReadWhileTheChildRuns() throws Exception {
        CommandResult r = run("head -c 1000000 /dev/zero | tr '\\0' a; head -c 1000000 /dev/zero | tr '\\0' b >&2");
        assertEquals(1_000_000, r.stdout().length());
        assertEquals(1_000_000, r.stderr().length());
        assertTrue(r.stdout().chars().allMatch(ch -> ch == 'a'));
        assertFalse(r.truncated());
    }

    @Test
    public void outputBeyondTheLimitIsDroppedAndTheChildStillFinishes() throws Exception {
        Command c = Command.of("sh", "-c", "echo first; head -c 8000000 /dev/zero; echo err >&2")
                .withOutputLimit(1000).withTimeout(Duration.ofSeconds(60));
        CommandResult r = CommandRunner.run(c);
        assertFalse("not blocked on a full pipe", r.timedOut());
        assertEquals(0, r.exitCode());
        assertEquals(1000, r.stdout().length());
        assertTrue(r.stdout().startsWith("first\n\0"));
        assertEquals("err\n", r.stderr());
        assertTrue(r.truncated());
        assertEquals("", CommandRunner.run(Command.of("echo", "x").withOutputLimit(0)).stdout());
    }

    @Test
    public void environmentAdditionsOnTopOfOursOrAlone() throws Exception {
        Command c = Command.of("sh", "-c", "echo \"$DAOS_A|$DAOS_B|${PATH:+inherited}\"").withEnv("DAOS_A", "1")
                .withEnv("DAOS_B", "2").withEnv("DAOS_A", "3");
        assertEquals("3|2|inherited\n", CommandRunner.run(c).stdout());
        Command alone = Command.of("env").withEnv("DAOS_A", "1").withEnv("EMPTY", "").withoutInheritedEnvironment();
        assertEquals(Set.of("DAOS_A=1", "EMPTY="), Set.of(CommandRunner.run(alone).stdout().split("\n")));
    }

    @Test
    public void stdinIsDevNull() throws Exception {
        assertEquals("/dev/null\n", CommandRunner.run(Command.of("readlink", "/proc/self/fd/0")).stdout());
        CommandResult cat = CommandRunner.run(Command.of("cat").withTimeout(Duration.ofSeconds(60)));
        assertEquals("cat reads end of file at once", new CommandResult(0, "", "", false, false), cat);
    }

    @Test
    public void aGrandchildHoldingStdoutDoesNotHoldUpTheCaller() throws Exception {
        CommandResult r = run("exec 3>\"$1\"; sleep 3600 & echo $!", fifo);
        writer.close();
        long grandchild = Long.parseLong(r.stdout().trim());
        try {
            assertEquals(new CommandResult(0, grandchild + "\n", "", false, false), r);
            assertTrue(running(grandchild));
        } finally {
            ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTreeGone(grandchild);
    }

    @Test
    public void timeoutKillsTheChildAndItsChildren() throws Exception {
        Set<String> threads = threadNames();
        long t0 = System.nanoTime();
        CommandResult r = run(Duration.ofSeconds(2), TREE, fifo);
        assertTrue("took " + (System.nanoTime() - t0) / 1_000_000 + " ms", System.nanoTime() - t0 < 30_000_000_000L);
        assertTrue(r.timedOut());
        assertEquals("killed", 137, r.exitCode());
        assertFalse(r.succeeded());
        assertEquals("no thread left behind", threads, threadNames());
        writer.close();
        String line = reader.readLine();
        assumeTrue("skipped: the timeout came before the child had started its own (busy machine)", line != null);
        assertEquals("output up to the kill is kept", "started\n", r.stdout());
        assertTreeGone(pids(line));
    }

    @Test
    public void interruptKillsTheChildAndItsChildren() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(run(TREE, fifo));
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "runner");
        caller.start();
        long[] pids = pids(reader.readLine());
        assertTrue(running(pids[0]));
        assertTrue(running(pids[1]));
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(caller.isAlive());
        assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof InterruptedException);
        writer.close();
        assertTreeGone(pids);
    }

    @Test
    public void anInterruptedCallerStartsNothing() throws Exception {
        Path marker = tmp.getRoot().toPath().resolve("ran");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> CommandRunner.run(Command.of("touch", marker.toString())));
        assertFalse("the interrupt is consumed", Thread.currentThread().isInterrupted());
        assertFalse(Files.exists(marker));
    }

    @Test
    public void commandChecksItsValues() {
        assertThrows(IllegalArgumentException.class, () -> Command.of());
        assertThrows(IllegalArgumentException.class, () -> Command.of(""));
        assertThrows(IllegalArgumentException.class, () -> Command.of("x").withEnv("A=B", "c"));
        assertThrows(IllegalArgumentException.class, () -> Command.of("x").withEnv("", "c"));
        assertThrows(NullPointerException.class, () -> Command.of("x").withEnv("A", null));
        assertThrows(IllegalArgumentException.class, () -> Command.of("x").withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Command.of("x").withOutputLimit(-1));
        Command c = Command.of("a", "b c");
        assertEquals("a b c", c.toString());
        assertEquals(Command.DEFAULT_TIMEOUT, c.timeout());
        assertEquals(Command.DEFAULT_OUTPUT_LIMIT, c.outputLimit());
        assertTrue(c.inheritEnvironment());
        assertNotNull(c.environment());
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("process reaper")).collect(Collectors.toSet());
    }
}
