package io.daos.control.dmg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

/** The class-data archive's training run: every command, in process, silent, no host dialled. */
public class TrainingTest {

    @Test
    public void everyCommandRunsSilentlyAgainstTheInProcessChannels() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int[] status;
        try {
            PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            status = Training.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
        String[][] commands = Training.commands();
        assertEquals(commands.length, status.length);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            if (status[i] != 0) {
                failed.add(String.join(" ", commands[i]) + " -> " + status[i]);
            }
        }
        // the two deliberate parser errors fail; every body ran to its end on the empty replies, none threw
        assertTrue(failed.toString(), failed.contains("system quack -> 1"));
        assertTrue(failed.toString(), failed.contains("pool create -> 1"));
        assertTrue(failed.toString(), failed.stream().noneMatch(f -> f.endsWith("-> -1")));
        assertTrue(Arrays.toString(status), failed.size() < commands.length / 2);
    }
}
