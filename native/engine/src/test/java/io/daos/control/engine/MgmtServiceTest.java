package io.daos.control.engine;

import static io.daos.control.engine.MgmtFixture.MS_UUID;
import static io.daos.control.engine.MgmtFixture.NIL;
import static io.daos.control.engine.MgmtFixture.POOL;
import static io.daos.control.engine.MgmtFixture.uuid;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.protobuf.MessageLite;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
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
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.daos.control.proto.mgmt.SetRankReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** The module-2 entry point: the dispatch table, dRPC-level outcomes, and calls as bytes. */
public class MgmtServiceTest {
    @Rule
    public final MgmtFixture f = new MgmtFixture();

    private MgmtService svc;

    @Before
    public void setUp() throws Exception {
        svc = newService();
    }

    private MgmtService newService() throws Exception {
        StateStore store = new StateStore(f.scm);
        return new MgmtService(store, store.load(), f.node, MgmtFixture.quietLog());
    }

    private byte[] call(int method, MessageLite req) throws DrpcFailure {
        return svc.handle(method, req == null ? new byte[0] : req.toByteArray());
    }

    private int daos(int method, MessageLite req) throws Exception {
        return DaosResp.parseFrom(call(method, req)).getStatus();
    }

    private void bootstrap() throws Exception {
        assertEquals(0, daos(DrpcIds.MGMT_SET_RANK, SetRankReq.newBuilder().setRank(0).build()));
        assertEquals(0, daos(DrpcIds.MGMT_CREATE_MS, CreateMsReq.newBuilder().setBootstrap(true).setUuid(MS_UUID)
                .setAddr("127.0.0.1:10001").build()));
        assertEquals(0, daos(DrpcIds.MGMT_START_MS, null));
        assertEquals(0, daos(DrpcIds.MGMT_SET_UP, null));
    }

    private JoinResp join(String uuid) throws Exception {
        return JoinResp.parseFrom(call(DrpcIds.MGMT_JOIN, JoinReq.newBuilder().setUuid(uuid).setRank(NIL).build()));
    }

    private void expectFailure(int method, byte[] body, Status want) {
        try {
            svc.handle(method, body);
            fail("method " + method + " accepted a bad call");
        } catch (DrpcFailure e) {
            assertEquals(want, e.status());
        }
    }

    @Test
    public void theTableHoldsExactlyTheImplementedMethods() {
        List<Integer> ids = new ArrayList<>();
        svc.methods().methods().forEach(ids::add);
        List<Integer> want = new ArrayList<>();
        for (int m = DrpcIds.MGMT_SET_RANK; m <= DrpcIds.MGMT_PING_RANK; m++) {
            want.add(m);
        }
        assertEquals(want, ids);
        assertEquals(DrpcIds.NUM_MGMT_METHODS, DrpcIds.MGMT_PING_RANK + 1);
    }

    @Test
    public void unknownMethodsAndBadBodies() throws Exception {
        expectFailure(DrpcIds.MGMT_KILL_RANK, new byte[0], Status.UNKNOWN_METHOD);
        expectFailure(DrpcIds.NUM_MGMT_METHODS, new byte[0], Status.UNKNOWN_METHOD);
        expectFailure(0, new byte[0], Status.UNKNOWN_METHOD);
        expectFailure(DrpcIds.SRV_NOTIFY_READY, null, Status.UNKNOWN_METHOD);
        byte[] junk = {0x0a, 0x05, 0x01}; // field 1, length 5, only 1 byte
        for (int m = DrpcIds.MGMT_SET_RANK; m <= DrpcIds.MGMT_PING_RANK; m++) {
            if (m == DrpcIds.MGMT_START_MS || m == DrpcIds.MGMT_SET_UP) {
                continue; // no request body is read
            }
            boolean devState = m == DrpcIds.MGMT_DEV_STATE_QUERY || m == DrpcIds.MGMT_DEV_SET_FAULTY;
            expectFailure(m, junk, devState ? Status.FAILURE : Status.FAILED_UNMARSHAL_PAYLOAD);
        }
        // StartMS and SetUp ignore the body; a null body is an empty one
        assertEquals(Der.NONEXIST, DaosResp.parseFrom(svc.handle(DrpcIds.MGMT_START_MS, junk)).getStatus());
        assertEquals(0, DaosResp.parseFrom(svc.handle(DrpcIds.MGMT_SET_UP, junk)).getStatus());
        assertEquals(Der.INVAL, DaosResp.parseFrom(svc.handle(DrpcIds.MGMT_SET_RANK,
                SetRankReq.newBuilder().setRank(NIL).build().toByteArray())).getStatus());
        assertEquals(0, SmdDevResp.parseFrom(svc.handle(DrpcIds.MGMT_SMD_LIST_DEVS, null)).getStatus());
    }

