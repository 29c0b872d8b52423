package io.daos.control.management.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Member;
import io.daos.control.management.internal.db.PoolRecord;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.pool.PoolChecks;
import io.daos.control.management.internal.pool.ReplicaChoice;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;

/**
 * PoolCreate over the system DB (SPEC-SYSTEM §4.3, §4.4.1) and the resolution of pools left
 * Creating. The control-plane checks come first ({@link PoolChecks#create}); then what the data
 * plane would refuse before creating anything is answered here with its DER, without a dRPC
 * call: a uuid libuuid does not parse, an invalid ACL (§5.7), no user, group or ACL at all, a
 * pool the DB already has, the {@link ReplicaChoice} of target ranks and replicas, a size no
 * storage holds. Otherwise the pool is recorded Creating with its planned service replicas and
 * the request, its target ranks spelled out, sent to each of those replicas' engines
 * ({@link PoolReplicas}): all answering 0 makes the pool Ready with them; otherwise it is undone
 * on the replicas already asked, removed, and the failing status answered ({@value
 * Der#TIMEDOUT} for a replica that could not be reached). A pool a crash left
 * Creating or Destroying is settled by {@link #settlePools}.
 */
final class PoolCreateFlow {

    private static final Logger LOG = Logger.getLogger(PoolCreateFlow.class.getName());

