package io.daos.control.management.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.daos.control.api.drpc.Der;
import io.daos.control.management.internal.db.PoolRecord;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.management.internal.db.SystemStore;

/**
 * What the data plane would answer about a pool named in a request before it looks any further
 * (SPEC-SYSTEM §4.4.2–4.4.6), decided from the system DB, which is authoritative for the pool
 * directory: a uuid that libuuid does not parse is {@value Der#INVAL}, a pool the DB does not know
 * {@value Der#NONEXIST}, a pool still being created {@value Der#AGAIN}; a Ready or Destroying
 * pool is {@value Der#SUCCESS} and the request goes on to the data plane.
 */
final class PoolLookup {

    private PoolLookup() {
    }

    /**
     * The status for a request naming a pool, and the pool's service replica ranks when it is
     * {@value Der#SUCCESS} (empty otherwise).
     */
    record Found(int status, List<Long> replicas) {
    }

    /** The status for a request naming {@code uuidText}. */
    static int status(SystemStore store, String uuidText) {
        return find(store, uuidText).status();
    }

    /** The status for a request naming {@code uuidText}, with the pool's replicas. */
    static Found find(SystemStore store, String uuidText) {
        Optional<UUID> uuid = RequestChecks.libuuid(uuidText);
        if (uuid.isEmpty()) {
            return new Found(Der.INVAL, List.of());
        }
        Optional<PoolRecord> rec = store.view().pool(uuid.get());
        if (rec.isEmpty()) {
            return new Found(Der.NONEXIST, List.of());
        }
        return rec.get().state() == PoolState.CREATING ? new Found(Der.AGAIN, List.of())
                : new Found(Der.SUCCESS, rec.get().svcRanks());
    }
}
