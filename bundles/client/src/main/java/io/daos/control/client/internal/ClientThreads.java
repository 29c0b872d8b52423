package io.daos.control.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of one {@link ChannelCache}: daemon threads named {@code <prefix>-<n>},
 * remembered so that {@link #join(long)} can wait until every one of them has ended after the
 * executors that run them were shut down.
 */
final class ClientThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    ClientThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        synchronized (threads) {
            threads.removeIf(old -> !old.isAlive() && old.getState() == Thread.State.TERMINATED);
            threads.add(t);
        }
        return t;
    }

    /**
     * Waits up to {@code timeoutMillis} in all for the threads made so far to end.
     *
     * @return whether all have ended
     */
    boolean join(long timeoutMillis) {
        List<Thread> snapshot;
        synchronized (threads) {
            snapshot = new ArrayList<>(threads);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean interrupted = false;
        try {
            for (Thread t : snapshot) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    t.join(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return snapshot.stream().noneMatch(Thread::isAlive);
    }
}
