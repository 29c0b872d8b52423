package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;

/**
 * Issue 10, point 9: {@code control_log_file} and {@code control_log_mask} were ignored (the log
 * always went to log/daos_server.log at INFO).
 */
public class ControlLogIT {

    private static final long START_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-ctllog");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    /** Waits (bounded) until a line of {@code file} matches. */
    private static String awaitLine(Path file, Predicate<String> p, String what) throws Exception {
        long deadline = System.nanoTime() + START_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    if (p.test(l)) {
                        return l;
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("no line with " + what + " in " + file);
        return null;
    }

    private ServerProcess start(Path ctl, String mask) throws Exception {
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work.dir(), port,
                "control_log_file: \"" + ctl + "\"\ncontrol_log_mask: " + mask + "\n");
        ServerProcess server = work.start("start", "-o", cfg.toString());
        assertEquals(port, server.awaitListening(START_MS));
        return server;
    }

    @Test
    public void point9ControlLogFileWithDebugGetsTheLogInANewDirectory() throws Exception {
        Path ctl = work.resolve("x/ctl.log");
        assertFalse(Files.exists(ctl.getParent()));
        ServerProcess server = start(ctl, "DEBUG");
        awaitLine(ctl, l -> l.contains("gRPC server listening on"), "the gRPC listening line");
        awaitLine(ctl, l -> l.contains(" FINE "), "a debug (FINE) line");
        awaitLine(ctl, l -> l.contains("DAOS config loaded from"), "the config line");
        server.close();
    }

    @Test
    public void point9MaskErrorKeepsInfoOut() throws Exception {
        Path ctl = work.resolve("y/ctl.log");
        ServerProcess server = start(ctl, "ERROR");
        // the gRPC listening line (INFO) is logged before the readiness the start banner waits for
        assertTrue(Files.exists(ctl));
        List<String> lines = Files.readAllLines(ctl);
        assertTrue(lines.toString(), lines.stream().noneMatch(l -> l.contains(" INFO ")));
        assertTrue(lines.toString(), lines.stream().noneMatch(l -> l.contains("gRPC server listening on")));
        server.close();
    }
}
