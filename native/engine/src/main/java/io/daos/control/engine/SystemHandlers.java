package io.daos.control.engine;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.PingRankReq;
import io.daos.control.proto.mgmt.PrepShutdownReq;
import io.daos.control.proto.mgmt.SetRankReq;

/**
 * The system methods of module 2 (SPEC-SYSTEM 4.4.8 and the data-plane side of Join, 1.6): the
 * start-up calls the control server makes (SetRank, CreateMS, StartMS, SetUp), Join and
 * GetAttachInfo on the management service, PrepShutdown and PingRank.
 *
 * <p>Deviation from the reference: Join with an explicit rank does not move the allocation floor
 * (the reference overwrites its in-memory rank_next with an uninitialised value). The floor is the
 * persisted rank_next at StartMS; auto-allocation takes min{r >= floor, not taken} and persists
 * allocated+1.
 */
final class SystemHandlers {
    /** Addresses and URIs must be shorter than this (the data plane's fixed buffers). */
    static final int ADDR_MAX = 128;

    private final MgmtContext ctx;
    private long rankFloor;
    private boolean setUp;
    private Runnable onSetUp = () -> { };

    SystemHandlers(MgmtContext ctx) {
        this.ctx = ctx;
    }

    void register(MgmtMethods t) {
        t.add(DrpcIds.MGMT_SET_RANK, SetRankReq.parser(), this::setRank);
        t.add(DrpcIds.MGMT_CREATE_MS, CreateMsReq.parser(), this::createMs);
        t.add(DrpcIds.MGMT_START_MS, body -> startMs()); // no request body is read
        t.add(DrpcIds.MGMT_JOIN, JoinReq.parser(), this::join);
        t.add(DrpcIds.MGMT_GET_ATTACH_INFO, GetAttachInfoReq.parser(), this::getAttachInfo);
        t.add(DrpcIds.MGMT_SET_UP, body -> setUp()); // no request body is read
        t.add(DrpcIds.MGMT_PREP_SHUTDOWN, PrepShutdownReq.parser(), this::prepShutdown);
        t.add(DrpcIds.MGMT_PING_RANK, PingRankReq.parser(), this::ping);
    }

    /** Runs once, on the first SetUp (the real server prints its start-up banner then). */
    void onSetUp(Runnable r) {
        onSetUp = r;
    }

    boolean isSetUp() {
        return setUp;
    }

    DaosResp setRank(SetRankReq r) {
        EngineState st = ctx.state();
        long rank = Integer.toUnsignedLong(r.getRank());
        if (rank == EngineState.NIL_RANK) {
            return daos(Der.INVAL);
        }
        ctx.log().info("SetRank: rank " + rank);
        if (st.rank != rank) {
            st.rank = rank;
            return daos(ctx.persist());
        }
        return daos(Der.SUCCESS);
    }

    DaosResp createMs(CreateMsReq r) {
        EngineState st = ctx.state();
        if (st.msCreated) {
            // the control server sends CreateMS once per instance life; a repeat is harmless
            ctx.log().info("CreateMS: management service database already exists");
            return daos(Der.SUCCESS);
        }
        if (r.getBootstrap()) {
            if (!Uuids.valid(r.getUuid()) || r.getAddr().length() >= ADDR_MAX) {
                return daos(Der.INVAL);
            }
            if (st.rank == EngineState.NIL_RANK) {
                ctx.log().error("CreateMS: bootstrap before SetRank");
                return daos(Der.UNINIT);
            }
            EngineState.Member m = new EngineState.Member();
            m.uuid = Uuids.canonical(r.getUuid());
            m.uri = ctx.node().uri();
            m.addr = r.getAddr();
            m.nctxs = ctx.node().nctxs();
            st.members.put(st.rank, m);
            st.msUuid = m.uuid;
            st.msAddr = r.getAddr();
            st.mapVersion = 1;
            st.rankNext = st.rank == 0 ? 1 : 0;
        }
        st.msCreated = true;
        ctx.log().info("CreateMS: bootstrap=" + r.getBootstrap());
        return daos(ctx.persist());
    }

    DaosResp startMs() {
        EngineState st = ctx.state();
        if (!st.msCreated) {
            return daos(Der.NONEXIST);
        }
        if (!ctx.msStarted()) {
            ctx.msStarted(true);
            rankFloor = st.rankNext;
            ctx.log().info("StartMS: management service started, map version " + st.mapVersion);
        }
        return daos(Der.SUCCESS); // "already started" counts as success
    }

    DaosResp setUp() {
        if (!setUp) {
            setUp = true;
            onSetUp.run();
        }
        ctx.log().info("SetUp: modules loaded");
        return daos(Der.SUCCESS);
    }

    DaosResp prepShutdown(PrepShutdownReq r) {
        ctx.log().info("PrepShutdown (rank " + r.getRank() + ")");
        return daos(Der.SUCCESS);
    }

    DaosResp ping(PingRankReq r) {
        return daos(Der.SUCCESS);
    }

    JoinResp join(JoinReq r) {
        if (!Uuids.valid(r.getUuid()) || r.getAddr().length() >= ADDR_MAX || r.getUri().length() >= ADDR_MAX) {
            return joinStatus(Der.INVAL);
        }
        int lead = ctx.leader();
        if (lead != Der.SUCCESS) {
            return joinStatus(lead);
        }
        EngineState st = ctx.state();
        String uuid = Uuids.canonical(r.getUuid());
        long want = Integer.toUnsignedLong(r.getRank());
        long known = st.rankOf(uuid);
        if (known >= 0) {
            if (want != EngineState.NIL_RANK && want != known) {
                return joinStatus(Der.PROTO); // rank cannot change
            }
            EngineState.Member m = st.members.get(known);
            ctx.log().info("Join: rank " + known + " rejoined (" + (m.in ? "IN" : "OUT") + ")");
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
            return joinStatus(Der.EXIST);
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
        int rc = ctx.persist();
        if (rc != Der.SUCCESS) {
            return joinStatus(rc);
        }
        ctx.log().info("Join: rank " + rank + " joined (uuid " + uuid + ", map version " + st.mapVersion + ")");
        return JoinResp.newBuilder().setRank((int) rank).setState(JoinResp.State.IN).build();
    }

    GetAttachInfoResp getAttachInfo(GetAttachInfoReq r) {
        int lead = ctx.leader();
        if (lead != Der.SUCCESS) {
            return GetAttachInfoResp.newBuilder().setStatus(lead).build();
        }
        return GetAttachInfoResp.newBuilder()
                .addPsrs(GetAttachInfoResp.Psr.newBuilder().setRank((int) ctx.state().rank).setUri(ctx.node().uri()))
                .build();
    }

    private static DaosResp daos(int status) {
        return DaosResp.newBuilder().setStatus(status).build();
    }

    private static JoinResp joinStatus(int status) {
        return JoinResp.newBuilder().setStatus(status).build();
    }
}
