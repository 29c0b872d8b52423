package io.daos.control.management.internal.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.daos.control.api.drpc.Der;


/**
 * Where a new pool goes (SPEC-SYSTEM §4.4.1 steps 5 and 7): its target ranks and the ranks of its
 * service replicas, or the DER the data plane answers instead. Ranks are uint32 and ordered as
 * such. Built by {@link #choose}; immutable.
 *
 * <p>Target ranks are the requested ranks ({@code -r}) sorted and without duplicates, or, when
 * none are requested, every member of the system. A requested rank that is not a member fails the
 * create with {@link Der#OOG}, before the replica count is looked at. A replica count
 * ({@code -v}) of 0 is {@link Der#INVAL}. Replicas are the lowest target ranks other than rank 0,
 * as many as asked for and as there are; rank 0 is taken only when it is the sole target rank.
 */
public final class ReplicaChoice {

    private final int status;
    private final List<Integer> targets;
    private final List<Integer> replicas;

    private ReplicaChoice(int status, List<Integer> targets, List<Integer> replicas) {
        this.status = status;
        this.targets = List.copyOf(targets);
        this.replicas = List.copyOf(replicas);
    }

    /**
     * The choice for a request of {@code requested} ranks (empty: all) and {@code numSvcReps}
     * replicas (uint32) in a system whose members have the ranks {@code members}. When no rank
     * is requested and the system has no member (which cannot happen on a running MS, itself a
     * member) the answer is {@link Der#INVAL}.
     */
    public static ReplicaChoice choose(Collection<Integer> requested, int numSvcReps, Collection<Integer> members) {
        Set<Integer> known = new TreeSet<>(Integer::compareUnsigned);
        known.addAll(members);
        Set<Integer> chosen = new TreeSet<>(Integer::compareUnsigned);
        chosen.addAll(requested.isEmpty() ? known : requested);
        List<Integer> targets = new ArrayList<>(chosen);
        if (targets.isEmpty()) {
            return failed(Der.INVAL, targets);
        }
        if (!known.containsAll(targets)) {
            return failed(Der.OOG, targets);
        }
        if (numSvcReps == 0) {
            return failed(Der.INVAL, targets);
        }
        List<Integer> selectable = targets.size() == 1 ? targets : targets.stream().filter(r -> r != 0).toList();
        long n = Math.min(Integer.toUnsignedLong(numSvcReps), selectable.size());
        return new ReplicaChoice(Der.SUCCESS, targets, selectable.subList(0, (int) n));
    }

    private static ReplicaChoice failed(int der, List<Integer> targets) {
        return new ReplicaChoice(der, targets, List.of());
    }

    /** 0, or the DER the create fails with. */
    public int status() {
        return status;
    }

    /** The target ranks in ascending order (those asked for, also when the choice failed). */
    public List<Integer> targetRanks() {
        return targets;
    }

    /** The service replica ranks in ascending order; empty when the choice failed. */
    public List<Integer> serviceReplicas() {
        return replicas;
    }

    @Override
    public String toString() {
        return "ReplicaChoice{status=" + status + ", targets=" + targets + ", replicas=" + replicas + "}";
    }
}
