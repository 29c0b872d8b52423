package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.Test;

/** Real child processes: the lookup, stdout, and the reference's texts of each failure. */
public class ToolsTest {

    private static String error(List<String> argv, String missing, long timeoutSeconds) {
        return assertThrows(IOException.class, () -> Tools.run(argv, missing, timeoutSeconds)).getMessage();
    }

    @Test
    public void findsToolsOnPath() {
        assertTrue(Tools.find("sh").isPresent());
        assertFalse(Tools.find("no-such-tool-daos-xyz").isPresent());
    }

    @Test
    public void returnsStdout() throws Exception {
        assertEquals("hello\n", Tools.run(List.of("sh", "-c", "echo hello; echo noise >&2"), "x", 30));
        assertEquals("by path\n", Tools.run(List.of("/bin/sh", "-c", "echo by path"), "x", 30));
    }

    @Test
    public void exitErrorCarriesBothStreamsTrimmed() {
        assertEquals("exit status 3: stdout: out; stderr: err",
                error(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), "x", 30));
    }

    @Test
    public void missingTool() {
        assertEquals("no-such-tool-daos-xyz: command not found",
                error(List.of("no-such-tool-daos-xyz", "list"), "no-such-tool-daos-xyz: command not found", 30));
    }

    @Test
    public void timeoutKillsTheProcess() {
        long t0 = System.nanoTime();
        assertEquals("sleep 60: timed out after 1s", error(List.of("sleep", "60"), "x", 1));
        assertTrue("took " + (System.nanoTime() - t0) / 1_000_000 + " ms", System.nanoTime() - t0 < 30_000_000_000L);
    }

    @Test
    public void anInterruptIsReportedAndKept() {
        Thread.currentThread().interrupt();
        try {
            assertEquals("interrupted running sleep", error(List.of("sleep", "60"), "x", 60));
            assertTrue("interrupt status kept", Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
