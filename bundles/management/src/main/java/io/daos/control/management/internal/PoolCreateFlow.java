package io.daos.control.management.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.grpc.StatusRuntimeException;

/**
 * PoolCreate over the system DB (SPEC-SYSTEM §4.3, §4.4.1) and the resolution of pools left
 * Creating. The control-plane checks come first ({@link PoolChecks#create}); then what the data
 * plane would refuse before creating anything is answered here with its DER, without a dRPC
 * call: a uuid libuuid does not parse, an invalid ACL (§5.7), no user, group or ACL at all, a
 * pool the DB already has, the {@link ReplicaChoice} of target ranks and replicas, a size no
 * storage holds. Otherwise the
 * pool is recorded Creating and the request forwarded with its target ranks spelled out; the
 * reply decides: status 0 makes the pool Ready with the replicas the data plane chose, any other
 * status removes it.
 *
 * <p>When the call itself fails (transport, timeout, a reply that does not decode) the data plane
 * may or may not have created the pool; its own pool list (dRPC ListPools) then decides, and if
 * that fails too the pool stays Creating until {@link #settlePools} settles it.
 */
final class PoolCreateFlow {

    private static final Logger LOG = Logger.getLogger(PoolCreateFlow.class.getName());

    private final SystemStore store;
    private final MsForward ms;
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG);
    /** Pools whose create is in flight here: the resolver leaves them alone. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    PoolCreateFlow(SystemStore store, MsForward ms) {
        this.store = store;
        this.ms = ms;
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
            Result begun = store.submit(new Command.PoolCreateBegin(uuid, targets, req.getScmbytes(), req.getNvmebytes()));
            if (!begun.succeeded()) {
                return status(begun.status());
            }
            return forward(uuid, req.toBuilder().clearRanks().addAllRanks(choice.targetRanks()).build());
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

    private PoolCreateResp forward(UUID uuid, PoolCreateReq sent) {
        PoolCreateResp reply;
        try {
            reply = MsForward.decode(ms.raw(DrpcIds.MGMT_POOL_CREATE, sent), PoolCreateResp.parser(), "PoolCreate");
        } catch (StatusRuntimeException e) {
            if (MsForward.notSent(e)) {
                remove(uuid);
            } else {
                rateLimited.warning("create-failed", () -> "PoolCreate " + uuid + " failed (" + e.getStatus()
                        .getDescription() + "); asking the data plane whether it holds the pool");
                resolve(Set.of(uuid), Set.of());
            }
            throw e;
        }
        if (reply.getStatus() == Der.SUCCESS) {
            ready(uuid, reply.getSvcrepsList());
        } else {
            remove(uuid);
        }
        return reply;
    }

    /**
     * Settles every pool a crash may have left half done, by the data plane's pool list: a
     * Creating pool (except one being created here right now) becomes Ready with the replicas
     * listed, or is removed when not listed; a Destroying pool the data plane no longer lists is
     * removed (its destroy finished), one it still lists stays Destroying for a destroy to finish.
     * One dRPC ListPools is made when there is any such pool.
     *
     * @return false when the data plane could not be asked (the pools stay as they are; call
     *         again later), true otherwise
     */
    boolean settlePools() {
        Set<UUID> creating = new HashSet<>();
        Set<UUID> destroying = new HashSet<>();
        for (PoolRecord p : store.view().pools()) {
            if (p.state() == PoolState.CREATING && !inFlight.contains(p.uuid())) {
                creating.add(p.uuid());
            } else if (p.state() == PoolState.DESTROYING) {
                destroying.add(p.uuid());
            }
        }
        return creating.isEmpty() && destroying.isEmpty() || resolve(creating, destroying);
    }

    /** Settles the pools by one ListPools; false when the data plane did not answer it. */
    private boolean resolve(Set<UUID> creating, Set<UUID> destroying) {
        Map<UUID, List<Integer>> listed;
        try {
            listed = dataPlanePools();
        } catch (StatusRuntimeException | SystemStore.StoreUnavailableException e) {
            rateLimited.warning("resolve-failed", () -> "pools left Creating or Destroying: the data plane's pool "
                    + "list is unavailable (" + e.getMessage() + ")");
            return false;
        }
        for (UUID uuid : creating) {
            List<Integer> svc = listed.get(uuid);
            if (svc != null) {
                ready(uuid, svc);
            } else {
                remove(uuid);
            }
        }
        for (UUID uuid : destroying) {
            if (!listed.containsKey(uuid)) {
                remove(uuid);
            }
        }
        return true;
    }

    /** The data plane's pools and their replicas; an error when it cannot be asked or says no. */
    private Map<UUID, List<Integer>> dataPlanePools() {
        ListPoolsResp resp = ms.call(DrpcIds.MGMT_LIST_POOLS, ListPoolsReq.getDefaultInstance(),
                ListPoolsResp.parser(), "ListPools");
        if (resp.getStatus() != Der.SUCCESS) {
            throw GrpcErrors.error("data plane ListPools answered status " + resp.getStatus());
        }
        Map<UUID, List<Integer>> out = new HashMap<>();
        for (ListPoolsResp.Pool p : resp.getPoolsList()) {
            RequestChecks.libuuid(p.getUuid()).ifPresent(u -> out.put(u, p.getSvcrepsList()));
        }
        return out;
    }

    private void ready(UUID uuid, List<Integer> svcreps) {
        List<Long> svc = new ArrayList<>();
        svcreps.forEach(r -> svc.add(Integer.toUnsignedLong(r)));
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
