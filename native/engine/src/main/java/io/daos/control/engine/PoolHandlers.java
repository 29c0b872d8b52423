package io.daos.control.engine;

import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.api.acl.Principal;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolRebuildStatus;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.StorageUsageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The pool methods of module 2 (SPEC-SYSTEM 4.4.1-4.4.4): PoolCreate, PoolDestroy, PoolQuery,
 * PoolSetProp, ListPools and ListContainers.
 *
 * <p>Deviations from the reference data plane (its bugs replaced by the recommended behaviour):
 * <ul>
 * <li>PoolCreate of a UUID that already exists: the reference dereferences a null service list
 * and crashes; here {@link Der#ALREADY}.</li>
 * </ul>
 *
 * <p>Placement (an emulation of the pool service replicas): every engine that has a rank
 * answers these methods for the pools it holds, not only the management-service engine; the
 * control plane sends each pool's methods to the engines of its service replica ranks, each of
 * which keeps its own copy of the pool. Before SetRank they answer {@link Der#NOTREPLICA}. The
 * rank-membership check of PoolCreate ({@link Der#OOG}) is the control plane's, which knows the
 * system's members; ListPools lists the pools this engine holds, not a system-wide directory.
 */
final class PoolHandlers {
    static final long MIN_SCM_PER_TARGET = 16L << 20;
    /** Per-target metadata overhead a fresh pool's free space is short of its total. */
    static final long META_OVERHEAD = 64L << 10;
    /** Pool property numbers (DAOS_PROP_PO_*) as PoolSetProp carries them. */
    static final int PROP_LABEL = 1;
    static final int PROP_ACL = 2;
    static final int PROP_SPACE_RB = 3;
    static final int PROP_SELF_HEAL = 4;
    static final int PROP_RECLAIM = 5;
    static final int PROP_OWNER = 6;
    static final int PROP_OWNER_GROUP = 7;
    static final int PROP_SVC_LIST = 8;

    private final MgmtContext ctx;

    PoolHandlers(MgmtContext ctx) {
        this.ctx = ctx;
    }

    void register(MgmtMethods t) {
        t.add(DrpcIds.MGMT_POOL_CREATE, PoolCreateReq.parser(), this::create);
        t.add(DrpcIds.MGMT_POOL_DESTROY, PoolDestroyReq.parser(), this::destroy);
        t.add(DrpcIds.MGMT_LIST_POOLS, ListPoolsReq.parser(), this::listPools);
        t.add(DrpcIds.MGMT_LIST_CONTAINERS, ListContReq.parser(), this::listContainers);
        t.add(DrpcIds.MGMT_POOL_QUERY, PoolQueryReq.parser(), this::query);
        t.add(DrpcIds.MGMT_POOL_SET_PROP, PoolSetPropReq.parser(), this::setProp);
    }

    PoolCreateResp create(PoolCreateReq r) {
        PoolCreateResp.Builder out = PoolCreateResp.newBuilder();
        if (!Uuids.valid(r.getUuid())) {
            return out.setStatus(Der.INVAL).build();
        }
        if (r.getAclCount() == 0 && r.getUser().isEmpty() && r.getUsergroup().isEmpty()) {
            return out.setStatus(Der.INVAL).build();
        }
        EngineState.Pool p = new EngineState.Pool();
        if (r.getAclCount() > 0) {
            try {
                p.acl = Acl.parse(r.getAclList()).strings();
            } catch (AclException e) {
                ctx.log().error("PoolCreate: " + e.getMessage());
                return out.setStatus(e.der()).build();
            }
        } else {
            p.acl = Acl.DEFAULT.strings();
        }
        if (!r.getUser().isEmpty()) {
            p.owner = trunc(r.getUser());
        }
        if (!r.getUsergroup().isEmpty()) {
            p.ownerGroup = trunc(r.getUsergroup());
        }
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return out.setStatus(lead).build();
        }
        EngineState st = ctx.state();
        String uuid = Uuids.canonical(r.getUuid());
        if (st.pools.containsKey(uuid)) {
            return out.setStatus(Der.ALREADY).build(); // reference: null dereference (crash)
        }
        TreeSet<Long> ranks = new TreeSet<>();
        for (int x : r.getRanksList()) {
            ranks.add(Integer.toUnsignedLong(x));
        }
        if (ranks.isEmpty()) {
            // the control plane always spells the ranks out; a bare request takes the members
            // this engine knows (an MS engine), else this rank alone
            ranks.addAll(st.members.isEmpty() ? List.of(st.rank) : st.members.keySet());
        }
        int t = Math.max(1, ctx.node().targets());
        p.targetsPerRank = t;
        // sizes are uint64
        long scm = Long.divideUnsigned(r.getScmbytes(), t);
        p.scmPerTarget = Long.compareUnsigned(scm, MIN_SCM_PER_TARGET) < 0 ? MIN_SCM_PER_TARGET : scm;
        p.nvmePerTarget = Long.divideUnsigned(r.getNvmebytes(), t);
        int space = checkSpace(ranks, p);
        if (space != Der.SUCCESS) {
            return out.setStatus(space).build();
        }
        if (r.getNumsvcreps() == 0) {
            return out.setStatus(Der.INVAL).build();
        }
        p.ranks = new ArrayList<>(ranks);
        p.svcReps = chooseReplicas(p.ranks, r.getNumsvcreps());
        st.pools.put(uuid, p);
        int rc = ctx.persist();
        if (rc != Der.SUCCESS) {
            return out.setStatus(rc).build();
        }
        ctx.log().info("PoolCreate: " + uuid + " on ranks " + p.ranks + ", service " + p.svcReps);
        for (long x : p.svcReps) {
            out.addSvcreps((int) x);
        }
        return out.build();
    }

    /** SPEC-SYSTEM 4.4.1 step 7: rank 0 only if it is the sole target rank; the first
     *  min(n, selectable) selectable ranks in ascending order ({@code n} is uint32). */
    static List<Long> chooseReplicas(List<Long> sortedTargets, int n) {
        List<Long> sel = new ArrayList<>();
        for (long x : sortedTargets) {
            if (x != 0 || sortedTargets.size() == 1) {
                sel.add(x);
            }
        }
        return new ArrayList<>(sel.subList(0, (int) Math.min(Integer.toUnsignedLong(n), sel.size())));
    }

    /** This rank's share: SCM against the scm_mount file system, NVMe against the devices. */
    private int checkSpace(TreeSet<Long> ranks, EngineState.Pool p) {
        EngineState st = ctx.state();
        if (!ranks.contains(st.rank)) {
            return Der.SUCCESS;
        }
        long scmUsed = 0;
        long nvmeUsed = 0;
        for (EngineState.Pool o : st.pools.values()) {
            if (o.ranks.contains(st.rank)) {
                scmUsed += o.scmPerTarget * o.targetsPerRank;
                nvmeUsed += o.nvmePerTarget * o.targetsPerRank;
            }
        }
        long scmCap = ctx.node().scmMount().toFile().getTotalSpace();
        if (scmCap > 0 && !fits(scmUsed, p.scmPerTarget, p.targetsPerRank, scmCap)) {
            return Der.NOSPACE;
        }
        if (!ctx.node().devices().isEmpty() && p.nvmePerTarget > 0) {
            long nvmeCap = 0;
            for (Devices.Device d : ctx.node().devices()) {
                nvmeCap += d.capacity();
            }
            if (!fits(nvmeUsed, p.nvmePerTarget, p.targetsPerRank, nvmeCap)) {
                return Der.NOSPACE;
            }
        }
        return Der.SUCCESS;
    }

    /**
     * Whether {@code targets} shares of {@code perTarget} bytes (uint64) fit beside {@code used}
     * bytes in {@code cap}, without overflowing.
     */
    static boolean fits(long used, long perTarget, int targets, long cap) {
        if (Long.compareUnsigned(used, cap) > 0) {
            return false;
        }
        return Long.compareUnsigned(perTarget, Long.divideUnsigned(cap - used, Math.max(1, targets))) <= 0;
    }

    PoolDestroyResp destroy(PoolDestroyReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return PoolDestroyResp.newBuilder().setStatus(Der.INVAL).build();
        }
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return PoolDestroyResp.newBuilder().setStatus(lead).build();
        }
        String uuid = Uuids.canonical(r.getUuid());
        if (ctx.state().pools.remove(uuid) == null) {
            return PoolDestroyResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        // no pool handles are ever open in the emulator, so force makes no difference
        ctx.log().info("PoolDestroy: " + uuid);
        return PoolDestroyResp.newBuilder().setStatus(ctx.persist()).build();
    }

    ListPoolsResp listPools(ListPoolsReq r) {
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return ListPoolsResp.newBuilder().setStatus(lead).build();
        }
        ListPoolsResp.Builder out = ListPoolsResp.newBuilder();
        for (Map.Entry<String, EngineState.Pool> e : ctx.state().pools.entrySet()) {
            ListPoolsResp.Pool.Builder b = ListPoolsResp.Pool.newBuilder().setUuid(e.getKey());
            for (long x : e.getValue().svcReps) {
                b.addSvcreps((int) x);
            }
            out.addPools(b);
        }
        return out.build();
    }

    /** Lists the pool's persisted containers. */
    ListContResp listContainers(ListContReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return ListContResp.newBuilder().setStatus(Der.INVAL).build();
        }
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return ListContResp.newBuilder().setStatus(lead).build();
        }
        EngineState.Pool p = ctx.state().pools.get(Uuids.canonical(r.getUuid()));
        if (p == null) {
            return ListContResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        ListContResp.Builder out = ListContResp.newBuilder();
        for (String c : p.containers) {
            out.addContainers(ListContResp.Cont.newBuilder().setUuid(c));
        }
        return out.build();
    }

    PoolQueryResp query(PoolQueryReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return PoolQueryResp.newBuilder().setStatus(Der.INVAL).build();
        }
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return PoolQueryResp.newBuilder().setStatus(lead).build();
        }
        EngineState st = ctx.state();
        EngineState.Pool p = st.pools.get(Uuids.canonical(r.getUuid()));
        if (p == null) {
            return PoolQueryResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        int total = p.ranks.size() * p.targetsPerRank;
        int disabled = 0;
        if (p.ranks.contains(st.rank)) {
            for (Devices.Device d : ctx.node().devices()) {
                if (st.faultyDevices.containsKey(d.uuid())) {
                    disabled += (int) d.targets().stream().filter(x -> x < p.targetsPerRank).count();
                }
            }
        }
        int active = total - disabled;
        PoolRebuildStatus.Builder rb = PoolRebuildStatus.newBuilder()
                .setState(disabled > 0 ? PoolRebuildStatus.State.DONE : PoolRebuildStatus.State.IDLE);
        return PoolQueryResp.newBuilder()
                .setUuid(r.getUuid()) // echoes the request string unchanged
                .setTotaltargets(total)
                .setActivetargets(active)
                .setDisabledtargets(disabled)
                .setRebuild(rb)
                .setScm(usage(p.scmPerTarget, active))
                .setNvme(usage(p.nvmePerTarget, active))
                .build();
    }

    private static StorageUsageStats usage(long perTarget, int targets) {
        long free = perTarget > META_OVERHEAD ? perTarget - META_OVERHEAD : perTarget;
        if (perTarget == 0 || targets == 0) {
            return StorageUsageStats.getDefaultInstance();
        }
        return StorageUsageStats.newBuilder()
                .setTotal(perTarget * targets)
                .setFree(free * targets)
                .setMin(free).setMax(free).setMean(free)
                .build();
    }

    PoolSetPropResp setProp(PoolSetPropReq r) {
        PoolSetPropResp.Builder out = PoolSetPropResp.newBuilder();
        if (!Uuids.valid(r.getUuid())
                || r.getPropertyCase() != PoolSetPropReq.PropertyCase.NUMBER
                || r.getValueCase() == PoolSetPropReq.ValueCase.VALUE_NOT_SET) {
            return out.setStatus(Der.INVAL).build();
        }
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return out.setStatus(lead).build();
        }
        EngineState.Pool p = ctx.state().pools.get(Uuids.canonical(r.getUuid()));
        if (p == null) {
            return out.setStatus(Der.NONEXIST).build();
        }
        boolean num = r.getValueCase() == PoolSetPropReq.ValueCase.NUMVAL;
        int n = r.getNumber();
        switch (n) {
            case PROP_SPACE_RB, PROP_SELF_HEAL, PROP_RECLAIM -> {
                if (!num) {
                    return out.setStatus(Der.INVAL).build();
                }
                long v = r.getNumval(); // the value itself is not range-checked (as the reference)
                if (n == PROP_SPACE_RB) {
                    p.spaceRb = v;
                } else if (n == PROP_SELF_HEAL) {
                    p.selfHeal = v;
                } else {
                    p.reclaim = v;
                }
            }
            case PROP_LABEL, PROP_OWNER, PROP_OWNER_GROUP -> {
                if (num) {
                    return out.setStatus(Der.INVAL).build();
                }
                String v = trunc(r.getStrval());
                if (n == PROP_LABEL) {
                    p.label = v;
                } else if (n == PROP_OWNER) {
                    p.owner = v;
                } else {
                    p.ownerGroup = v;
                }
            }
            default -> {
                return out.setStatus(Der.INVAL).build(); // ACL, SVC_LIST and unknown numbers
            }
        }
        int rc = ctx.persist();
        if (rc != Der.SUCCESS) {
            return out.setStatus(rc).build();
        }
        out.setNumber(n); // read back
        switch (n) {
            case PROP_SPACE_RB -> out.setNumval(p.spaceRb);
            case PROP_SELF_HEAL -> out.setNumval(p.selfHeal);
            case PROP_RECLAIM -> out.setNumval(p.reclaim);
            case PROP_LABEL -> out.setStrval(p.label);
            case PROP_OWNER -> out.setStrval(p.owner);
            default -> out.setStrval(p.ownerGroup);
        }
        ctx.log().info("PoolSetProp: " + r.getUuid() + " property " + n);
        return out.build();
    }

    /** An owner, group or label cut to the longest principal name the data plane keeps. */
    private static String trunc(String s) {
        return s.length() > Principal.NAME_MAX ? s.substring(0, Principal.NAME_MAX) : s;
    }
}
