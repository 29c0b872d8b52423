package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.List;

import org.junit.Test;

/** Real child processes: PATH lookup, output, the reference's exit-error text, the timeout. */
public class CommandRunnerTest {

    @Test
    public void findsToolsOnPath() {
        assertTrue(CommandRunner.find("sh").isPresent());
        assertFalse(CommandRunner.find("no-such-tool-daos-xyz").isPresent());
    }

    @Test
    public void returnsStdout() throws Exception {
        assertEquals("hello\n", CommandRunner.run(List.of("sh", "-c", "echo hello; echo noise >&2"), "x", 30));
    }

    @Test
    public void exitErrorCarriesBothStreams() {
        try {
            CommandRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), "x", 30);
            fail("exit 3 succeeded");
        } catch (IOException e) {
            assertEquals("exit status 3: stdout: out; stderr: err", e.getMessage());
        }
    }

    @Test
    public void missingTool() {
        try {
            CommandRunner.run(List.of("no-such-tool-daos-xyz", "list"), "no-such-tool-daos-xyz: command not found", 30);
            fail("ran a missing tool");
        } catch (IOException e) {
            assertEquals("no-such-tool-daos-xyz: command not found", e.getMessage());
        }
    }

    @Test
    public void largeOutputDoesNotBlock() throws Exception {
        String out = CommandRunner.run(List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a; "
                + "head -c 1000000 /dev/zero | tr '\\0' b >&2"), "x", 60);
        assertEquals(1_000_000, out.length());
    }

    @Test
    public void timeoutKillsTheProcess() {
        long t0 = System.nanoTime();
        try {
            CommandRunner.run(List.of("sleep", "60"), "x", 1);
            fail("sleep 60 finished within 1s");
        } catch (IOException e) {
            assertEquals("sleep 60: timed out after 1s", e.getMessage());
        }
        assertTrue("took " + (System.nanoTime() - t0) / 1_000_000 + " ms", System.nanoTime() - t0 < 30_000_000_000L);
    }
}
