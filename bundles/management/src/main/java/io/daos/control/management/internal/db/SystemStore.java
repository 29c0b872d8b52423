package io.daos.control.management.internal.db;

import java.time.Duration;

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

    /** Thrown when a change could not be confirmed. */
    final class StoreUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** With the reason, shown to the caller as {@code system DB unavailable: <message>}. */
        public StoreUnavailableException(String message, Throwable cause) {
            super("system DB unavailable: " + message, cause);
        }
    }
}
