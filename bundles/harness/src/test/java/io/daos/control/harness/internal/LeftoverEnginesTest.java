package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/** Recognising and killing the I/O servers a SIGKILLed daos_server left, with shells as engines. */
public class LeftoverEnginesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public Timeout timeout = Timeout.seconds(60);

    private final List<Process> started = new ArrayList<>();

    @After
    public void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A shell that blocks reading its stdin, with {@code args} after it on its command line. */
    private ProcessHandle engine(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "read x", "daos_io_server"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        return p.toHandle();
    }

    @Test
    public void namesTheSocketDirectoryOnlyAsTheValueOfMinusD() {
        String dir = "/var/run/daos_server";
        assertTrue(LeftoverEngines.names(new String[] {"-t", "1", "-d", dir, "-I", "0"}, dir));
        assertTrue(LeftoverEngines.names(new String[] {"-d", "/var/run/daos_server/"}, dir));
        assertTrue(LeftoverEngines.names(new String[] {"-d", "/var/run/../run/daos_server"}, dir));
        assertFalse(LeftoverEngines.names(new String[] {"-d", "/var/run/daos_server2"}, dir));
        assertFalse(LeftoverEngines.names(new String[] {"-s", dir}, dir));
        assertFalse(LeftoverEngines.names(new String[] {dir, "-d"}, dir));
        assertFalse(LeftoverEngines.names(new String[] {"-d", ""}, dir));
        assertFalse(LeftoverEngines.names(new String[] {"-d", "a\0b"}, dir));
        assertFalse(LeftoverEngines.names(null, dir));
    }

    @Test
    public void killsTheLeftoversOfThisSocketDirectoryAndNothingElse() throws Exception {
        String dir = tmp.newFolder("run").toString();
        ProcessHandle leftover = engine("-t", "1", "-I", "0", "-d", dir);
        ProcessHandle wrapped = engine("--pdeathsig", "KILL", "--", "/x/daos_io_server", "-d", dir + "/", "-I", "1");
        ProcessHandle otherDir = engine("-I", "0", "-d", tmp.newFolder("other").toString());
        ProcessHandle owned = engine("-I", "0", "-d", dir);
        List<Long> killed = LeftoverEngines.kill(dir, Stream.of(leftover, wrapped, otherDir, owned),
                h -> h.equals(owned));
        assertEquals(List.of(leftover.pid(), wrapped.pid()), killed);
        assertFalse(leftover.isAlive());
        assertFalse(wrapped.isAlive());
        assertTrue(otherDir.isAlive());
        assertTrue(owned.isAlive());
        assertEquals(List.of(), LeftoverEngines.kill("", Stream.of(otherDir), h -> false));
        assertTrue(otherDir.isAlive());
    }

    @Test
    public void anEngineWhoseParentIsThisJvmWithoutTheLauncherIsNotAServersEngine() throws Exception {
        // this test JVM is no daos_server: its child counts as a leftover, a process without parent too
        ProcessHandle child = engine("-d", tmp.getRoot().toString());
        assertFalse(LeftoverEngines.hasServerParent(child));
        assertFalse(LeftoverEngines.hasServerParent(ProcessHandle.of(1).orElseThrow()));
    }
}