    private final SystemStore store;
    private final MsForward ms;
    private final PoolReplicas replicas;
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG);
    /** Pools whose create is in flight here: the resolver leaves them alone. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    PoolCreateFlow(SystemStore store, MsForward ms, PoolReplicas replicas) {
        this.store = store;
        this.ms = ms;
        this.replicas = replicas;
    }

    PoolCreateResp create(PoolCreateReq req) {
        PoolChecks.create(req, ms::select);
        Optional<UUID> parsed = RequestChecks.libuuid(req.getUuid());
        if (parsed.isEmpty()) {
            return status(Der.INVAL);
        }
        UUID uuid = parsed.get();
        if (req.getAclCount() > 0) {
            try {
                Acl.parse(req.getAclList());
            } catch (AclException e) {
                rateLimited.log(Level.INFO, "create-acl", () -> "PoolCreate refused: " + e.getMessage());
                return status(e.der());
            }
        } else if (req.getUser().isEmpty() && req.getUsergroup().isEmpty()) {
            return status(Der.INVAL);
        }
        Optional<PoolRecord> known = store.view().pool(uuid);
        if (known.isPresent()) {
            // the data plane looks the pool up before it checks the ranks (§4.4.1 steps 4-5)
            return status(known.get().state() == PoolState.CREATING ? Der.AGAIN : Der.ALREADY);
        }
        ReplicaChoice choice = choose(req);
        if (choice.status() != Der.OOG && beyondAnyStorage(req)) {
            // the data plane finds no room on the targets before it looks at the replica count
            return status(Der.NOSPACE);
        }
        if (choice.status() != Der.SUCCESS) {
            return status(choice.status());
        }
        List<Long> targets = new ArrayList<>();
        choice.targetRanks().forEach(r -> targets.add(Integer.toUnsignedLong(r)));
        if (!inFlight.add(uuid)) {
            return status(Der.AGAIN);
        }
        try {
            List<Long> planned = new ArrayList<>();
            choice.serviceReplicas().forEach(r -> planned.add(Integer.toUnsignedLong(r)));
            Result begun = store.submit(new Command.PoolCreateBegin(uuid, targets, req.getScmbytes(),
                    req.getNvmebytes(), planned));
            if (!begun.succeeded()) {
                return status(begun.status());
            }
            return forward(uuid, req.toBuilder().clearRanks().addAllRanks(choice.targetRanks()).build(), planned);
        } catch (SystemStore.StoreUnavailableException e) {
            throw GrpcErrors.error(e.getMessage());
        } finally {
            inFlight.remove(uuid);
        }
    }

    /**
     * Whether the request asks for 2^63 bytes (8 EiB) or more of SCM or NVMe (the sizes are
     * uint64): no target holds that much, so the data plane's answer is {@link Der#NOSPACE}, and
     * the system DB, which keeps sizes as signed numbers, would refuse to record it.
     */
    static boolean beyondAnyStorage(PoolCreateReq req) {
        return req.getScmbytes() < 0 || req.getNvmebytes() < 0;
    }

    /**
     * The requested ranks against every member of the DB, or, when none are requested, the
     * members that are Started.
     */
    private ReplicaChoice choose(PoolCreateReq req) {
        List<Integer> candidates = new ArrayList<>();
        for (Member m : store.view().members()) {
            if (!req.getRanksList().isEmpty() || m.state() == MemberState.STARTED) {
                candidates.add((int) m.rank());
            }
        }
        return ReplicaChoice.choose(req.getRanksList(), req.getNumsvcreps(), candidates);
    }

    /**
     * PoolCreate sent to each planned replica in turn. All answering 0 makes the pool Ready with
     * them; the first that answers another status, or cannot be reached ({@value
     * Der#TIMEDOUT}), ends it: the pool is destroyed (best effort) on the replicas
     * already asked, removed from the DB, and that status answered.
     */
    private PoolCreateResp forward(UUID uuid, PoolCreateReq sent, List<Long> planned) {
        List<Long> asked = new ArrayList<>();
        for (long r : planned) {
            asked.add(r);
            PoolReplicas.Outcome<PoolCreateResp> o = replicas.call(r, DrpcIds.MGMT_POOL_CREATE, sent,
                    PoolCreateResp.parser());
            int s = o.answered() ? o.reply().getStatus() : Der.TIMEDOUT;
            if (s != Der.SUCCESS) {
                if (!o.answered()) {
                    rateLimited.warning("create-failed", () -> "PoolCreate " + uuid + ": replica rank " + r
                            + " did not answer (" + o.failure() + "); undoing the create");
                } else {
                    asked.remove(asked.size() - 1); // it refused: it holds nothing of the pool
                }
                if (!asked.isEmpty()) {
                    replicas.destroy(uuid, PoolReplicas.destroyRequest(uuid, true), asked);
                }
                remove(uuid);
                return status(s);
            }
        }
        ready(uuid, planned);
        PoolCreateResp.Builder out = PoolCreateResp.newBuilder();
        planned.forEach(r -> out.addSvcreps(r.intValue()));
        return out.build();
    }

    /**
     * Settles every pool a crash may have left half done, asking its planned replicas. A Creating
     * pool (except one being created here right now) is queried on each replica: when every
     * replica that answers holds it, it becomes Ready; when one answers that it has no such pool,
     * it is destroyed on the others (best effort) and removed; when none answers it stays
     * Creating. A Creating record without planned replicas (written before they were recorded)
     * is removed. A Destroying pool is destroyed again on every replica and removed once each is
     * done ({@link PoolReplicas#destroy}).
     *
     * @return false when some pool could not be settled for want of an answer (call again
     *         later), true otherwise
     */
    boolean settlePools() {
        boolean settled = true;
        for (PoolRecord p : store.view().pools()) {
            try {
                if (p.state() == PoolState.CREATING && !inFlight.contains(p.uuid())) {
                    settled &= settleCreating(p);
                } else if (p.state() == PoolState.DESTROYING) {
                    if (PoolReplicas.gone(replicas.destroy(p.uuid(), PoolReplicas.destroyRequest(p.uuid(), false),
                            p.svcRanks()))) {
                        remove(p.uuid());
                    } else {
                        settled = false;
                    }
                }
            } catch (SystemStore.StoreUnavailableException e) {
                rateLimited.warning("resolve-failed", () -> "pool " + p.uuid() + " left " + p.state()
                        + " not settled: " + e.getMessage());
                settled = false;
            }
        }
        return settled;
    }

    private boolean settleCreating(PoolRecord p) {
        UUID uuid = p.uuid();
        if (p.svcRanks().isEmpty()) {
            LOG.warning("pool " + uuid + " left Creating without planned replicas: removed");
            remove(uuid);
            return true;
        }
        PoolQueryReq q = PoolQueryReq.newBuilder().setUuid(uuid.toString()).build();
        List<Long> holding = new ArrayList<>();
        boolean answered = false;
        boolean missing = false;
        for (PoolReplicas.Outcome<PoolQueryResp> o : replicas.each(p.svcRanks(), DrpcIds.MGMT_POOL_QUERY, q,
                PoolQueryResp.parser(), "settling pool " + uuid)) {
            if (o.answered()) {
                answered = true;
                if (o.reply().getStatus() == Der.SUCCESS) {
                    holding.add(o.rank());
                } else {
                    missing |= o.reply().getStatus() == Der.NONEXIST;
                }
            }
        }
        if (!answered) {
            return false;
        }
        if (!missing) {
            ready(uuid, p.svcRanks());
            return true;
        }
        if (!holding.isEmpty()) {
            replicas.destroy(uuid, PoolReplicas.destroyRequest(uuid, true), holding);
        }
        remove(uuid);
        return true;
    }

    private void ready(UUID uuid, List<Long> svc) {
        Result r = store.submit(new Command.PoolReady(uuid, svc));
        if (!r.succeeded()) {
            LOG.warning("pool " + uuid + " created by the data plane with replicas " + svc
                    + " but the system DB refused to mark it Ready: status " + r.status());
        }
    }

    private void remove(UUID uuid) {
        store.submit(new Command.PoolRemove(uuid));
    }

    private static PoolCreateResp status(int der) {
        return PoolCreateResp.newBuilder().setStatus(der).build();
    }
}
