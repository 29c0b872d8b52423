package io.daos.control.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.daos.control.proto.drpc.Status;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PingRankReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolRebuildStatus;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.PrepShutdownReq;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.daos.control.proto.mgmt.StorageUsageStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * dRPC module 2 (management) of the emulated I/O server: every method of WIRE 4.7 the control
 * plane calls, with the data-plane semantics of SPEC-SYSTEM 4.4. Pure {@code byte[] -> byte[]}:
 * {@link #handle(int, byte[])} returns the serialized reply (dRPC SUCCESS, method-level errors in
 * its {@code status}) or throws {@link DrpcFailure} for dRPC-level outcomes (UNKNOWN_METHOD,
 * FAILED_UNMARSHAL_PAYLOAD, FAILURE). Every state change is persisted before the reply.
 *
 * <p>Deviations from the reference data plane (its bugs replaced by the recommended behaviour):
 * <ul>
 * <li>PoolCreate of a UUID that already exists: the reference dereferences a null service list
 * and crashes; here -1008 (DER_ALREADY).</li>
 * <li>Join with an explicit rank: the reference overwrites the in-memory rank_next with an
 * uninitialised value; here the floor is untouched (floor := persisted rank_next at StartMS;
 * auto-allocation takes min{r >= floor, not taken} and persists allocated+1).</li>
 * <li>PoolCreate ranks not in the system map: the reference's collective create times out;
 * here -1019 (DER_OOG) at once.</li>
 * </ul>
 */
public final class MgmtService {
    public static final int MODULE = 2;
    static final long MIN_SCM_PER_TARGET = 16L << 20;
    /** Per-target metadata overhead a fresh pool's free space is short of its total. */
    static final long META_OVERHEAD = 64L << 10;
    static final int PROP_LABEL = 1;
    static final int PROP_ACL = 2;
    static final int PROP_SPACE_RB = 3;
    static final int PROP_SELF_HEAL = 4;
    static final int PROP_RECLAIM = 5;
    static final int PROP_OWNER = 6;
    static final int PROP_OWNER_GROUP = 7;
    static final int PROP_SVC_LIST = 8;

    private final StateStore store;
    private final Node node;
    private final Log log;
    private EngineState st;
    private boolean msStarted;
    private long rankFloor;
    private boolean setUp;
    private Runnable onSetUp = () -> { };

    public MgmtService(StateStore store, EngineState state, Node node, Log log) {
        this.store = store;
        this.st = state;
        this.node = node;
        this.log = log;
    }

    /** The current state (for tests and the main program). */
    public synchronized EngineState state() {
        return st;
    }

    /** Runs once, on the first SetUp (the real server prints its start-up banner then). */
    public synchronized void onSetUp(Runnable r) {
        onSetUp = r;
    }

    public synchronized boolean isSetUp() {
        return setUp;
    }

    /** Handles one call of module 2. */
    public synchronized byte[] handle(int method, byte[] body) throws DrpcFailure {
        byte[] b = body == null ? new byte[0] : body;
        try {
            MessageLite reply = switch (method) {
                case 202 -> setRank(SetRankReq.parseFrom(b));
                case 203 -> createMs(CreateMsReq.parseFrom(b));
                case 204 -> startMs();
                case 205 -> join(JoinReq.parseFrom(b));
                case 206 -> getAttachInfo(GetAttachInfoReq.parseFrom(b));
                case 207 -> poolCreate(PoolCreateReq.parseFrom(b));
                case 208 -> poolDestroy(PoolDestroyReq.parseFrom(b));
                case 209 -> setUp();
                case 210 -> bioHealth(BioHealthReq.parseFrom(b));
                case 211 -> smdDevs(SmdDevReq.parseFrom(b));
                case 212 -> smdPools(SmdPoolReq.parseFrom(b));
                case 213 -> getAcl(GetACLReq.parseFrom(b));
                case 214 -> listPools(ListPoolsReq.parseFrom(b));
                case 215 -> modifyAcl(ModifyACLReq.parseFrom(b), true);
                case 216 -> modifyAcl(ModifyACLReq.parseFrom(b), false);
                case 217 -> deleteAcl(DeleteACLReq.parseFrom(b));
                case 218 -> prepShutdown(PrepShutdownReq.parseFrom(b));
                case 219 -> devState(devReq(b), false);
                case 220 -> devState(devReq(b), true);
                case 221 -> listConts(ListContReq.parseFrom(b));
                case 222 -> poolQuery(PoolQueryReq.parseFrom(b));
                case 223 -> poolSetProp(PoolSetPropReq.parseFrom(b));
                case 224 -> ping(PingRankReq.parseFrom(b));
                default -> throw new DrpcFailure(Status.UNKNOWN_METHOD, "unknown method " + method);
            };
            return reply.toByteArray();
        } catch (InvalidProtocolBufferException e) {
            log.error("mgmt method " + method + ": bad request body: " + e.getMessage());
            throw new DrpcFailure(Status.FAILED_UNMARSHAL_PAYLOAD, "bad body for method " + method);
        }
    }

