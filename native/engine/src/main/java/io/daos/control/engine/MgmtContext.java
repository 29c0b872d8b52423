package io.daos.control.engine;

import java.io.IOException;

import io.daos.control.api.drpc.Der;

/**
 * What every module-2 handler shares: the persisted {@link EngineState} and its store, the
 * run-time {@link Node}, the log, and whether the management service runs in this process (it
 * is not persisted: after a restart StartMS must come again). Not thread-safe; {@link MgmtService}
 * serialises the calls.
 */
final class MgmtContext {
    private final StateStore store;
    private final Node node;
    private final Log log;
    private EngineState st;
    private boolean msStarted;

    MgmtContext(StateStore store, EngineState state, Node node, Log log) {
        this.store = store;
        this.st = state;
        this.node = node;
        this.log = log;
    }

    /** The current state; a failed {@link #persist()} replaces it with the one on disk. */
    EngineState state() {
        return st;
    }

    Node node() {
        return node;
    }

    Log log() {
        return log;
    }

    boolean msStarted() {
        return msStarted;
    }

    void msStarted(boolean started) {
        msStarted = started;
    }

    /** Whether this instance may answer for the management service: {@link Der#SUCCESS} if it
     *  runs here, {@link Der#NOTLEADER} if it exists but StartMS has not come yet,
     *  {@link Der#NOTREPLICA} if it was never created here. */
    int leader() {
        if (!st.msCreated) {
            return Der.NOTREPLICA;
        }
        return msStarted ? Der.SUCCESS : Der.NOTLEADER;
    }

    /**
     * Whether this instance may answer the pool-service methods (create, destroy, query,
     * properties, ACLs, container and pool lists): {@link Der#SUCCESS} once it has a rank (SetRank
     * done) — the control plane sends a pool's methods to the engines of its service replica
     * ranks, and the engine holds that pool's service — else {@link Der#NOTREPLICA}.
     */
    int poolService() {
        return st.rank == EngineState.NIL_RANK ? Der.NOTREPLICA : Der.SUCCESS;
    }

    /** Saves the state; on an I/O error the in-memory state is reloaded from the (old) file and
     *  {@link Der#IO} is returned, else {@link Der#SUCCESS}. */
    int persist() {
        try {
            store.save(st);
            return Der.SUCCESS;
        } catch (IOException e) {
            log.error("saving state to " + store.file() + " failed: " + e.getMessage());
            try {
                st = store.load();
            } catch (IOException e2) {
                log.error("reloading state failed: " + e2.getMessage());
            }
            return Der.IO;
        }
    }
}
