package io.daos.control.itest.scale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

import org.junit.Test;

/** {@link ProcStats} on this JVM: a thread and a socket opened here show in the counts. */
public class ProcStatsTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    public void aNewThreadCountsOnce() throws Exception {
        ProcStats before = ProcStats.of(SELF);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        try {
            started.await();
            ProcStats with = ProcStats.of(SELF);
            assertTrue(before + " -> " + with, with.threads() >= before.threads() + 1);
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    public void anOpenSocketIsAnFdAndASocket() throws Exception {
        ProcStats before = ProcStats.of(SELF);
        ProcStats with;
        try (ServerSocket s = new ServerSocket(0)) {
            with = ProcStats.of(SELF);
        }
        ProcStats after = ProcStats.of(SELF);
        assertEquals(before + " -> " + with, before.sockets() + 1, with.sockets());
        assertEquals(before + " -> " + with, before.fds() + 1, with.fds());
        assertEquals(before.sockets(), after.sockets());
    }

    @Test
    public void maxTakesEachLargestCount() {
        assertEquals(new ProcStats(5, 9, 4), new ProcStats(5, 3, 4).max(new ProcStats(1, 9, 2)));
    }

    @Test
    public void aProcessThatIsGoneIsAnIoException() {
        try {
            ProcStats.of(Long.MAX_VALUE);
            fail("a sample of no process");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(Long.toString(Long.MAX_VALUE)));
        }
    }
}