    /** DevStateQuery/SetFaulty answer an undecodable body with FAILURE, not FAILED_UNMARSHAL_PAYLOAD. */
    private static DevStateReq devReq(byte[] b) throws DrpcFailure {
        try {
            return DevStateReq.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            throw new DrpcFailure(Status.FAILURE, "bad DevStateReq body");
        }
    }

    // ---- system / internal (SPEC-SYSTEM 4.4.8) ----

    private DaosResp setRank(SetRankReq r) {
        long rank = Integer.toUnsignedLong(r.getRank());
        if (rank == EngineState.NIL_RANK) {
            return daos(Der.INVAL);
        }
        log.info("SetRank: rank " + rank);
        if (st.rank != rank) {
            st.rank = rank;
            return daos(persist());
        }
        return daos(0);
    }

    private DaosResp createMs(CreateMsReq r) {
        if (st.msCreated) {
            // the control server sends CreateMS once per instance life; a repeat is harmless
            log.info("CreateMS: management service database already exists");
            return daos(0);
        }
        if (r.getBootstrap()) {
            if (!Uuids.valid(r.getUuid()) || r.getAddr().length() >= 128) {
                return daos(Der.INVAL);
            }
            if (st.rank == EngineState.NIL_RANK) {
                log.error("CreateMS: bootstrap before SetRank");
                return daos(-1015); // DER_UNINIT
            }
            EngineState.Member m = new EngineState.Member();
            m.uuid = Uuids.canonical(r.getUuid());
            m.uri = node.uri();
            m.addr = r.getAddr();
            m.nctxs = node.nctxs();
            st.members.put(st.rank, m);
            st.msUuid = m.uuid;
            st.msAddr = r.getAddr();
            st.mapVersion = 1;
            st.rankNext = st.rank == 0 ? 1 : 0;
        }
        st.msCreated = true;
        log.info("CreateMS: bootstrap=" + r.getBootstrap());
        return daos(persist());
    }

    private DaosResp startMs() {
        if (!st.msCreated) {
            return daos(Der.NONEXIST);
        }
        if (!msStarted) {
            msStarted = true;
            rankFloor = st.rankNext;
            log.info("StartMS: management service started, map version " + st.mapVersion);
        }
        return daos(0); // "already started" counts as success
    }

    private DaosResp setUp() {
        if (!setUp) {
            setUp = true;
            onSetUp.run();
        }
        log.info("SetUp: modules loaded");
        return daos(0);
    }

    private DaosResp prepShutdown(PrepShutdownReq r) {
        log.info("PrepShutdown (rank " + r.getRank() + ")");
        return daos(0);
    }

    private DaosResp ping(PingRankReq r) {
        return daos(0);
    }

    private int leader() {
        if (!st.msCreated) {
            return Der.NOTREPLICA;
        }
        return msStarted ? 0 : Der.NOTLEADER;
    }

    // ---- Join (SPEC-SYSTEM 1.6, data plane) ----

