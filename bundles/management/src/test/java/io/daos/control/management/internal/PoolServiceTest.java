package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.POOL;
import static io.daos.control.management.internal.PoolFixture.POOL_ID;
import static io.daos.control.management.internal.PoolFixture.assertError;
import static io.daos.control.management.internal.PoolFixture.assertFault;
import static io.daos.control.management.internal.PoolFixture.state;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.grpc.ServerServiceDefinition;

/** {@link PoolService}: destroy, query, set-prop, the listings and attach info, and its method table. */
public class PoolServiceTest {

    private final LocalStore store = PoolFixture.store(3);
    private final FakeDataPlane dp = new FakeDataPlane();
    private final PoolService svc = new PoolService(store, () -> dp);

    /** Puts {@link PoolFixture#POOL} Ready in the DB and in the data plane. */
    private void readyPool() {
        PoolFixture.pool(store, PoolState.READY);
        dp.pools.put(POOL, List.of(1, 2));
    }

    @Test
    public void addToAddsTheElevenMethods() {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME);
        svc.addTo(b);
        ServerServiceDefinition def = b.build();
        assertEquals(11, def.getMethods().size());
        for (String m : List.of("PoolCreate", "PoolDestroy", "PoolQuery", "PoolSetProp", "PoolGetACL",
                "PoolOverwriteACL", "PoolUpdateACL", "PoolDeleteACL", "ListPools", "ListContainers", "GetAttachInfo")) {
            assertTrue(m, def.getMethod("mgmt.MgmtSvc/" + m) != null);
        }
    }

    @Test
    public void destroyRemovesThePoolWhenTheDataPlaneDid() throws Exception {
        readyPool();
        PoolDestroyReq req = PoolDestroyReq.newBuilder().setUuid(POOL).setSys("daos_server").setForce(true).build();
        assertEquals(0, svc.poolDestroy(req).getStatus());
        assertNull(state(store.view()));
        assertEquals("forwarded unchanged", req, dp.lastSent(DrpcIds.MGMT_POOL_DESTROY, PoolDestroyReq.parser()));
    }

    @Test
    public void destroyOfAPoolTheDataPlaneLacksRemovesItAndAnswersNonexist() {
        PoolFixture.pool(store, PoolState.READY);
        assertEquals(Der.NONEXIST, svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertNull(state(store.view()));
    }

    @Test
    public void destroyOtherStatusLeavesDestroyingAndALaterDestroyRetries() {
        readyPool();
        dp.canned.put(DrpcIds.MGMT_POOL_DESTROY, PoolDestroyResp.newBuilder().setStatus(-1012).build().toByteArray());
        PoolDestroyReq req = PoolDestroyReq.newBuilder().setUuid(POOL).build();
        assertEquals(-1012, svc.poolDestroy(req).getStatus());
        assertEquals(PoolState.DESTROYING, state(store.view()));
        dp.canned.clear();
        assertEquals(0, svc.poolDestroy(req).getStatus());
        assertNull(state(store.view()));
    }

    @Test
    public void destroyTransportFailureLeavesDestroying() {
        readyPool();
        dp.failures.put(DrpcIds.MGMT_POOL_DESTROY, new IOException("send message: broken pipe"));
        assertError("a pool service replica of ranks [1, 2] could not be reached; the pool stays Destroying",
                () -> svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid(POOL).build()));
        assertEquals(PoolState.DESTROYING, state(store.view()));
        assertEquals("the other replica was told", List.of(1, 2), dp.indexes);
    }

    @Test
    public void destroyChecksAndDbAnswersWithoutDrpc() {
        assertError("nil request", () -> svc.poolDestroy(null));
        dp.selection = new IOException("instance is not an access point");
        assertError("nil UUID", () -> svc.poolDestroy(PoolDestroyReq.getDefaultInstance()));
        assertError("not an access point", () -> svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid(POOL).build()));
        dp.selection = null;
        assertEquals(Der.INVAL, svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid("x").build()).getStatus());
        assertEquals(Der.NONEXIST, svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid(POOL).build()).getStatus());
        PoolFixture.pool(store, PoolState.CREATING);
        assertEquals(Der.AGAIN, svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertEquals(PoolState.CREATING, state(store.view()));
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void queryIsForwardedUnchangedForAKnownPool() throws Exception {
        readyPool();
        PoolQueryReq req = PoolQueryReq.newBuilder().setUuid(POOL.toUpperCase()).build();
        PoolQueryResp resp = svc.poolQuery(req);
        assertEquals(POOL.toUpperCase(), resp.getUuid());
        assertEquals(8, resp.getTotaltargets());
        assertEquals(req, dp.lastSent(DrpcIds.MGMT_POOL_QUERY, PoolQueryReq.parser()));
    }

    @Test
    public void queryAnswersFromTheDbWithoutDrpc() {
        assertError("nil request", () -> svc.poolQuery(null));
        assertEquals(Der.INVAL, svc.poolQuery(PoolQueryReq.newBuilder().setUuid("{" + POOL + "}").build()).getStatus());
        assertEquals(Der.NONEXIST, svc.poolQuery(PoolQueryReq.newBuilder().setUuid(POOL).build()).getStatus());
        PoolFixture.pool(store, PoolState.CREATING);
        assertEquals(Der.AGAIN, svc.poolQuery(PoolQueryReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void queryOfADestroyingPoolIsForwarded() {
        PoolFixture.pool(store, PoolState.DESTROYING);
        dp.pools.put(POOL, List.of(1));
        assertEquals(0, svc.poolQuery(PoolQueryReq.newBuilder().setUuid(POOL).build()).getStatus());
    }

    @Test
    public void queryGarbageReplyOfEveryReplicaIsTimedOut() {
        readyPool();
        dp.canned.put(DrpcIds.MGMT_POOL_QUERY, new byte[] {(byte) 0xff});
        assertEquals(Der.TIMEDOUT, svc.poolQuery(PoolQueryReq.newBuilder().setUuid(POOL).build())
                .getStatus());
        assertEquals(List.of(1, 2), dp.indexes);
    }

    @Test
    public void setPropConvertsReclaimAndGivesBackTheNameAndText() throws Exception {
        readyPool();
        for (String[] c : new String[][] {{"disabled", "0"}, {"LAZY", "1"}, {" time ", "4"}}) {
            PoolSetPropResp resp = svc.poolSetProp(PoolSetPropReq.newBuilder().setUuid(POOL).setName("Reclaim")
                    .setStrval(c[0]).build());
            assertEquals(PoolSetPropResp.newBuilder().setName("Reclaim").setStrval(c[0]).build(), resp);
            PoolSetPropReq sent = dp.lastSent(DrpcIds.MGMT_POOL_SET_PROP, PoolSetPropReq.parser());
            assertEquals(PoolSetPropReq.newBuilder().setUuid(POOL).setNumber(5).setNumval(Long.parseLong(c[1])).build(),
                    sent);
        }
    }

    @Test
    public void setPropUnknownPropertyOrValueIsRefusedWithoutDrpc() {
        readyPool();
        assertError("unhandled pool property \"answer\"", () -> svc.poolSetProp(PoolSetPropReq.newBuilder()
                .setUuid(POOL).setName("answer").setNumval(42).build()));
        assertError("unhandled reclaim type \"\"", () -> svc.poolSetProp(PoolSetPropReq.newBuilder()
                .setUuid(POOL).setName("reclaim").setNumval(1).build()));
        assertError("unhandled reclaim type \"unknown\"", () -> svc.poolSetProp(PoolSetPropReq.newBuilder()
                .setUuid(POOL).setName("reclaim").setStrval("unknown").build()));
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void setPropOfAnUnknownPoolFailsAsTheDataPlanesRefusalWouldWithoutDrpc() {
        assertError("Response number doesn't match request (0 != 5)", () -> svc.poolSetProp(PoolSetPropReq
                .newBuilder().setUuid(POOL).setName("reclaim").setStrval("lazy").build()));
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void setPropReplyPostCheck() {
        readyPool();
        PoolSetPropReq req = PoolSetPropReq.newBuilder().setUuid(POOL).setName("reclaim").setStrval("time").build();
        dp.canned.put(DrpcIds.MGMT_POOL_SET_PROP, PoolSetPropResp.newBuilder().setNumber(5).setNumval(4242424242L)
                .build().toByteArray());
        assertError("Response value doesn't match request (4242424242 != 4)", () -> svc.poolSetProp(req));
    }

    @Test
    public void listContainersForwardedForKnownPoolsOnly() throws Exception {
        assertEquals(Der.INVAL, svc.listContainers(ListContReq.newBuilder().setUuid("").build()).getStatus());
        assertEquals(Der.NONEXIST, svc.listContainers(ListContReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
        readyPool();
        ListContReq req = ListContReq.newBuilder().setUuid(POOL).build();
        assertEquals(ListContResp.getDefaultInstance(), svc.listContainers(req));
        assertEquals(req, dp.lastSent(DrpcIds.MGMT_LIST_CONTAINERS, ListContReq.parser()));
    }

    @Test
    public void listPoolsAnswersReadyAndDestroyingPoolsFromTheDbWithoutDrpc() {
        UUID creating = UUID.fromString("11111111-2222-3333-4444-555555555555");
        UUID destroying = UUID.fromString(PoolFixture.OTHER);
        PoolFixture.pool(store, PoolState.READY);
        store.submit(new Command.PoolCreateBegin(creating, List.of(0L), 1, 0));
        store.submit(new Command.PoolCreateBegin(destroying, List.of(0L, 2L), 1, 0));
        store.submit(new Command.PoolReady(destroying, List.of(2L)));
        store.submit(new Command.PoolDestroyBegin(destroying));
        ListPoolsResp resp = svc.listPools(ListPoolsReq.newBuilder().setSys("daos_server").build());
        assertEquals(ListPoolsResp.newBuilder()
                .addPools(ListPoolsResp.Pool.newBuilder().setUuid(POOL).addAllSvcreps(List.of(1, 2)))
                .addPools(ListPoolsResp.Pool.newBuilder().setUuid(PoolFixture.OTHER).addSvcreps(2)).build(), resp);
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void listPoolsKeepsTheMsSelectionErrors() {
        dp.selection = new IOException("instance is not an access point, try 10.0.0.1:10001");
        assertError("instance is not an access point, try 10.0.0.1:10001", () -> svc.listPools(
                ListPoolsReq.getDefaultInstance()));
        dp.started = false;
        assertFault(647, () -> svc.listPools(ListPoolsReq.getDefaultInstance()));
        assertFault(647, () -> new PoolService(store, () -> null).listPools(ListPoolsReq.getDefaultInstance()));
    }

    @Test
    public void getAttachInfoIsForwardedUnchanged() throws Exception {
        GetAttachInfoReq req = GetAttachInfoReq.newBuilder().setSys("daos_server").build();
        GetAttachInfoResp resp = svc.getAttachInfo(req);
        assertEquals(1, resp.getPsrsCount());
        assertEquals("ofi+sockets://127.0.0.1:31416", resp.getPsrs(0).getUri());
        assertEquals(req, dp.lastSent(DrpcIds.MGMT_GET_ATTACH_INFO, GetAttachInfoReq.parser()));
        dp.canned.put(DrpcIds.MGMT_GET_ATTACH_INFO, GetAttachInfoResp.newBuilder().setStatus(-2008).build()
                .toByteArray());
        assertEquals("a status is returned as it is", -2008, svc.getAttachInfo(req).getStatus());
        dp.canned.put(DrpcIds.MGMT_GET_ATTACH_INFO, new byte[] {(byte) 0xff});
        assertError("unmarshal GetAttachInfo response: ", () -> svc.getAttachInfo(req));
    }

    @Test
    public void createThenListThenDestroyThroughTheService() {
        PoolCreateReq req = PoolCreateReq.newBuilder().setUuid(POOL).setScmbytes(1L << 30).setNumsvcreps(3)
                .setUser("bob@").build();
        assertEquals(List.of(1, 2), svc.poolCreate(req).getSvcrepsList());
        assertEquals(List.of(1, 2), svc.listPools(ListPoolsReq.getDefaultInstance()).getPools(0).getSvcrepsList());
        assertEquals(0, svc.poolDestroy(PoolDestroyReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertEquals(0, svc.listPools(ListPoolsReq.getDefaultInstance()).getPoolsCount());
        assertTrue(svc.settlePools());
        assertEquals(POOL_ID, UUID.fromString(POOL));
    }
}
