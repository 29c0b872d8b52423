package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.POOL;
import static io.daos.control.management.internal.PoolFixture.POOL_ID;
import static io.daos.control.management.internal.PoolFixture.assertError;
import static io.daos.control.management.internal.PoolFixture.assertFault;
import static io.daos.control.management.internal.PoolFixture.state;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.system.MemberState;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.PoolRecord;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;

/** {@link PoolCreateFlow}: the checks in order, the DB transitions and the resolution of Creating pools. */
public class PoolCreateFlowTest {

    private final LocalStore store = PoolFixture.store(4);
    private final FakeDataPlane dp = new FakeDataPlane();
    private final PoolCreateFlow flow = new PoolCreateFlow(store, new MsForward(() -> dp));

    private static PoolCreateReq.Builder req() {
        return PoolCreateReq.newBuilder().setUuid(POOL).setScmbytes(1L << 30).setNumsvcreps(1).setUser("bob@")
                .setUsergroup("staff@").setSys("daos_server");
    }

    private PoolCreateResp create(PoolCreateReq.Builder r) {
        return flow.create(r.build());
    }

    @Test
    public void createRecordsReadyWithTheDataPlanesReplicasAndForwardsTheChosenTargets() throws Exception {
        PoolCreateResp resp = create(req().setNumsvcreps(3));
        assertEquals(0, resp.getStatus());
        assertEquals(List.of(1, 2, 3), resp.getSvcrepsList());
        PoolRecord p = store.view().pool(POOL_ID).orElseThrow();
        assertEquals(PoolState.READY, p.state());
        assertEquals(List.of(1L, 2L, 3L), p.svcRanks());
        assertEquals(List.of(0L, 1L, 2L, 3L), p.targets());
        PoolCreateReq sent = dp.lastSent(DrpcIds.MGMT_POOL_CREATE, PoolCreateReq.parser());
        assertEquals(req().setNumsvcreps(3).addAllRanks(List.of(0, 1, 2, 3)).build(), sent);
    }

    @Test
    public void requestedRanksAreSortedDeduplicatedAndForwarded() throws Exception {
        PoolCreateResp resp = create(req().addAllRanks(List.of(3, 1, 3)).setNumsvcreps(2));
        assertEquals(List.of(1, 3), resp.getSvcrepsList());
        assertEquals(List.of(1, 3), dp.lastSent(DrpcIds.MGMT_POOL_CREATE, PoolCreateReq.parser()).getRanksList());
    }

    @Test
    public void withoutRanksOnlyStartedMembersAreTargets() throws Exception {
        PoolFixture.memberState(store, 2, MemberState.STOPPED);
        create(req());
        assertEquals(List.of(0, 1, 3), dp.lastSent(DrpcIds.MGMT_POOL_CREATE, PoolCreateReq.parser()).getRanksList());
    }

    @Test
    public void checksComeInTheReferenceOrder() {
        assertError("nil request", () -> flow.create(null));
        dp.selection = new IOException("instance is not an access point");
        assertError("instance is not an access point", () -> create(req().setScmbytes(0)));
        dp.selection = new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        assertFault(647, () -> create(req().setScmbytes(0)));
        dp.selection = null;
        dp.targets = 0;
        assertError("zero target count", () -> create(req().setScmbytes(0)));
        dp.targets = 8;
        assertFault(644, () -> create(req().setScmbytes((16L << 20) * 8 - 1).setNvmebytes(1)));
        assertFault(645, () -> create(req().setScmbytes((16L << 20) * 8).setNvmebytes((1L << 30) * 8 - 1)));
        assertTrue("no dRPC call made", dp.calls.isEmpty());
        assertTrue(store.view().pools().isEmpty());
    }

    @Test
    public void noHarnessIsFault647() {
        PoolCreateFlow none = new PoolCreateFlow(store, new MsForward(() -> null));
        assertFault(647, () -> none.create(req().build()));
    }

    @Test
    public void minimumSizesAreForwarded() {
        assertEquals(0, create(req().setScmbytes((16L << 20) * 8).setNvmebytes((1L << 30) * 8)).getStatus());
    }