    private JoinResp join(JoinReq r) {
        if (!Uuids.valid(r.getUuid()) || r.getAddr().length() >= 128 || r.getUri().length() >= 128) {
            return JoinResp.newBuilder().setStatus(Der.INVAL).build();
        }
        int lead = leader();
        if (lead != 0) {
            return JoinResp.newBuilder().setStatus(lead).build();
        }
        String uuid = Uuids.canonical(r.getUuid());
        long want = Integer.toUnsignedLong(r.getRank());
        long known = st.rankOf(uuid);
        if (known >= 0) {
            if (want != EngineState.NIL_RANK && want != known) {
                return JoinResp.newBuilder().setStatus(Der.PROTO).build(); // rank cannot change
            }
            EngineState.Member m = st.members.get(known);
            log.info("Join: rank " + known + " rejoined (" + (m.in ? "IN" : "OUT") + ")");
            return JoinResp.newBuilder().setRank((int) known)
                    .setState(m.in ? JoinResp.State.IN : JoinResp.State.OUT).build();
        }
        long rank;
        if (want == EngineState.NIL_RANK) {
            rank = rankFloor;
            while (st.members.containsKey(rank)) {
                rank++;
            }
            st.rankNext = rank + 1;
        } else if (st.members.containsKey(want)) {
            return JoinResp.newBuilder().setStatus(Der.EXIST).build();
        } else {
            rank = want;
        }
        EngineState.Member m = new EngineState.Member();
        m.uuid = uuid;
        m.uri = r.getUri();
        m.addr = r.getAddr();
        m.nctxs = r.getNctxs();
        st.members.put(rank, m);
        st.mapVersion++;
        int rc = persist();
        if (rc != 0) {
            return JoinResp.newBuilder().setStatus(rc).build();
        }
        log.info("Join: rank " + rank + " joined (uuid " + uuid + ", map version " + st.mapVersion + ")");
        return JoinResp.newBuilder().setRank((int) rank).setState(JoinResp.State.IN).build();
    }

    private GetAttachInfoResp getAttachInfo(GetAttachInfoReq r) {
        int lead = leader();
        if (lead != 0) {
            return GetAttachInfoResp.newBuilder().setStatus(lead).build();
        }
        return GetAttachInfoResp.newBuilder()
                .addPsrs(GetAttachInfoResp.Psr.newBuilder().setRank((int) st.rank).setUri(node.uri()))
                .build();
    }

    // ---- pools (SPEC-SYSTEM 4.4.1-4.4.4) ----

