package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.logging.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import io.daos.control.api.testing.LogCapture;

import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;

/** Opening the system DB in the background, waiting for it, the follow-up task, closing. */
public class DbHolderTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** A store that counts its closes. */
    static final class ClosingStore extends LocalStoreBase implements AutoCloseable {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    /** LocalStore is final: delegate. */
    static class LocalStoreBase implements SystemStore {
        private final LocalStore inner = new LocalStore();

        @Override
        public io.daos.control.management.internal.db.Result submit(
                io.daos.control.management.internal.db.Command command) {
            return inner.submit(command);
        }

        @Override
        public io.daos.control.management.internal.db.SystemDb view() {
            return inner.view();
        }
    }

    @Test
    public void storeWaitsForTheOpenAndTheFollowUpRunsUntilDoneThenCloseClosesTheStore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ClosingStore s = new ClosingStore();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thirdRun = new CountDownLatch(1);
        DbHolder h = new DbHolder(() -> {
            release.await();
            return s;
        }, LONG, () -> {
            if (runs.incrementAndGet() == 3) {
                thirdRun.countDown();
                return true;
            }
            return false;
        }, Duration.ofMillis(10));
        h.start();
        assertFalse(h.isOpen());
        release.countDown();
        assertSame(s, h.store());
        assertTrue("follow-up retried until it answered true", thirdRun.await(30, TimeUnit.SECONDS));
        h.close();
        assertTrue(s.closed.await(0, TimeUnit.SECONDS));
        assertEquals(3, runs.get());
        expectUnavailable(h, "stopping");
    }

    @Test
    public void nothingOpensBeforeStartOrAFirstUse() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        DbHolder h = new DbHolder(() -> {
            opens.incrementAndGet();
            return new LocalStore();
        }, LONG, () -> true, Duration.ofSeconds(1));
        try {
            assertFalse(h.isOpen());
            assertEquals(0, opens.get());
            h.view();   // a first use opens it
            h.start();  // and a later start does not open it again
            assertEquals(1, opens.get());
        } finally {
            h.close();
        }
    }

    @Test
    public void aFailedOpenIsUnavailableWithItsReason() {
        DbHolder h = new DbHolder(() -> {
            throw new java.io.IOException("/x: not a directory");
        }, LONG, () -> true, Duration.ofSeconds(1));
        try {
            expectUnavailable(h, "failed to open: /x: not a directory");
            assertEquals("the system DB failed to open: /x: not a directory", h.state());
        } finally {
            h.close();
        }
    }

    @Test
    public void anOpenThatTakesTooLongIsUnavailableAndCloseDoesNotHang() {
        CountDownLatch never = new CountDownLatch(1);
        DbHolder h = new DbHolder(() -> {
            never.await();
            return new LocalStore();
        }, Duration.ofMillis(50), () -> true, Duration.ofSeconds(1));
        expectUnavailable(h, "still opening");
        h.close();   // interrupts the opener
    }

    /**
     * A framework stop while the DB still opens (SIGTERM right after start): the open is let end,
     * not interrupted (a Raft server interrupted in its start logs failures), its store closed, and
     * nothing is logged as a failure.
     */
    @Test
    public void aCloseDuringTheOpenLetsItEndThenClosesItsStoreQuietly() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ClosingStore s = new ClosingStore();
        try (LogCapture log = new LogCapture(DbHolder.class.getName(), Level.WARNING)) {
            DbHolder h = new DbHolder(() -> {
                opening.countDown();
                release.await();
                return s;
            }, LONG, () -> true, Duration.ofSeconds(1));
            h.start();
            assertTrue(opening.await(30, TimeUnit.SECONDS));
            Thread closer = new Thread(h::close);
            closer.start();
            release.countDown();
            closer.join(30_000);
            assertFalse("close returned", closer.isAlive());
            assertTrue("the store the open gave is closed", s.closed.await(0, TimeUnit.SECONDS));
            assertEquals(List.of(), log.records());
            expectUnavailable(h, "stopping");
        }
    }

    @Test
    public void aFollowUpThatThrowsIsRetried() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(1);
        DbHolder h = new DbHolder(LocalStore::new, LONG, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("data plane not up");
            }
            second.countDown();
            return true;
        }, Duration.ofMillis(10));
        h.start();
        try {
            assertTrue(second.await(30, TimeUnit.SECONDS));
        } finally {
            h.close();
        }
    }

    private static void expectUnavailable(DbHolder h, String text) {
        try {
            h.store();
            fail("store() answered");
        } catch (StoreUnavailableException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(text));
        }
    }

    @Test
    public void beforeTheStoreOpensNoLeaderIsKnownAndAWaitForOneWaitsForTheOpenFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        io.daos.control.management.internal.peer.FakeStore s = new io.daos.control.management.internal.peer.FakeStore();
        s.leadership = new SystemStore.Leadership(1, 2, 3, 7);
        DbHolder h = new DbHolder(() -> {
            release.await();
            return s;
        }, 3, LONG, () -> true, Duration.ofSeconds(1));
        try {
            h.start();
            assertEquals(new SystemStore.Leadership(-1, -1, 3, 0), h.leadership());
            assertEquals("the system DB is still opening", h.state());
            s.state = "follower in term 7";
            assertEquals("a short wait ends without a leader", -1, h.awaitLeader(Duration.ofMillis(50)).leader());
            List<SystemStore.Leadership> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            h.onLeaderChange(told::add);
            release.countDown();
            assertEquals(s.leadership, h.awaitLeader(LONG));
            assertEquals(s.leadership, h.leadership());
            assertEquals("the open store's state", "follower in term 7", h.state());
            assertEquals("the store's wait is used once it is open", 1, s.waits.get());
            h.sync();
            assertEquals(1, s.syncs.get());
        } finally {
            h.close();
        }
    }
}
