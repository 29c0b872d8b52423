package io.daos.control.engine;

import static io.daos.control.engine.MgmtFixture.MS_UUID;
import static io.daos.control.engine.MgmtFixture.NIL;
import static io.daos.control.engine.MgmtFixture.uuid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.mgmt.CreateMsReq;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.PingRankReq;
import io.daos.control.proto.mgmt.PrepShutdownReq;
import io.daos.control.proto.mgmt.SetRankReq;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Rule;
import org.junit.Test;

public class SystemHandlersTest {
    @Rule
    public final MgmtFixture f = new MgmtFixture();

    private int setRank(int rank) {
        return f.system.setRank(SetRankReq.newBuilder().setRank(rank).build()).getStatus();
    }

    private int createMs(boolean bootstrap, String uuid, String addr) {
        return f.system.createMs(CreateMsReq.newBuilder().setBootstrap(bootstrap).setUuid(uuid).setAddr(addr)
                .build()).getStatus();
    }

    private GetAttachInfoResp attachInfo() {
        return f.system.getAttachInfo(GetAttachInfoReq.newBuilder().setSys("daos_server").build());
    }

    @Test
    public void startupMethodsAndLeaderChecks() throws Exception {
        // not a replica yet
        assertEquals(Der.NOTREPLICA, f.join(uuid(1), NIL).getStatus());
        assertEquals(Der.NOTREPLICA, attachInfo().getStatus());
        assertEquals(Der.NONEXIST, f.system.startMs().getStatus());
        assertEquals(Der.INVAL, setRank(NIL));
        assertEquals(0, setRank(0));
        assertEquals(Der.INVAL, createMs(true, "nope", ""));
        assertEquals(Der.INVAL, createMs(true, MS_UUID, "x".repeat(SystemHandlers.ADDR_MAX)));
        assertEquals(0, createMs(true, MS_UUID, "127.0.0.1:10001"));
        // created, not started
        assertEquals(Der.NOTLEADER, f.join(uuid(1), NIL).getStatus());
        assertEquals(Der.NOTLEADER, attachInfo().getStatus());
        assertEquals(0, f.system.startMs().getStatus());
        assertEquals(0, f.system.startMs().getStatus()); // already started counts as success
        GetAttachInfoResp ai = attachInfo();
        assertEquals(0, ai.getStatus());
        assertEquals(1, ai.getPsrsCount());
        assertEquals(0, ai.getPsrs(0).getRank());
        assertEquals(f.node.uri(), ai.getPsrs(0).getUri());
        EngineState s = f.onDisk();
        assertEquals(0, s.rank);
        assertTrue(s.msCreated);
        assertEquals(1, s.mapVersion);
        assertEquals(1, s.rankNext);
        assertEquals(MS_UUID, s.msUuid);
        assertEquals("127.0.0.1:10001", s.msAddr);
        assertEquals(MS_UUID, s.members.get(0L).uuid);
        assertEquals(f.node.uri(), s.members.get(0L).uri);
        assertEquals(f.node.nctxs(), s.members.get(0L).nctxs);
    }

    @Test
    public void setRankPersistsOnlyAChange() throws Exception {
        assertEquals(0, setRank(3));
        long gen = f.onDisk().generation;
        assertEquals(3, f.onDisk().rank);
        assertEquals(0, setRank(3));
        assertEquals(gen, f.onDisk().generation);
        assertEquals(0, setRank(4));
        assertEquals(4, f.onDisk().rank);
    }

    @Test
    public void createMsVariants() throws Exception {
        // bootstrap before SetRank: not initialised, nothing created
        assertEquals(Der.UNINIT, createMs(true, MS_UUID, "127.0.0.1:10001"));
        assertFalse(f.ctx.state().msCreated);
        // a non-bootstrap replica: the database exists, no members yet
        assertEquals(0, createMs(false, "", ""));
        EngineState s = f.onDisk();
        assertTrue(s.msCreated);
        assertTrue(s.members.isEmpty());
        assertEquals(0, s.mapVersion);
        // a repeat is harmless and changes nothing
        assertEquals(0, setRank(2));
        assertEquals(0, createMs(true, MS_UUID, "127.0.0.1:10001"));
        assertTrue(f.onDisk().members.isEmpty());
    }

    @Test
    public void bootstrapOnANonZeroRankStartsAllocationAtZero() throws Exception {
        assertEquals(0, setRank(5));
        assertEquals(0, createMs(true, MS_UUID, "127.0.0.1:10001"));
        assertEquals(0, f.onDisk().rankNext);
        assertEquals(0, f.system.startMs().getStatus());
        assertEquals(0, f.join(uuid(1), NIL).getRank());
        assertEquals(1, f.join(uuid(2), NIL).getRank());
        assertEquals(6, f.join(uuid(3), 6).getRank());
        assertEquals(Der.EXIST, f.join(uuid(4), 5).getStatus()); // the bootstrap rank is a member
    }

