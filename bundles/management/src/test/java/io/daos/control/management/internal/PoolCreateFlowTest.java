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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.system.MemberState;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.PoolRecord;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;

/** {@link PoolCreateFlow}: the checks in order, the DB transitions and the resolution of Creating pools. */
public class PoolCreateFlowTest {

    private final LocalStore store = PoolFixture.store(4);
    private final FakeDataPlane dp = new FakeDataPlane();
    private final PoolCreateFlow flow = new PoolCreateFlow(store, new MsForward(() -> dp), PoolFixture.replicas(store, dp));

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
        PoolCreateFlow none = new PoolCreateFlow(store, new MsForward(() -> null), PoolFixture.replicas(store, null));
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
    public void everyPlannedReplicaIsAskedToCreateThePool() {
        assertEquals(0, create(req().setNumsvcreps(3)).getStatus());
        assertEquals(List.of(1, 2, 3), dp.indexes);
        assertEquals(Set.of(1, 2, 3), dp.holders.get(POOL));
        assertEquals("the DB had the replicas planned before any call", List.of(1L, 2L, 3L),
                store.view().pool(POOL_ID).orElseThrow().svcRanks());
    }

    @Test
    public void aReplicaThatDoesNotAnswerUndoesTheCreateAndAnswersTimedOut() throws Exception {
        dp.down.add(2);
        assertEquals(Der.TIMEDOUT, create(req().setNumsvcreps(3)).getStatus());
        assertNull(state(store.view()));
        // created on 1, no answer from 2, so destroyed on both (best effort), 3 never asked
        assertEquals(List.of(DrpcIds.MGMT_POOL_CREATE, DrpcIds.MGMT_POOL_CREATE, DrpcIds.MGMT_POOL_DESTROY,
                DrpcIds.MGMT_POOL_DESTROY), dp.calls);
        assertEquals(List.of(1, 2, 1, 2), dp.indexes);
        assertFalse(dp.pools.containsKey(POOL));
        assertTrue("the undo of its own create is forced",
                dp.lastSent(DrpcIds.MGMT_POOL_DESTROY, PoolDestroyReq.parser()).getForce());
    }

    @Test
    public void aReplicaThatRefusesUndoesTheCreateOnTheOthersAndAnswersItsStatus() {
        dp.pools.put(POOL, List.of(2));
        dp.holders.put(POOL, new HashSet<>(Set.of(2)));
        assertEquals(Der.ALREADY, create(req().setNumsvcreps(2)).getStatus());
        assertNull(state(store.view()));
        assertEquals("destroyed on 1 only: 2 refused", List.of(1, 2, 1), dp.indexes);
        assertEquals(Set.of(2), dp.holders.get(POOL));
    }

    @Test
    public void aCreateThatFailsAfterTheEngineCreatedThePoolIsUndoneThere() {
        dp.createdThenFails = new IOException("send message: broken pipe");
        assertEquals(Der.TIMEDOUT, create(req()).getStatus());
        assertNull(state(store.view()));
        assertFalse(dp.pools.containsKey(POOL));
    }

    @Test
    public void aGarbageReplyOrAFaultOfTheInstanceIsNoAnswer() {
        dp.canned.put(DrpcIds.MGMT_POOL_CREATE, new byte[] {(byte) 0xff, 1, 2});
        assertEquals(Der.TIMEDOUT, create(req()).getStatus());
        assertNull(state(store.view()));
        dp.canned.clear();
        dp.failures.put(DrpcIds.MGMT_POOL_CREATE, new FaultException(Faults.SERVER_HARNESS_NOT_STARTED));
        assertEquals(Der.TIMEDOUT, create(req()).getStatus());
        assertNull(state(store.view()));
    }

    private void creating(UUID u, List<Long> replicas) {
        assertEquals(0, store.submit(new Command.PoolCreateBegin(u, List.of(0L, 1L, 2L), 1L << 30, 0, replicas))
                .status());
    }

    @Test
    public void settleMakesACreatingPoolEveryReplicaHoldsReady() {
        creating(POOL_ID, List.of(1L, 2L));
        dp.pools.put(POOL, List.of(1, 2));
        dp.queryHeld = true;
        assertTrue(flow.settlePools());
        assertEquals(PoolState.READY, state(store.view()));
        assertEquals(List.of(1L, 2L), store.view().pool(POOL_ID).orElseThrow().svcRanks());
        assertEquals(List.of(DrpcIds.MGMT_POOL_QUERY, DrpcIds.MGMT_POOL_QUERY), dp.calls);
    }

    @Test
    public void settleUndoesAndRemovesACreatingPoolAReplicaLacks() {
        creating(POOL_ID, List.of(1L, 2L));
        dp.pools.put(POOL, List.of(1, 2));
        dp.holders.put(POOL, new HashSet<>(Set.of(1)));
        dp.queryHeld = true;
        assertTrue(flow.settlePools());
        assertNull(state(store.view()));
        assertFalse("destroyed on rank 1", dp.pools.containsKey(POOL));
    }

    @Test
    public void settleLeavesACreatingPoolWhenNoReplicaAnswers() {
        creating(POOL_ID, List.of(1L, 2L));
        dp.down.addAll(List.of(1, 2));
        assertFalse(flow.settlePools());
        assertEquals(PoolState.CREATING, state(store.view()));
        dp.down.clear();
        assertTrue(flow.settlePools());
        assertEquals(PoolState.READY, state(store.view()));
    }

    @Test
    public void settleRemovesACreatingRecordWithoutPlannedReplicas() {
        store.submit(new Command.PoolCreateBegin(POOL_ID, List.of(0L, 1L), 1L << 30, 0));
        assertTrue(flow.settlePools());
        assertNull(state(store.view()));
        assertTrue(dp.calls.isEmpty());
    }

    @Test
    public void settleFinishesADestroyOnceEveryReplicaIsDone() throws Exception {
        PoolFixture.pool(store, PoolState.DESTROYING);
        dp.pools.put(POOL, List.of(1, 2));
        dp.holders.put(POOL, new HashSet<>(Set.of(1, 2)));
        dp.down.add(2);
        assertFalse(flow.settlePools());
        assertEquals(PoolState.DESTROYING, state(store.view()));
        dp.down.clear();
        assertTrue("1 answers NONEXIST now, which counts as done", flow.settlePools());
        assertNull(state(store.view()));
        assertFalse(dp.pools.containsKey(POOL));
        assertFalse("finishing a destroy someone asked for is not forced",
                dp.lastSent(DrpcIds.MGMT_POOL_DESTROY, PoolDestroyReq.parser()).getForce());
    }

    @Test
    public void resolverWithNothingCreatingMakesNoCall() {
        PoolFixture.pool(store, PoolState.READY);
        assertTrue(flow.settlePools());
        assertTrue(dp.calls.isEmpty());
    }
}