    @Test
    public void whatTheDataPlaneRefusesFirstIsAnsweredWithoutDrpc() {
        for (String bad : new String[] {"", "not-a-uuid", "{" + POOL + "}", "urn:uuid:" + POOL,
                POOL.replace("-", ""), POOL.substring(1) + "g"}) {
            assertEquals(bad, Der.INVAL, create(req().setUuid(bad)).getStatus());
        }
        assertEquals("no user, group or acl", Der.INVAL, create(req().clearUser().clearUsergroup()).getStatus());
        assertEquals("bad ACE", Der.INVAL, create(req().addAcl("A::GROUP@:rw")).getStatus());
        assertEquals("duplicate principal", Der.INVAL,
                create(req().addAcl("A::bob@:r").addAcl("A::bob@:w")).getStatus());
        assertEquals("rank not a member", Der.OOG, create(req().addRanks(7)).getStatus());
        assertEquals("zero replicas", Der.INVAL, create(req().setNumsvcreps(0)).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
        assertTrue(store.view().pools().isEmpty());
    }

    /**
     * PoolIT found: SCM or NVMe of 2^63 bytes or more (uint64, negative as a Java long) was
     * answered DER_INVAL, because the system DB refuses negative sizes, where the data plane
     * answers DER_NOSPACE; it is now answered so, without a DB write or a dRPC call, after the
     * rank check and before the replica count as in the data plane.
     */
    @Test
    public void sizesBeyondAnyStorageAreNoSpace() {
        assertEquals(Der.NOSPACE, create(req().setScmbytes(-1L)).getStatus());
        assertEquals(Der.NOSPACE, create(req().setScmbytes(Long.MIN_VALUE)).getStatus());
        assertEquals(Der.NOSPACE, create(req().setNvmebytes(-1L)).getStatus());
        assertEquals("replica count after the space", Der.NOSPACE,
                create(req().setScmbytes(-1L).setNumsvcreps(0)).getStatus());
        assertEquals("ranks before the space", Der.OOG, create(req().setScmbytes(-1L).addRanks(7)).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
        assertTrue(store.view().pools().isEmpty());
        assertEquals(0, create(req().setScmbytes(Long.MAX_VALUE)).getStatus());
    }

    @Test
    public void anAclAloneIsEnoughAndUpperCaseUuidIsTaken() {
        PoolCreateResp r = create(req().clearUser().clearUsergroup().addAcl("A::OWNER@:rw")
                .setUuid(POOL.toUpperCase()));
        assertEquals(0, r.getStatus());
        assertEquals(PoolState.READY, state(store.view()));
    }

    @Test
    public void aPoolTheDbHasIsAgainWhileCreatingAndAlreadyOnceReady() {
        PoolFixture.pool(store, PoolState.CREATING);
        assertEquals(Der.AGAIN, create(req()).getStatus());
        store.submit(new Command.PoolReady(POOL_ID, List.of(1L)));
        assertEquals(Der.ALREADY, create(req()).getStatus());
        assertEquals("before the ranks, as the data plane", Der.ALREADY, create(req().addRanks(9)).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void aFailedCreateIsRemovedAndItsStatusReturned() {
        dp.canned.put(DrpcIds.MGMT_POOL_CREATE, PoolCreateResp.newBuilder().setStatus(-1007).build().toByteArray());
        assertEquals(-1007, create(req()).getStatus());
        assertNull(state(store.view()));
    }

    @Test
    public void transportFailureAfterTheDataPlaneCreatedThePoolIsResolvedReady() {
        dp.createdThenFails = new IOException("send message: broken pipe");
        assertError("send message: broken pipe", () -> create(req().setNumsvcreps(2)));
        PoolRecord p = store.view().pool(POOL_ID).orElseThrow();
        assertEquals(PoolState.READY, p.state());
        assertEquals(List.of(1L, 2L), p.svcRanks());
        assertEquals(List.of(DrpcIds.MGMT_POOL_CREATE, DrpcIds.MGMT_LIST_POOLS), dp.calls);
    }

    @Test
    public void transportFailureBeforeTheDataPlaneCreatedThePoolIsResolvedRemoved() {
        dp.failures.put(DrpcIds.MGMT_POOL_CREATE, new DrpcException(DrpcStatus.FAILURE,
                "validate response: bad dRPC response status: FAILURE"));
        assertError("bad dRPC response status", () -> create(req()));
        assertNull(state(store.view()));
        assertEquals(List.of(DrpcIds.MGMT_POOL_CREATE, DrpcIds.MGMT_LIST_POOLS), dp.calls);
    }

    @Test
    public void garbageReplyIsUnmarshalErrorAndResolvedByListPools() {
        dp.canned.put(DrpcIds.MGMT_POOL_CREATE, new byte[] {(byte) 0xff, 1, 2});
        assertError("unmarshal PoolCreate response: ", () -> create(req()));
        assertNull("the data plane does not list it", state(store.view()));
    }

    @Test
    public void whenListPoolsFailsTooThePoolStaysCreatingForTheResolver() {
        dp.createdThenFails = new IOException("timed out");
        dp.failures.put(DrpcIds.MGMT_LIST_POOLS, new IOException("connect to client: refused"));
        assertError("timed out", () -> create(req()));
        assertEquals(PoolState.CREATING, state(store.view()));
        // and once the data plane answers, the resolver settles it as the data plane says
        assertTrue(flow.settlePools());
        assertEquals(PoolState.READY, state(store.view()));
    }

    @Test
    public void aHarnessFaultOnTheCallMeansNothingWasSentAndThePoolIsRemoved() {
        dp.failures.put(DrpcIds.MGMT_POOL_CREATE, new FaultException(Faults.SERVER_HARNESS_NOT_STARTED));
        assertFault(647, () -> create(req()));
        assertNull(state(store.view()));
        assertEquals(List.of(DrpcIds.MGMT_POOL_CREATE), dp.calls);
    }

    @Test
    public void resolverMakesListedPoolsReadyAndRemovesTheOthersWithOneListPools() {
        UUID other = UUID.fromString(PoolFixture.OTHER);
        store.submit(new Command.PoolCreateBegin(POOL_ID, List.of(0L, 1L), 1L << 30, 0));
        store.submit(new Command.PoolCreateBegin(other, List.of(0L, 1L), 1L << 30, 0));
        dp.pools.put(POOL, List.of(1));
        assertTrue(flow.settlePools());
        assertEquals(PoolState.READY, state(store.view()));
        assertEquals(List.of(1L), store.view().pool(POOL_ID).orElseThrow().svcRanks());
        assertFalse(store.view().pool(other).isPresent());
        assertEquals(List.of(DrpcIds.MGMT_LIST_POOLS), dp.calls);
    }

    @Test
    public void resolverLeavesPoolsCreatingWhenTheDataPlaneIsUnreachable() {
        PoolFixture.pool(store, PoolState.CREATING);
        dp.failures.put(DrpcIds.MGMT_LIST_POOLS, new IOException("no dRPC client set (data plane not started?)"));
        assertFalse(flow.settlePools());
        assertEquals(PoolState.CREATING, state(store.view()));
        dp.canned.put(DrpcIds.MGMT_LIST_POOLS, io.daos.control.proto.mgmt.ListPoolsResp.newBuilder()
                .setStatus(-2008).build().toByteArray());
        assertFalse("a data plane that is not the leader cannot tell", flow.settlePools());
        assertEquals(PoolState.CREATING, state(store.view()));
    }

    @Test
    public void aDestroyingPoolTheDataPlaneNoLongerListsIsRemovedOneItListsStays() {
        UUID other = UUID.fromString(PoolFixture.OTHER);
        for (UUID u : List.of(POOL_ID, other)) {
            store.submit(new Command.PoolCreateBegin(u, List.of(0L, 1L), 1L << 30, 0));
            store.submit(new Command.PoolReady(u, List.of(1L)));
            store.submit(new Command.PoolDestroyBegin(u));
        }
        dp.pools.put(PoolFixture.OTHER, List.of(1));
        assertTrue(flow.settlePools());
        assertFalse("its destroy had finished", store.view().pool(POOL_ID).isPresent());
        assertEquals(PoolState.DESTROYING, store.view().pool(other).orElseThrow().state());
        assertEquals(List.of(DrpcIds.MGMT_LIST_POOLS), dp.calls);
    }

    @Test
    public void resolverWithNothingCreatingMakesNoCall() {
        PoolFixture.pool(store, PoolState.READY);
        assertTrue(flow.settlePools());
        assertTrue(dp.calls.isEmpty());
    }
}