    @Test
    public void joinAssignsRanks() throws Exception {
        f.bootstrap();
        JoinResp a = f.join(uuid(1), NIL);
        assertEquals(0, a.getStatus());
        assertEquals(1, a.getRank());
        assertEquals(JoinResp.State.IN, a.getState());
        assertEquals(2, f.join(uuid(2), NIL).getRank());
        // known uuid: same rank, with nil or the same explicit rank; another rank -> DER_PROTO
        assertEquals(1, f.join(uuid(1), NIL).getRank());
        assertEquals(1, f.join(uuid(1).toUpperCase(), 1).getRank());
        assertEquals(Der.PROTO, f.join(uuid(1), 7).getStatus());
        // requested rank honoured if free, DER_EXIST if taken
        assertEquals(5, f.join(uuid(3), 5).getRank());
        assertEquals(Der.EXIST, f.join(uuid(4), 2).getStatus());
        // an explicit rank does not move the allocation floor (reference bug not reproduced)
        assertEquals(3, f.join(uuid(4), NIL).getRank());
        assertEquals(4, f.join(uuid(6), NIL).getRank());
        assertEquals(6, f.join(uuid(7), NIL).getRank()); // 5 is taken
        // bad input
        assertEquals(Der.INVAL, f.join("not-a-uuid", NIL).getStatus());
        assertEquals(Der.INVAL, f.system.join(JoinReq.newBuilder().setUuid(uuid(9)).setRank(NIL)
                .setUri("u".repeat(SystemHandlers.ADDR_MAX)).build()).getStatus());
        assertEquals(Der.INVAL, f.system.join(JoinReq.newBuilder().setUuid(uuid(9)).setRank(NIL)
                .setAddr("a".repeat(SystemHandlers.ADDR_MAX)).build()).getStatus());
        EngineState s = f.onDisk();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), List.copyOf(s.members.keySet()));
        assertEquals(7, s.rankNext);
        assertEquals(1 + 6, s.mapVersion);
        assertEquals("ofi+sockets://10.0.0.2:31416", s.members.get(1L).uri);
        assertEquals("0.0.0.0:10001", s.members.get(1L).addr);
        // restart: the floor is the persisted rank_next
        f.restart();
        assertEquals(0, f.system.startMs().getStatus());
        assertEquals(1, f.join(uuid(1), NIL).getRank());
        assertEquals(7, f.join(uuid(8), NIL).getRank());
    }

    @Test
    public void anEvictedMemberRejoinsOut() throws Exception {
        f.bootstrap();
        f.join(uuid(1), NIL);
        f.ctx.state().members.get(1L).in = false;
        JoinResp r = f.join(uuid(1), NIL);
        assertEquals(0, r.getStatus());
        assertEquals(1, r.getRank());
        assertEquals(JoinResp.State.OUT, r.getState());
    }

    @Test
    public void setUpRunsItsCallbackOnce() {
        AtomicInteger banners = new AtomicInteger();
        f.system.onSetUp(banners::incrementAndGet);
        assertFalse(f.system.isSetUp());
        assertEquals(0, f.system.setUp().getStatus());
        assertTrue(f.system.isSetUp());
        assertEquals(0, f.system.setUp().getStatus());
        assertEquals(1, banners.get());
    }

    @Test
    public void prepShutdownAndPingAlwaysSucceed() {
        assertEquals(0, f.system.prepShutdown(PrepShutdownReq.getDefaultInstance()).getStatus());
        assertEquals(0, f.system.ping(PingRankReq.getDefaultInstance()).getStatus());
        f.bootstrap();
        assertEquals(0, f.system.prepShutdown(PrepShutdownReq.newBuilder().setRank(0).build()).getStatus());
        assertEquals(0, f.system.ping(PingRankReq.newBuilder().setRank(0).build()).getStatus());
    }

    @Test
    public void failedSavesAnswerDerIoAndKeepTheOldState() throws Exception {
        f.bootstrap();
        f.join(uuid(1), NIL);
        f.breakSaves();
        assertEquals(Der.IO, setRank(9));
        assertEquals(0, f.ctx.state().rank);
        assertEquals(Der.IO, f.join(uuid(2), NIL).getStatus());
        assertEquals(List.of(0L, 1L), List.copyOf(f.ctx.state().members.keySet()));
        assertEquals(2, f.ctx.state().mapVersion);
        assertEquals(1, f.join(uuid(1), NIL).getRank()); // a rejoin writes nothing
    }
}
