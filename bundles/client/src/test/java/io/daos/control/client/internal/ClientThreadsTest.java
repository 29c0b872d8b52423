package io.daos.control.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;

import org.junit.Test;

public class ClientThreadsTest {

    @Test
    public void threadsAreNamedDaemons() {
        ClientThreads f = new ClientThreads("x");
        Thread a = f.newThread(() -> { });
        Thread b = f.newThread(() -> { });
        assertEquals("x-1", a.getName());
        assertEquals("x-2", b.getName());
        assertTrue(a.isDaemon());
    }

    @Test
    public void joinWaitsForEveryThreadMade() throws Exception {
        ClientThreads f = new ClientThreads("join");
        CountDownLatch release = new CountDownLatch(1);
        Thread t = f.newThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertFalse("a thread blocked on the latch cannot have ended", f.join(10));
        release.countDown();
        assertTrue(f.join(60_000));
        assertFalse(t.isAlive());
    }

    @Test
    public void threadsNeverStartedDoNotHoldUpJoin() {
        ClientThreads f = new ClientThreads("unstarted");
        f.newThread(() -> { });
        assertTrue(f.join(1));
    }
}
