package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.POOL;
import static io.daos.control.management.internal.PoolFixture.assertError;
import static io.daos.control.management.internal.PoolFixture.assertFault;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;

/** {@link AclService}: §5.7 validation with the data plane's DER before any dRPC, then forwarding. */
public class AclServiceTest {

    private final LocalStore store = PoolFixture.store(3);
    private final FakeDataPlane dp = new FakeDataPlane();
    private final AclService acl = new AclService(new MsForward(() -> dp), PoolFixture.replicas(store, dp));

    @Before
    public void readyPool() {
        PoolFixture.pool(store, PoolState.READY);
        dp.pools.put(POOL, List.of(1, 2));
        dp.acls.put(POOL, List.of("A::OWNER@:rw", "A:G:GROUP@:rw"));
    }

    private static ModifyACLReq modify(String uuid, String... aces) {
        return ModifyACLReq.newBuilder().setUuid(uuid).addAllACL(List.of(aces)).build();
    }

    private static DeleteACLReq delete(String uuid, String principal) {
        return DeleteACLReq.newBuilder().setUuid(uuid).setPrincipal(principal).build();
    }

    @Test
    public void getIsForwardedAndAnswersThePoolsAcl() throws Exception {
        GetACLReq req = GetACLReq.newBuilder().setUuid(POOL).build();
        ACLResp resp = acl.get(req);
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), resp.getACLList());
        assertEquals("bob@", resp.getOwnerUser());
        assertEquals(req, dp.lastSent(DrpcIds.MGMT_POOL_GET_ACL, GetACLReq.parser()));
    }

    @Test
    public void overwriteUpdateDeleteAreForwardedAndTheReplyReturnedUnchanged() throws Exception {
        ModifyACLReq ow = modify(POOL, "A::EVERYONE@:r", "A::bob@:wr");
        assertEquals(List.of("A::bob@:rw", "A::EVERYONE@:r"), acl.overwrite(ow).getACLList());
        assertEquals("forwarded as given", ow, dp.lastSent(DrpcIds.MGMT_POOL_OVERWRITE_ACL, ModifyACLReq.parser()));
        assertEquals(List.of("A::bob@:rw", "A:G:staff@:r", "A::EVERYONE@:r"),
                acl.update(modify(POOL, "A:G:staff@:r")).getACLList());
        assertEquals(List.of("A:G:staff@:r", "A::EVERYONE@:r"), acl.delete(delete(POOL, "u:bob@")).getACLList());
        assertEquals("no entry: the data plane's answer", Der.NONEXIST, acl.delete(delete(POOL, "u:bob@")).getStatus());
    }

    @Test
    public void invalidEntriesAreInvalWithoutDrpcBeforeThePoolIsLookedAt() {
        String unknown = PoolFixture.OTHER;
        for (String[] aces : new String[][] {{}, {"A::GROUP@:rw"}, {"A:G:OWNER@:rw"}, {"A:G:EVERYONE@:r"},
                {"X::bob@:r"}, {"A::bob@:rx"}, {"A:S:bob@:r"}, {"U::bob@:r"}, {"A::bob:r"}, {"A::@x:r"},
                {"A::bob@x@y:r"}, {":A::bob@:r"}, {"A::bob@:r", "A::bob@:w"}, {"A::" + "n".repeat(300) + "@:r"}}) {
            assertEquals(List.of(aces).toString(), Der.INVAL, acl.overwrite(modify(unknown, aces)).getStatus());
            assertEquals(List.of(aces).toString(), Der.INVAL, acl.update(modify(POOL, aces)).getStatus());
        }
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void validEdgeEntriesAreTaken() {
        assertEquals(0, acl.update(modify(POOL, "AUL:GSFP:staff@dom:rwcdtTaAo")).getStatus());
        assertEquals(0, acl.update(modify(POOL, "U:S:bob@:")).getStatus());
    }

    @Test
    public void invalidPrincipalOfDeleteIsInvalWithoutDrpc() {
        for (String p : new String[] {"", "bob@", "u:bob", "x:bob@", "g:@dom", "owner@", "u:OWNER@x@"}) {
            assertEquals(p, Der.INVAL, acl.delete(delete(PoolFixture.OTHER, p)).getStatus());
        }
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void unknownCreatingOrUnparsablePoolIsAnsweredFromTheDb() {
        for (String u : new String[] {"", POOL.toUpperCase().replace('A', 'G'), POOL + " "}) {
            assertEquals(Der.INVAL, acl.get(GetACLReq.newBuilder().setUuid(u).build()).getStatus());
            assertEquals(Der.INVAL, acl.overwrite(modify(u, "A::OWNER@:r")).getStatus());
            assertEquals(Der.INVAL, acl.delete(delete(u, "OWNER@")).getStatus());
        }
        String other = PoolFixture.OTHER;
        assertEquals(Der.NONEXIST, acl.get(GetACLReq.newBuilder().setUuid(other).build()).getStatus());
        assertEquals(Der.NONEXIST, acl.update(modify(other, "A::OWNER@:r")).getStatus());
        assertEquals(Der.NONEXIST, acl.delete(delete(other, "EVERYONE@")).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void creatingPoolIsAgain() {
        LocalStore s = PoolFixture.store(3);
        PoolFixture.pool(s, PoolState.CREATING);
        AclService a = new AclService(new MsForward(() -> dp), PoolFixture.replicas(s, dp));
        assertEquals(Der.AGAIN, a.get(GetACLReq.newBuilder().setUuid(POOL).build()).getStatus());
        assertEquals(Der.AGAIN, a.update(modify(POOL, "A::OWNER@:r")).getStatus());
        assertEquals(Der.AGAIN, a.delete(delete(POOL, "OWNER@")).getStatus());
        assertTrue("no dRPC call made", dp.calls.isEmpty());
    }

    @Test
    public void msSelectionErrorsComeFirst() {
        dp.selection = new IOException("harness has no managed instances");
        assertError("harness has no managed instances", () -> acl.get(GetACLReq.getDefaultInstance()));
        assertError("harness has no managed instances", () -> acl.overwrite(modify("", "bad")));
        assertError("harness has no managed instances", () -> acl.delete(delete("", "bad")));
        dp.selection = null;
        dp.started = false;
        assertFault(647, () -> acl.update(modify(POOL, "A::OWNER@:r")));
    }

    @Test
    public void getAclTakesTheFirstReplicaThatAnswers() {
        dp.failures.put(DrpcIds.MGMT_POOL_GET_ACL, new IOException("connect to client: dRPC connect: refused"));
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), acl.get(GetACLReq.newBuilder().setUuid(POOL)
                .build()).getACLList());
        assertEquals(List.of(1, 2), dp.indexes);
    }

    @Test
    public void anAclEditGoesToEveryReplica() {
        assertEquals(0, acl.update(modify(POOL, "A::alice@:r")).getStatus());
        assertEquals(List.of(1, 2), dp.indexes);
    }

    @Test
    public void garbageFromEveryReplicaIsTimedOut() {
        dp.canned.put(DrpcIds.MGMT_POOL_DELETE_ACL, new byte[] {(byte) 0xff});
        assertEquals(Der.TIMEDOUT, acl.delete(delete(POOL, "OWNER@")).getStatus());
    }
}
