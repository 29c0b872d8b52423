package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.grpc.Context;

/** The turn of the rank operations: one at a time, a bounded wait, the caller's deadline honoured. */
public class RankOpsLockTest {

    @Rule
    public Timeout timeout = Timeout.seconds(30);

    /** Holds the turn in another thread until {@code release} opens; returns once it holds it. */
    private static CompletableFuture<String> hold(RankOpsLock turn, CountDownLatch release) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return turn.run("stop", () -> {
                    holding.countDown();
                    release.await();
                    return "done";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        return f;
    }

    @Test
    public void operationsNeverOverlap() throws Exception {
        RankOpsLock turn = new RankOpsLock();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[8];
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(all.length);
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                    for (int round = 0; round < 50; round++) {
                        turn.run("start", () -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                            inside.decrementAndGet();
                            return null;
                        });
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
        }
        go.countDown();
        try {
            CompletableFuture.allOf(all).get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get());
        assertFalse(turn.isBusy());
    }

    @Test
    public void aCallerThatDoesNotGetItsTurnInTimeGetsACleanError() throws Exception {
        RankOpsLock turn = new RankOpsLock(50);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = hold(turn, release);
        RanksException e = assertThrows(RanksException.class, () -> turn.run("start", () -> "never"));
        assertEquals("can't start instances: another rank operation is still in progress (waited 50 ms)",
                e.getMessage());
        release.countDown();
        assertEquals("done", first.get(10, TimeUnit.SECONDS));
        assertEquals("now", turn.run("start", () -> "now"));
    }

    @Test
    public void theWaitEndsWithTheCallersDeadline() throws Exception {
        RankOpsLock turn = new RankOpsLock(60_000);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = hold(turn, release);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            // the refusal comes while the caller can still hear it: RUN_MS before its deadline
            long deadlineMs = RankOpsLock.RUN_MS + 300;
            Context.CancellableContext ctx = Context.ROOT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS, timer);
            long t0 = System.nanoTime();
            RanksException e = assertThrows(RanksException.class, () -> ctx.call(() -> turn.run("stop", () -> "x")));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(e.getMessage(), e.getMessage().startsWith(
                    "can't stop instances: another rank operation is still in progress (waited "));
            assertTrue("refused after " + tookMs + " ms", tookMs < deadlineMs - RankOpsLock.RUN_MS / 2);
            ctx.cancel(null);
        } finally {
            timer.shutdownNow();
            release.countDown();
        }
        assertEquals("done", first.get(10, TimeUnit.SECONDS));
    }
}
