package io.daos.control.management.internal.db;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the pool directory.
 *
 * @param uuid       the pool UUID
 * @param state      where the pool is in its life
 * @param svcRanks   the pool service replica ranks: while Creating the ones it is being created on
 *                   (empty for a record of the first PoolCreateBegin encoding)
 * @param targets    the target ranks, ascending and without duplicates
 * @param scmBytes   SCM bytes per rank, as asked for
 * @param nvmeBytes  NVMe bytes per rank, as asked for
 */
public record PoolRecord(UUID uuid, PoolState state, List<Long> svcRanks, List<Long> targets, long scmBytes,
        long nvmeBytes) {

    /** Copies the lists so that the record cannot change under its reader. */
    public PoolRecord {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
        svcRanks = List.copyOf(svcRanks);
        targets = List.copyOf(targets);
    }

    /** The same pool in another state with the given service replicas. */
    PoolRecord with(PoolState s, List<Long> svc) {
        return new PoolRecord(uuid, s, svc, targets, scmBytes, nvmeBytes);
    }
}
