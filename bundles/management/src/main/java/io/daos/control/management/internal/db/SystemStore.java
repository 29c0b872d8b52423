package io.daos.control.management.internal.db;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where the system DB lives for the services that use it: changes go through {@link #submit},
 * which appends the command to the replicated log and answers once this replica has applied it;
 * reads look at {@link #view()}, the state this replica has applied so far.
 */
public interface SystemStore {

    /** How long a change may wait for the log by default. */
    Duration SUBMIT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Applies {@code command} through the log and answers its result.
     *
     * @throws StoreUnavailableException the log did not take the command in time (no leader, shut
     *         down, storage failure); whether it was applied is then unknown
     */
    Result submit(Command command);

    /** The state applied so far; read it, never change it. */
    SystemDb view();

    /**
     * The applied state after a linearizable barrier: it includes every change that any replica
     * acknowledged before this call. Read it, never change it. Without replicas (the default) it is
     * {@link #view()}.
     *
     * @throws StoreUnavailableException the barrier did not complete within {@link #SUBMIT_TIMEOUT}
     *         (no leader, or no majority answering it)
     */
    default SystemDb sync() {
        return view();
    }

    /**
     * This replica's current view of who leads; cheap, no I/O. Without replicas (the default) this
     * one store is the leader of a group of one.
     */
    default Leadership leadership() {
        return new Leadership(0, 0, 1, 0);
    }

    /**
     * Waits until a leader is known, or {@code max} has passed, and answers {@link #leadership()}
     * (whose {@code leader} is still -1 if none became known in time).
     */
    default Leadership awaitLeader(Duration max) {
        return leadership();
    }

    /**
     * What this replica knows of the group, in a few words for a message (its role, term and when
     * it last heard from a leader; or why it is not open); empty without replicas.
     */
    default String state() {
        return "";
    }

    /**
     * Calls {@code listener} each time the leader known to this replica changes, on a thread of the
     * log's; the listener must return quickly and never block. Without replicas it is never called.
     */
    default void onLeaderChange(Consumer<Leadership> listener) {
        // a store without replicas keeps its one leader
    }

    /**
     * Who leads the group, as seen by one replica.
     *
     * @param self   this replica's peer index, -1 if it is not a peer
     * @param leader the leader's peer index, -1 while none is known (or this replica was elected but
     *               has not yet applied the first entry of its term)
     * @param peers  the number of peers in the group
     * @param term   the replica's current term (0 without replicas)
     */
    record Leadership(int self, int leader, int peers, long term) {

        /** Whether this replica is the leader, ready to serve. */
        public boolean isLeader() {
            return self >= 0 && self == leader;
        }
    }

    /** Thrown when a change could not be confirmed. */
    final class StoreUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** With the reason, shown to the caller as {@code system DB unavailable: <message>}. */
        public StoreUnavailableException(String message, Throwable cause) {
            super("system DB unavailable: " + message, cause);
        }
    }
}
