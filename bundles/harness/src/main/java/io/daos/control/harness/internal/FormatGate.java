package io.daos.control.harness.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

import io.daos.control.api.harness.Harness.GateWork;

/**
 * The format gate (SPEC-SERVER §3.5, §3.6, §4.10), and the one lock that keeps StorageFormat and
 * the harness's own use of the instances' storage apart.
 *
 * <p>Whoever holds the gate is alone with the storage: a format, for the whole of its work
 * ({@link #atGate}), or the harness thread ({@link #pass}) while it checks an instance's storage
 * (format check, mount, superblock read) and while it creates the superblocks. The harness lets
 * go of the gate only while it waits for the release of an instance, and takes it back only once
 * that instance is released and the format that released it has returned: a release within a
 * format never lets the harness look at one instance while the same format still wipes the next.
 * A release also gives the next turn to the harness, before any format that asks after it. The
 * harness leaves the gate still holding it, after the superblocks, so from then on every format
 * is refused: there is no moment at which a format could still run while the harness already
 * reads or writes the storage.
 *
 * <p>A plain monitor with an owner rather than a {@code ReentrantLock} and a {@code Condition}:
 * a condition wait must take the lock back before it ends, even when interrupted, so the harness
 * thread could not end on close() while a long format holds the gate; here each of its waits ends
 * at once. A format holding the gate may release instances (it re-enters).
 */
final class FormatGate {

    /** The gate's lines keep the logger of the instance they are about (log format unchanged). */
    private static final Logger LOG = Logger.getLogger(IOServerInstance.class.getName());

    private final List<IOServerInstance> instances;
    private final Object lock = new Object();
    /** Per instance: released by a format (guarded by lock). */
    private final boolean[] released;
    /** Who holds the gate, and how many times (guarded by lock). */
    private Thread holder;
    private int holds;
    /** The instance the harness waits for, or -1 (guarded by lock). */
    private int awaited = -1;
    /** The awaited instance was released: the harness goes before any later format (guarded by lock). */
    private boolean harnessNext;
    /** The harness thread while it is in {@link #pass} (guarded by lock). */
    private Thread harness;
    /** Formats waiting for the gate (guarded by lock). */
    private int formatsWaiting;
    private volatile boolean left;

    FormatGate(List<IOServerInstance> instances) {
        this.instances = instances;
        this.released = new boolean[instances.size()];
    }

    /** The harness has left the gate: the superblocks exist and format is refused for good. */
    boolean isLeft() {
        return left;
    }

    // ---------------------------------------------------------------- the format side

    /**
     * Runs {@code work} holding the gate, unless the harness has left it. Waits while the harness
     * or another format holds it, and while the harness has the next turn.
     *
     * @return the work's result (it must not be null), or empty: the harness has left the gate
     */
    <T, E extends Exception> Optional<T> atGate(GateWork<T, E> work) throws E, InterruptedException {
        if (left) {
            return Optional.empty();
        }
        enterForFormat();
        try {
            return left ? Optional.empty() : Optional.of(work.run());
        } finally {
            exit();
        }
    }

    /**
     * Releases instance {@code index}: its storage was just formatted. Within a format's work
     * (the usual case) at once; otherwise it waits for the gate like a format (not interruptibly:
     * an interrupt is kept for later). Nothing happens once the harness has left the gate.
     * Before, the superblock the gate may have read from the instance described the wiped
     * storage: the instance drops it, and a new one is created.
     */
    void release(int index) {
        boolean interrupted = false;
        while (true) {
            try {
                atGate(() -> {
                    synchronized (lock) {
                        released[index] = true;
                        harnessNext |= awaited == index;
                    }
                    instances.get(index).storageFormatted();
                    return Boolean.TRUE;
                });
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enterForFormat() throws InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (lock) {
            if (holder == me) {
                holds++;
                return;
            }
            formatsWaiting++;
            try {
                while (holder != null || harnessNext) {
                    lock.wait();
                }
            } finally {
                formatsWaiting--;
            }
            holder = me;
            holds = 1;
        }
    }

    private void exit() {
        synchronized (lock) {
            if (--holds == 0) {
                holder = null;
                lock.notifyAll();
            }
        }
    }

    // ---------------------------------------------------------------- the harness side

    /**
     * The harness thread through the gate: for each instance in index order, its storage check
     * and, when the storage is not usable, the wait for its release; then the superblocks; then
     * the gate is left. Holds the gate throughout except while it waits.
     *
     * @param closed true once the harness closes (close() also interrupts the thread)
     * @throws HarnessClosed the harness closed while an instance waited for its release
     * @throws InterruptedException interrupted (closed) while waiting for the gate at the start
     */
    void pass(BooleanSupplier closed) throws Fatal, HarnessClosed, InterruptedException {
        try {
            synchronized (lock) {
                harness = Thread.currentThread();
                takeForHarness(() -> true, closed);
            }
            for (IOServerInstance inst : instances) {
                if (!inst.storageUsable()) {
                    awaitRelease(inst.index, closed);
                }
            }
            for (IOServerInstance inst : instances) {
                inst.createSuperblock();
            }
            left = true;
        } finally {
            synchronized (lock) {
                if (holder == Thread.currentThread()) {
                    holder = null;
                    holds = 0;
                }
                harness = null;
                awaited = -1;
                harnessNext = false;
                lock.notifyAll();
            }
        }
    }

    /** Lets go of the gate until instance {@code i} is released and no format holds the gate. */
    private void awaitRelease(int i, BooleanSupplier closed) throws HarnessClosed {
        synchronized (lock) {
            if (!released[i]) {
                // a warning, so that it reaches the console of a foreground daos_server: nothing
                // happens until the administrator formats
                LOG.warning("SCM format required on instance " + i
                        + "; awaiting format: run `dmg storage format` (this distribution's bin/dmg)");
            }
            holder = null;
            holds = 0;
            awaited = i;
            lock.notifyAll();
            try {
                takeForHarness(() -> released[i], closed);
            } catch (InterruptedException | HarnessClosed e) {
                LOG.info("DAOS I/O Server instance " + i + " storage not ready: context canceled");
                throw new HarnessClosed();
            }
        }
        LOG.info("DAOS I/O Server instance " + i + " storage ready");
    }

    /** Holding lock: waits until {@code ready} and the gate is free, then takes it for the harness. */
    private void takeForHarness(BooleanSupplier ready, BooleanSupplier closed)
            throws HarnessClosed, InterruptedException {
        while (!ready.getAsBoolean() || holder != null) {
            if (closed.getAsBoolean()) {
                throw new HarnessClosed();
            }
            lock.wait();
        }
        holder = Thread.currentThread();
        holds = 1;
        awaited = -1;
        harnessNext = false;
    }

    // ---------------------------------------------------------------- state, for tests

    /** The calling thread holds the gate. */
    boolean heldByCurrentThread() {
        synchronized (lock) {
            return holder == Thread.currentThread();
        }
    }

    /** The harness thread is at the gate and waits for it (it does not hold it). */
    boolean harnessWaiting() {
        synchronized (lock) {
            return harness != null && holder != harness;
        }
    }

    /**
     * The monitor behind the gate: a test holding it keeps a released harness thread from taking
     * its turn while the test asks for the gate again.
     */
    Object monitor() {
        return lock;
    }

    /** How many formats wait for the gate. */
    int formatsWaiting() {
        synchronized (lock) {
            return formatsWaiting;
        }
    }
}