    @Test
    public void everyMethodReachesItsArea() throws Exception {
        bootstrap();
        assertEquals(1, join(uuid(1)).getRank());
        assertEquals(0, GetAttachInfoResp.parseFrom(call(DrpcIds.MGMT_GET_ATTACH_INFO, null)).getPsrs(0).getRank());
        assertEquals(0, daos(DrpcIds.MGMT_PREP_SHUTDOWN, null));
        assertEquals(0, daos(DrpcIds.MGMT_PING_RANK, null));
        // pools
        assertEquals(List.of(1), PoolCreateResp.parseFrom(call(DrpcIds.MGMT_POOL_CREATE, PoolCreateReq.newBuilder()
                .setUuid(POOL).setScmbytes(1L << 30).setNumsvcreps(1).setUser("bob@").build())).getSvcrepsList());
        assertEquals(8, PoolQueryResp.parseFrom(call(DrpcIds.MGMT_POOL_QUERY, PoolQueryReq.newBuilder().setUuid(POOL)
                .build())).getTotaltargets());
        assertEquals(1, ListPoolsResp.parseFrom(call(DrpcIds.MGMT_LIST_POOLS, null)).getPoolsCount());
        assertEquals(Der.INVAL, ListContResp.parseFrom(call(DrpcIds.MGMT_LIST_CONTAINERS, null)).getStatus());
        assertEquals(0, PoolSetPropResp.parseFrom(call(DrpcIds.MGMT_POOL_SET_PROP, PoolSetPropReq.newBuilder()
                .setUuid(POOL).setNumber(PoolHandlers.PROP_RECLAIM).setNumval(0).build())).getStatus());
        // ACLs
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), ACLResp.parseFrom(call(DrpcIds.MGMT_POOL_GET_ACL,
                GetACLReq.newBuilder().setUuid(POOL).build())).getACLList());
        assertEquals(List.of("A::OWNER@:r"), ACLResp.parseFrom(call(DrpcIds.MGMT_POOL_OVERWRITE_ACL,
                ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::OWNER@:r").build())).getACLList());
        assertEquals(List.of("A::OWNER@:r", "A::EVERYONE@:r"), ACLResp.parseFrom(call(DrpcIds.MGMT_POOL_UPDATE_ACL,
                ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::EVERYONE@:r").build())).getACLList());
        assertEquals(List.of("A::OWNER@:r"), ACLResp.parseFrom(call(DrpcIds.MGMT_POOL_DELETE_ACL,
                DeleteACLReq.newBuilder().setUuid(POOL).setPrincipal("EVERYONE@").build())).getACLList());
        // devices
        SmdDevResp devs = SmdDevResp.parseFrom(call(DrpcIds.MGMT_SMD_LIST_DEVS, null));
        String dev = devs.getDevices(0).getUuid();
        assertEquals(0, SmdPoolResp.parseFrom(call(DrpcIds.MGMT_SMD_LIST_POOLS, null)).getPoolsCount());
        assertEquals(dev, BioHealthResp.parseFrom(call(DrpcIds.MGMT_BIO_HEALTH_QUERY, BioHealthReq.newBuilder()
                .setTgtId("0").build())).getDevUuid());
        assertEquals("NORMAL\n", DevStateResp.parseFrom(call(DrpcIds.MGMT_DEV_STATE_QUERY, DevStateReq.newBuilder()
                .setDevUuid(dev).build())).getDevState());
        assertEquals("FAULTY\n", DevStateResp.parseFrom(call(DrpcIds.MGMT_DEV_SET_FAULTY, DevStateReq.newBuilder()
                .setDevUuid(dev).build())).getDevState());
    }

    @Test
    public void setUpCallbackAndState() throws Exception {
        AtomicInteger banners = new AtomicInteger();
        svc.onSetUp(() -> {
            assertEquals(0, svc.state().rank); // the state is readable from the callback
            banners.incrementAndGet();
        });
        assertFalse(svc.isSetUp());
        bootstrap();
        assertTrue(svc.isSetUp());
        assertEquals(0, daos(DrpcIds.MGMT_SET_UP, null));
        assertEquals(1, banners.get());
        assertEquals(MS_UUID, svc.state().msUuid);
    }

    @Test
    public void stateSurvivesReload() throws Exception {
        bootstrap();
        join(uuid(1));
        assertEquals(0, PoolCreateResp.parseFrom(call(DrpcIds.MGMT_POOL_CREATE, PoolCreateReq.newBuilder()
                .setUuid(POOL).setScmbytes(1L << 30).setNvmebytes(1L << 30).setNumsvcreps(1).setUser("bob@")
                .setUsergroup("staff@").build())).getStatus());
        call(DrpcIds.MGMT_POOL_UPDATE_ACL, ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::alice@:r").build());
        call(DrpcIds.MGMT_POOL_SET_PROP, PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(PoolHandlers.PROP_RECLAIM)
                .setNumval(0).build());
        byte[] before = call(DrpcIds.MGMT_POOL_GET_ACL, GetACLReq.newBuilder().setUuid(POOL).build());
        svc = newService();
        assertEquals(0, svc.state().rank);
        // the pool service needs the rank only (kept), the management service StartMS
        assertEquals(0, PoolQueryResp.parseFrom(call(DrpcIds.MGMT_POOL_QUERY, PoolQueryReq.newBuilder()
                .setUuid(POOL).build())).getStatus());
        assertEquals(Der.NOTLEADER, join(uuid(1)).getStatus());
        assertEquals(0, daos(DrpcIds.MGMT_START_MS, null));
        assertArrayEquals(before, call(DrpcIds.MGMT_POOL_GET_ACL, GetACLReq.newBuilder().setUuid(POOL).build()));
        assertEquals(0, svc.state().pools.get(POOL).reclaim);
        assertEquals(List.of(1), ListPoolsResp.parseFrom(call(DrpcIds.MGMT_LIST_POOLS, null)).getPools(0)
                .getSvcrepsList());
        assertEquals(1, join(uuid(1)).getRank());
        assertEquals(2, join(uuid(2)).getRank());
    }
}
