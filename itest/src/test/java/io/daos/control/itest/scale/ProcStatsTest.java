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

    /** New threads beside the JVM's own, which come and go (compiler threads): see the test. */
    private static final int NEW_THREADS = 8;
    /** The most of the JVM's own threads that may end meanwhile (2-core CI: a few compiler threads). */
    private static final int JVM_THREADS_ENDING = 4;

    /**
     * Threads started here show in the count. The JVM starts and ends compiler threads on its own
     * at any moment (both CI runs of a loaded machine once saw the count unchanged after one new
     * thread), so the test starts {@value #NEW_THREADS} and allows {@value #JVM_THREADS_ENDING} of
     * the JVM's own to end meanwhile.
     */
    @Test
    public void newThreadsAreCounted() throws Exception {
        ProcStats before = ProcStats.of(SELF);
        CountDownLatch started = new CountDownLatch(NEW_THREADS);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] threads = new Thread[NEW_THREADS];
        for (int i = 0; i < NEW_THREADS; i++) {
            threads[i] = new Thread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[i].start();
        }
        try {
            started.await();
            ProcStats with = ProcStats.of(SELF);
            assertTrue(before + " -> " + with,
                    with.threads() >= before.threads() + NEW_THREADS - JVM_THREADS_ENDING);
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
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
