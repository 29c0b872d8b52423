package io.daos.control.management.internal.db;

/** The state of a pool in the pool directory (SPEC-SYSTEM §4.4.1–4.4.2). */
public enum PoolState {
    /** Recorded, the data plane is still creating it. */
    CREATING,
    /** Created, with its service replicas known. */
    READY,
    /** Being destroyed; removed once the data plane is done. */
    DESTROYING;

    /** The state for its ordinal, as the encodings carry it. */
    static PoolState fromOrdinal(int o) {
        if (o < 0 || o >= values().length) {
            throw new IllegalArgumentException("invalid pool state " + o);
        }
        return values()[o];
    }
}