    private PoolCreateResp poolCreate(PoolCreateReq r) {
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
                p.acl = Acl.strings(Acl.parse(r.getAclList()));
            } catch (Acl.InvalidAclException e) {
                log.error("PoolCreate: " + e.getMessage());
                return out.setStatus(Der.INVAL).build();
            }
        } else {
            p.acl = Acl.strings(Acl.defaultAcl());
        }
        if (!r.getUser().isEmpty()) {
            p.owner = trunc(r.getUser());
        }
        if (!r.getUsergroup().isEmpty()) {
            p.ownerGroup = trunc(r.getUsergroup());
        }
        int lead = leader();
        if (lead != 0) {
            return out.setStatus(lead).build();
        }
        String uuid = Uuids.canonical(r.getUuid());
        if (st.pools.containsKey(uuid)) {
            return out.setStatus(Der.ALREADY).build(); // reference: null dereference (crash)
        }
        TreeSet<Long> ranks = new TreeSet<>();
        for (int x : r.getRanksList()) {
            ranks.add(Integer.toUnsignedLong(x));
        }
        if (ranks.isEmpty()) {
            ranks.addAll(st.members.keySet());
        }
        for (long x : ranks) {
            if (!st.members.containsKey(x)) {
                log.error("PoolCreate: rank " + x + " is not in the system");
                return out.setStatus(Der.OOG).build();
            }
        }
        int t = Math.max(1, node.targets());
        p.targetsPerRank = t;
        p.scmPerTarget = Math.max(r.getScmbytes() / t, MIN_SCM_PER_TARGET);
        p.nvmePerTarget = r.getNvmebytes() / t;
        int space = checkSpace(ranks, p);
        if (space != 0) {
            return out.setStatus(space).build();
        }
        if (r.getNumsvcreps() == 0) {
            return out.setStatus(Der.INVAL).build();
        }
        p.ranks = new ArrayList<>(ranks);
        p.svcReps = chooseReplicas(p.ranks, r.getNumsvcreps());
        st.pools.put(uuid, p);
        int rc = persist();
        if (rc != 0) {
            return out.setStatus(rc).build();
        }
        log.info("PoolCreate: " + uuid + " on ranks " + p.ranks + ", service " + p.svcReps);
        for (long x : p.svcReps) {
            out.addSvcreps((int) x);
        }
        return out.build();
    }

    /** SPEC-SYSTEM 4.4.1 step 7: rank 0 only if it is the sole target rank; the first
     *  min(n, selectable) selectable ranks in ascending order. */
    public static List<Long> chooseReplicas(List<Long> sortedTargets, int n) {
        List<Long> sel = new ArrayList<>();
        for (long x : sortedTargets) {
            if (x != 0 || sortedTargets.size() == 1) {
                sel.add(x);
            }
        }
        return new ArrayList<>(sel.subList(0, Math.min(n, sel.size())));
    }

    /** This rank's share: SCM against the scm_mount file system, NVMe against the devices. */
    private int checkSpace(TreeSet<Long> ranks, EngineState.Pool p) {
        if (!ranks.contains(st.rank)) {
            return 0;
        }
        long scmUsed = 0;
        long nvmeUsed = 0;
        for (EngineState.Pool o : st.pools.values()) {
            if (o.ranks.contains(st.rank)) {
                scmUsed += o.scmPerTarget * o.targetsPerRank;
                nvmeUsed += o.nvmePerTarget * o.targetsPerRank;
            }
        }
        long scmCap = node.scmMount().toFile().getTotalSpace();
        if (scmCap > 0 && scmUsed + p.scmPerTarget * p.targetsPerRank > scmCap) {
            return Der.NOSPACE;
        }
        if (!node.devices().isEmpty() && p.nvmePerTarget > 0) {
            long nvmeCap = 0;
            for (Devices.Device d : node.devices()) {
                nvmeCap += d.capacity();
            }
            if (nvmeUsed + p.nvmePerTarget * p.targetsPerRank > nvmeCap) {
                return Der.NOSPACE;
            }
        }
        return 0;
    }

    private PoolDestroyResp poolDestroy(PoolDestroyReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return PoolDestroyResp.newBuilder().setStatus(Der.INVAL).build();
        }
        int lead = leader();
        if (lead != 0) {
            return PoolDestroyResp.newBuilder().setStatus(lead).build();
        }
        String uuid = Uuids.canonical(r.getUuid());
        if (st.pools.remove(uuid) == null) {
            return PoolDestroyResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        // no pool handles are ever open in the emulator, so force makes no difference
        log.info("PoolDestroy: " + uuid);
        return PoolDestroyResp.newBuilder().setStatus(persist()).build();
    }

    private ListPoolsResp listPools(ListPoolsReq r) {
        int lead = leader();
        if (lead != 0) {
            return ListPoolsResp.newBuilder().setStatus(lead).build();
        }
        ListPoolsResp.Builder out = ListPoolsResp.newBuilder();
        for (Map.Entry<String, EngineState.Pool> e : st.pools.entrySet()) {
            ListPoolsResp.Pool.Builder b = ListPoolsResp.Pool.newBuilder().setUuid(e.getKey());
            for (long x : e.getValue().svcReps) {
                b.addSvcreps((int) x);
            }
            out.addPools(b);
        }
        return out.build();
    }

    private ListContResp listConts(ListContReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return ListContResp.newBuilder().setStatus(Der.INVAL).build();
        }
        EngineState.Pool p = st.pools.get(Uuids.canonical(r.getUuid()));
        if (p == null) {
            return ListContResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        ListContResp.Builder out = ListContResp.newBuilder();
        for (String c : p.containers) {
            out.addContainers(ListContResp.Cont.newBuilder().setUuid(c));
        }
        return out.build();
    }

    private PoolQueryResp poolQuery(PoolQueryReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return PoolQueryResp.newBuilder().setStatus(Der.INVAL).build();
        }
        int lead = leader();
        if (lead != 0) {
            return PoolQueryResp.newBuilder().setStatus(lead).build();
        }
        EngineState.Pool p = st.pools.get(Uuids.canonical(r.getUuid()));
        if (p == null) {
            return PoolQueryResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        int total = p.ranks.size() * p.targetsPerRank;
        int disabled = 0;
        if (p.ranks.contains(st.rank)) {
            for (Devices.Device d : node.devices()) {
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

    private PoolSetPropResp poolSetProp(PoolSetPropReq r) {
        PoolSetPropResp.Builder out = PoolSetPropResp.newBuilder();
        if (!Uuids.valid(r.getUuid())
                || r.getPropertyCase() != PoolSetPropReq.PropertyCase.NUMBER
                || r.getValueCase() == PoolSetPropReq.ValueCase.VALUE_NOT_SET) {
            return out.setStatus(Der.INVAL).build();
        }
        int lead = leader();
        if (lead != 0) {
            return out.setStatus(lead).build();
        }
        EngineState.Pool p = st.pools.get(Uuids.canonical(r.getUuid()));
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
        int rc = persist();
        if (rc != 0) {
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
        log.info("PoolSetProp: " + r.getUuid() + " property " + n);
        return out.build();
    }

    // ---- ACLs (SPEC-SYSTEM 4.4.5) ----

    private ACLResp getAcl(GetACLReq r) {
        return aclOp(r.getUuid(), p -> null);
    }

    private ACLResp modifyAcl(ModifyACLReq r, boolean overwrite) {
        List<Acl.Ace> changes;
        try {
            changes = Acl.parse(r.getACLList());
        } catch (Acl.InvalidAclException e) {
            log.error((overwrite ? "OverwriteACL: " : "UpdateACL: ") + e.getMessage());
            return aclStatus(Der.INVAL);
        }
        return aclOp(r.getUuid(), p -> {
            if (overwrite) {
                return Acl.strings(changes);
            }
            return Acl.strings(Acl.update(parseStored(p.acl), changes));
        });
    }

    private ACLResp deleteAcl(DeleteACLReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return aclStatus(Der.INVAL);
        }
        Acl.Ace who;
        try {
            who = Acl.parsePrincipal(r.getPrincipal());
        } catch (Acl.InvalidAclException e) {
            return aclStatus(Der.INVAL);
        }
        return aclOp(r.getUuid(), p -> {
            List<Acl.Ace> left = Acl.delete(parseStored(p.acl), who);
            return left == null ? NO_ENTRY : Acl.strings(left);
        });
    }

    private static final List<String> NO_ENTRY = new ArrayList<>();

    private interface AclEdit {
        List<String> apply(EngineState.Pool p);
    }

    /** Common ACL path: uuid, leader, pool; apply the edit (null = read only) and reply the
     *  current ACL, owner and group. */
    private ACLResp aclOp(String uuidText, AclEdit edit) {
        if (!Uuids.valid(uuidText)) {
            return aclStatus(Der.INVAL);
        }
        int lead = leader();
        if (lead != 0) {
            return aclStatus(lead);
        }
        EngineState.Pool p = st.pools.get(Uuids.canonical(uuidText));
        if (p == null) {
            return aclStatus(Der.NONEXIST);
        }
        List<String> next = edit.apply(p);
        if (next == NO_ENTRY) {
            return aclStatus(Der.NONEXIST);
        }
        if (next != null) {
            p.acl = next;
            int rc = persist();
            if (rc != 0) {
                return aclStatus(rc);
            }
        }
        return ACLResp.newBuilder().addAllACL(p.acl).setOwnerUser(p.owner).setOwnerGroup(p.ownerGroup).build();
    }

    private static List<Acl.Ace> parseStored(List<String> acl) {
        List<Acl.Ace> out = new ArrayList<>();
        for (String s : acl) {
            try {
                out.add(Acl.parseAce(s));
            } catch (Acl.InvalidAclException e) {
                throw new IllegalStateException("stored ACE is invalid: " + s, e);
            }
        }
        return out;
    }

    private static ACLResp aclStatus(int status) {
        return ACLResp.newBuilder().setStatus(status).build();
    }

    // ---- SMD / BIO / device state (SPEC-SYSTEM 4.4.7) ----

    private SmdDevResp smdDevs(SmdDevReq r) {
        SmdDevResp.Builder out = SmdDevResp.newBuilder();
        for (Devices.Device d : node.devices()) {
            out.addDevices(SmdDevResp.Device.newBuilder().setUuid(d.uuid()).addAllTgtIds(d.targets()));
        }
        return out.build();
    }

    private SmdPoolResp smdPools(SmdPoolReq r) {
        SmdPoolResp.Builder out = SmdPoolResp.newBuilder();
        if (node.devices().isEmpty()) {
            return out.build();
        }
        for (Map.Entry<String, EngineState.Pool> e : st.pools.entrySet()) {
            EngineState.Pool p = e.getValue();
            if (!p.ranks.contains(st.rank) || p.nvmePerTarget == 0) {
                continue;
            }
            SmdPoolResp.Pool.Builder b = SmdPoolResp.Pool.newBuilder().setUuid(e.getKey());
            long base = 0x100000000L | ((e.getKey().hashCode() & 0xffffL) << 8);
            for (int t = 0; t < p.targetsPerRank; t++) {
                b.addTgtIds(t).addBlobs(base + t);
            }
            out.addPools(b);
        }
        return out.build();
    }

    private BioHealthResp bioHealth(BioHealthReq r) {
        BioHealthResp.Builder out = BioHealthResp.newBuilder();
        Devices.Device dev = null;
        if (!r.getDevUuid().isEmpty()) {
            if (!Uuids.valid(r.getDevUuid())) {
                return out.setStatus(Der.INVAL).build();
            }
            dev = device(r.getDevUuid());
        } else if (!r.getTgtId().isEmpty()) {
            int tgt = atoi(r.getTgtId());
            for (Devices.Device d : node.devices()) {
                if (d.targets().contains(tgt)) {
                    dev = d;
                }
            }
        } else {
            return out.setStatus(Der.INVAL).build();
        }
        if (dev == null) {
            return out.setStatus(Der.NONEXIST).build();
        }
        boolean faulty = st.faultyDevices.containsKey(dev.uuid());
        return out.setDevUuid(dev.uuid())
                .setTemperature(300) // Kelvin
                .setReadonly(faulty)
                .setDeviceReliability(faulty)
                .build();
    }

    private DevStateResp devState(DevStateReq r, boolean setFaulty) {
        DevStateResp.Builder out = DevStateResp.newBuilder();
        if (!Uuids.valid(r.getDevUuid())) {
            return out.setStatus(Der.INVAL).build();
        }
        Devices.Device dev = device(r.getDevUuid());
        if (dev == null) {
            return out.setStatus(Der.NONEXIST).build();
        }
        if (setFaulty && !st.faultyDevices.containsKey(dev.uuid())) {
            st.faultyDevices.put(dev.uuid(), Boolean.TRUE);
            int rc = persist();
            if (rc != 0) {
                return out.setStatus(rc).build();
            }
            log.info("SetFaulty: device " + dev.uuid() + " is now FAULTY");
        }
        boolean faulty = st.faultyDevices.containsKey(dev.uuid());
        return out.setDevUuid(dev.uuid()).setDevState(faulty ? "FAULTY\n" : "NORMAL\n").build();
    }

    private Devices.Device device(String uuid) {
        String u = Uuids.canonical(uuid);
        for (Devices.Device d : node.devices()) {
            if (d.uuid().equals(u)) {
                return d;
            }
        }
        return null;
    }

    /** C atoi: optional blanks and sign, then digits; anything else stops (non-numeric -> 0). */
    static int atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return (int) (neg ? -v : v);
    }

    // ---- helpers ----

    private static DaosResp daos(int status) {
        return DaosResp.newBuilder().setStatus(status).build();
    }

    private static String trunc(String s) {
        return s.length() > Acl.PRINCIPAL_MAX ? s.substring(0, Acl.PRINCIPAL_MAX) : s;
    }

    /** Saves the state; on an I/O error the in-memory state is reloaded from the (old) file and
     *  -2001 (DER_IO) is returned. */
    private int persist() {
        try {
            store.save(st);
            return 0;
        } catch (IOException e) {
            log.error("saving state to " + store.file() + " failed: " + e.getMessage());
            try {
                st = store.load();
            } catch (IOException e2) {
                log.error("reloading state failed: " + e2.getMessage());
            }
            return -2001;
        }
    }
}
