package io.daos.control.harness.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.grpc.Context;
import io.grpc.Deadline;

/**
 * The turn of the rank operations of one harness: PrepShutdownRanks, StopRanks and StartRanks run
 * one at a time, in the order they arrived, so that two StartRanks can never both pass the
 * "nothing runs" check and two StopRanks never judge each other's half-stopped instances.
 * PingRanks takes no turn (it changes nothing; SystemQuery must not queue behind a stop).
 *
 * <p>The wait for a turn is bounded: at most {@link #WAIT_MS}, and no longer than the caller's
 * gRPC deadline less {@link #RUN_MS} (a caller with less time left than that only takes a free
 * turn). A caller that does not get its turn in time fails with a {@link RanksException}
 * saying so, instead of holding a server thread behind an operation that is stuck.
 */
final class RankOpsLock {

    /**
     * The longest wait for a turn: longer than any one operation takes (StopRanks and StartRanks
     * wait 3 s, PrepShutdownRanks up to 10 s per instance dRPC), shorter than the 30 s the access
     * point gives a fan-out call.
     */
    static final long WAIT_MS = 25_000;
    /**
     * What an operation may still need once it has its turn (StopRanks and StartRanks wait up to
     * 3 s for the instances): kept free of the caller's deadline, so that a caller who does not
     * get its turn in time hears so before its deadline instead of timing out.
     */
    static final long RUN_MS = 4_000;

    /** One rank operation, run in its turn. */
    @FunctionalInterface
    interface Op<T> {
        T run() throws RanksException, InterruptedException;
    }

    private final ReentrantLock lock = new ReentrantLock(true);
    private final long waitMs;

    RankOpsLock() {
        this(WAIT_MS);
    }

    /** @param waitMs the longest wait for a turn */
    RankOpsLock(long waitMs) {
        this.waitMs = waitMs;
    }

    /**
     * Runs {@code op} once no other operation runs.
     *
     * @param action the operation's name for the refusal (e.g. {@code start})
     * @throws RanksException {@code can't <action> instances: another rank operation is still in
     *         progress} when the turn did not come within the bounded wait
     */
    <T> T run(String action, Op<T> op) throws RanksException, InterruptedException {
        long wait = waitMs;
        Deadline deadline = Context.current().getDeadline();
        if (deadline != null) {
            wait = Math.max(0, Math.min(wait, deadline.timeRemaining(TimeUnit.MILLISECONDS) - RUN_MS));
        }
        if (!lock.tryLock(wait, TimeUnit.MILLISECONDS)) {
            throw new RanksException("can't " + action + " instances: another rank operation is still in progress"
                    + " (waited " + wait + " ms)");
        }
        try {
            return op.run();
        } finally {
            lock.unlock();
        }
    }

    /** Whether an operation holds the turn now (for tests). */
    boolean isBusy() {
        return lock.isLocked();
    }
}
