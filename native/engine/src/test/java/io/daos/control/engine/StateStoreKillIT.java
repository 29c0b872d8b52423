package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** SIGKILL a process in a save loop at random moments: the file always loads, and holds the last
 *  acknowledged generation or the one being written — never a torn state. */
public class StateStoreKillIT {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void killDuringWritesLeavesOldOrNewState() throws Exception {
        Path dir = tmp.newFolder("scm").toPath();
        Path errDir = tmp.newFolder("stderr").toPath();
        Random rnd = new Random();
        long seed = rnd.nextLong();
        rnd.setSeed(seed);
        long lastSeen = 0;
        for (int round = 0; round < 12; round++) {
            // stdout carries only the child's protocol ("start <gen>", then one acknowledged
            // generation a line); whatever the JVM says on stderr goes to a file of its own
            Path err = errDir.resolve("round" + round + ".err");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    StateWriterLoop.class.getName(), dir.toString()).redirectError(err.toFile()).start();
            long acked = -1;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String first = r.readLine();
                if (first == null || !first.startsWith("start ")) {
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("child output: " + first + "; stderr: " + Files.readString(err));
                }
                long start = Long.parseLong(first.substring(6));
                assertEquals("round " + round + " (seed " + seed + ") started from a lost state", lastSeen, start);
                int saves = 1 + rnd.nextInt(40);
                for (int i = 0; i < saves; i++) {
                    String line = r.readLine();
                    acked = Long.parseLong(line.trim());
                }
                // kill somewhere inside one of the next writes
                long spin = System.nanoTime() + rnd.nextInt(3_000_000);
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
                p.destroyForcibly();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                // drain what it acknowledged before dying (best effort: the pipe may be closed under us)
                try {
                    String line;
                    while ((line = r.readLine()) != null) {
                        acked = Long.parseLong(line.trim());
                    }
                } catch (java.io.IOException closed) {
                    // acked stays a lower bound
                }
            }
            EngineState s = new StateStore(dir).load(); // throws if torn or damaged
            assertTrue("round " + round + " (seed " + seed + "): loaded generation " + s.generation
                    + ", acknowledged " + acked, s.generation >= acked);
            assertEquals(300, s.pools.size());
            lastSeen = s.generation;
        }
    }
}
