package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The bundle-cache lock, within this JVM and against another process holding it. */
public class StorageLockTest {

    private Path dir;
    private Path storage;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lock-test");
        storage = dir.resolve("data/cache");
    }

    @After
    public void tearDown() throws Exception {
        TestSupport.deleteTree(dir);
    }

    private void assertHeldElsewhere() {
        try (StorageLock second = StorageLock.acquire(storage)) {
            fail("a second lock on one bundle cache: " + second.file());
        } catch (IOException e) {
            assertEquals("another daos_server is already running with the bundle cache " + storage + " (lock "
                    + dir.resolve("data/cache.lock") + " is held): stop it, or run a separate copy of the distribution",
                    e.getMessage());
        }
    }

    @Test
    public void oneLockPerCacheInThisProcess() throws Exception {
        try (StorageLock l = StorageLock.acquire(storage)) {
            assertEquals(dir.resolve("data/cache.lock"), l.file());
            assertTrue(Files.isRegularFile(l.file()));
            assertTrue(l.held());
            assertHeldElsewhere();
            assertTrue("a failed attempt leaves the holder's lock alone", l.held());
        }
        try (StorageLock again = StorageLock.acquire(storage)) {
            assertTrue(again.held());
        }
        assertFalse("the cache itself is not created by the lock", Files.exists(storage));
    }

    /** Another process holds the lock until it dies (SIGKILL: released by the OS, not by us). */
    @Test
    public void anotherProcessHoldsItUntilItIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), storage.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            // the child's word that it holds the lock, not a guess that it has by now
            String said = CompletableFuture.supplyAsync(() -> {
                try {
                    return r.readLine();
                } catch (IOException e) {
                    return e.toString();
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals(Holder.HELD, said);
            assertHeldElsewhere();
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        try (StorageLock l = StorageLock.acquire(storage)) {
            assertTrue(l.held());
        }
    }

    /** The other process: takes the lock, says so, and keeps it until killed or its stdin ends. */
    public static final class Holder {
        static final String HELD = "held";

        public static void main(String[] args) throws Exception {
            StorageLock l = StorageLock.acquire(Path.of(args[0]));
            System.out.println(HELD);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait
            }
            l.close();
        }
    }
}
