package io.daos.control.management.internal.peer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;

/** A store in memory whose leadership the test sets, counting barriers and leader waits. */
public final class FakeStore implements SystemStore {

    private final LocalStore db = new LocalStore();
    public volatile Leadership leadership = new Leadership(0, 0, 1, 0);
    /** What awaitLeader turns the leadership into (null: unchanged). */
    public volatile Leadership afterWait;
    public volatile RuntimeException syncFailure;
    public final AtomicInteger syncs = new AtomicInteger();
    public final AtomicInteger waits = new AtomicInteger();
    /** What {@link #state()} says. */
    public volatile String state = "";

    @Override
    public Result submit(Command command) {
        return db.submit(command);
    }

    @Override
    public SystemDb view() {
        return db.view();
    }

    @Override
    public SystemDb sync() {
        syncs.incrementAndGet();
        if (syncFailure != null) {
            throw syncFailure;
        }
        return db.view();
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    /**
     * Whether {@link #awaitLeader} waits out its time when it ends without a leader, as a replica
     * that hears of none does (false: it answers at once).
     */
    public volatile boolean waitsOut;

    @Override
    public Leadership awaitLeader(Duration max) {
        waits.incrementAndGet();
        if (afterWait != null) {
            leadership = afterWait;
        }
        if (waitsOut && leadership.leader() < 0) {
            // no leader event comes: the time runs out
            try {
                new java.util.concurrent.CountDownLatch(1).await(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return leadership;
    }

    @Override
    public String state() {
        return state;
    }
}
