package io.daos.control.management.internal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;

/**
 * Opens the system DB in the background, so that neither activating the management bundle nor
 * the server's start-up waits for the log to be replayed, and hands it out once open:
 * {@link #store()} waits for it (bounded),
 * and the holder is itself a {@link SystemStore} that waits the same way.
 * Once open it runs the {@linkplain #DbHolder follow-up task} until the task reports done (the
 * resolution of pools left Creating by a crash needs the data plane, which may start later).
 * {@link #close()} stops both threads and closes the store.
 */
final class DbHolder implements SystemStore, AutoCloseable {

    /** Opens the store; runs once, on the holder's thread. */
    @FunctionalInterface
    interface Opener {
        SystemStore open() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(DbHolder.class.getName());

    private final CompletableFuture<SystemStore> opened = new CompletableFuture<>();
    private final ScheduledExecutorService worker;
    private final Duration wait;
    private final int peers;
    private final Opener opener;
    private final BooleanSupplier followUp;
    private final Duration period;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    /** The open was started and has not ended yet. */
    private volatile boolean opening = true;

    /**
     * A holder that opens the store when {@link #start()} or the first {@link #store()} asks.
     *
     * @param opener   what opens the store
     * @param wait     how long {@link #store()} waits for it
     * @param followUp run after the store opened, then every {@code period} until it answers true
     * @param period   the retry period of the follow-up
     */
    DbHolder(Opener opener, Duration wait, BooleanSupplier followUp, Duration period) {
        this(opener, 1, wait, followUp, period);
    }

    /** As above, for a store of {@code peers} replicas (what {@link #leadership()} says before it opens). */
    DbHolder(Opener opener, int peers, Duration wait, BooleanSupplier followUp, Duration period) {
        this.peers = peers;
        this.wait = wait;
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "system-db");
            t.setDaemon(true);
            return t;
        });
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = w;
        this.opener = opener;
        this.followUp = followUp;
        this.period = period;
    }

    /**
     * Starts opening the store on the holder's thread, once; later calls do nothing. The first
     * {@link #store()} starts it too.
     */
    void start() {
        if (closed || !started.compareAndSet(false, true)) {
            return;
        }
        worker.execute(this::open);
    }

    private void open() {
        try {
            SystemStore s = opener.open();
            if (closed) {
                closeStore(s);
                opened.completeExceptionally(new IllegalStateException("closed"));
                return;
            }
            opened.complete(s);
            LOG.info("system DB open: " + s.view().members().size() + " members, "
                    + s.view().pools().size() + " pools, map version " + s.view().mapVersion());
            schedule(followUp, period, 0);
        } catch (Exception | Error e) {
            if (closed) {
                LOG.fine("system DB open abandoned: the management service stops (" + e.getMessage() + ")");
            } else {
                LOG.log(Level.SEVERE, "system DB failed to open: " + e.getMessage(), e);
            }
            opened.completeExceptionally(e);
        } finally {
            opening = false;
        }
    }

    private void schedule(BooleanSupplier task, Duration period, long delayMs) {
        if (closed) {
            return;
        }
        worker.schedule(() -> {
            boolean done;
            try {
                done = task.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.fine("system DB follow-up failed, retried: " + e.getMessage());
                done = false;
            }
            if (!done) {
                schedule(task, period, period.toMillis());
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The open store.
     *
     * @throws StoreUnavailableException it did not open within the wait, failed to open, or the
     *         holder is closed
     */
    SystemStore store() {
        start();
        if (closed) {
            throw new StoreUnavailableException("management service stopping", null);
        }
        try {
            return opened.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("still opening after " + wait.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("failed to open: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for it to open", e);
        }
    }

    /** {@link #store()}'s {@code submit}. */
    @Override
    public Result submit(Command command) {
        return store().submit(command);
    }

    /** {@link #store()}'s {@code view}. */
    @Override
    public SystemDb view() {
        return store().view();
    }

    /** {@link #store()}'s {@code sync}. */
    @Override
    public SystemDb sync() {
        return store().sync();
    }

    /** The open store's; while it is not open, no leader is known. */
    @Override
    public Leadership leadership() {
        return isOpen() ? opened.join().leadership() : new Leadership(-1, -1, peers, 0);
    }

    /** The open store's; before, that it is still opening or why it failed to open. */
    @Override
    public String state() {
        if (isOpen()) {
            return opened.join().state();
        }
        if (!opened.isDone()) {
            return "the system DB is still opening";
        }
        try {
            opened.join();
            return "";
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "the system DB failed to open: " + cause.getMessage();
        }
    }

    /** {@link #store()}'s, the wait for the store to open counted in {@code max}. */
    @Override
    public Leadership awaitLeader(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        SystemStore s;
        try {
            s = opened.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return leadership();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return leadership();
        }
        return s.awaitLeader(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }

    /** Passed to the store once it is open. */
    @Override
    public void onLeaderChange(Consumer<Leadership> listener) {
        opened.thenAccept(s -> s.onLeaderChange(listener));
    }

    /** Whether the store is open (a call to {@link #store()} would not wait). */
    boolean isOpen() {
        return opened.isDone() && !opened.isCompletedExceptionally();
    }

    /**
     * Stops the follow-up and closes the store. An open still under way is given up to the wait
     * of {@link #store()} to end by itself (the store it gives is then closed at once): an
     * interrupt in the middle of a Raft server's start makes it fail noisily. After that the thread
     * is interrupted.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (started.get() && opening) {
                worker.shutdown();
                worker.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            worker.shutdownNow();
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("system DB thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        opened.completeExceptionally(new IllegalStateException("closed"));
        if (isOpen()) {
            closeStore(opened.join());
        }
    }

    private static void closeStore(SystemStore s) {
        if (s instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the system DB: " + e.getMessage(), e);
            }
        }
    }
}
