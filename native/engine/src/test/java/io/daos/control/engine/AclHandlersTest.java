package io.daos.control.engine;

import static io.daos.control.engine.MgmtFixture.POOL;
import static io.daos.control.engine.MgmtFixture.uuid;
import static org.junit.Assert.assertEquals;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class AclHandlersTest {
    @Rule
    public final MgmtFixture f = new MgmtFixture();

    private ACLResp get(String uuid) {
        return f.acls.get(GetACLReq.newBuilder().setUuid(uuid).build());
    }

    private ACLResp modify(boolean overwrite, String uuid, String... aces) {
        return f.acls.modify(ModifyACLReq.newBuilder().setUuid(uuid).addAllACL(List.of(aces)).build(), overwrite);
    }

    private ACLResp delete(String uuid, String principal) {
        return f.acls.delete(DeleteACLReq.newBuilder().setUuid(uuid).setPrincipal(principal).build());
    }

    @Test
    public void getOverwriteUpdateDelete() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        ACLResp a = get(POOL);
        assertEquals(0, a.getStatus());
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), a.getACLList());
        assertEquals("bob@", a.getOwnerUser());
        assertEquals("staff@", a.getOwnerGroup());

        a = modify(true, POOL, "A::EVERYONE@:r", "A::OWNER@:wr");
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:r"), a.getACLList());
        a = modify(false, POOL, "A::alice@:r", "A::EVERYONE@:");
        assertEquals(List.of("A::OWNER@:rw", "A::alice@:r", "A::EVERYONE@:"), a.getACLList());
        a = delete(POOL, "u:alice@");
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:"), a.getACLList());
        assertEquals("bob@", a.getOwnerUser());
        assertEquals("staff@", a.getOwnerGroup());
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:"), f.onDisk().pools.get(POOL).acl);
    }

    @Test
    public void badRequestsChangeNothing() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        modify(true, POOL, "A::OWNER@:rw", "A::EVERYONE@:");
        assertEquals(Der.NONEXIST, delete(POOL, "u:alice@").getStatus());
        assertEquals(Der.INVAL, delete(POOL, "alice").getStatus());
        assertEquals(Der.INVAL, delete("x", "u:alice@").getStatus());
        assertEquals(Der.INVAL, modify(true, POOL).getStatus());
        assertEquals(Der.INVAL, modify(false, POOL, "A::a@:r", "A::a@:w").getStatus());
        assertEquals(Der.INVAL, get("x").getStatus());
        assertEquals(Der.NONEXIST, get(uuid(5)).getStatus());
        assertEquals(Der.NONEXIST, modify(false, uuid(5), "A::a@:r").getStatus());
        assertEquals(Der.NONEXIST, delete(uuid(5), "OWNER@").getStatus());
        assertEquals(List.of("A::OWNER@:rw", "A::EVERYONE@:"), get(POOL).getACLList());
    }

    @Test
    public void leaderChecks() throws Exception {
        assertEquals(Der.NOTREPLICA, get(POOL).getStatus());
        assertEquals(Der.NOTREPLICA, modify(true, POOL, "A::a@:r").getStatus());
        assertEquals(Der.NOTREPLICA, delete(POOL, "OWNER@").getStatus());
        f.rankOnly(3); // a pool service replica needs a rank, not the management service
        f.create(POOL, 1, 3);
        f.restart();
        assertEquals(0, get(POOL).getStatus());
        assertEquals(0, modify(false, POOL, "A::a@:r").getStatus());
        assertEquals(0, delete(POOL, "OWNER@").getStatus());
    }

    @Test
    public void poolCreatedWithAnExplicitAclKeepsItCanonical() throws Exception {
        f.bootstrap();
        assertEquals(0, f.pools.create(PoolCreateReq.newBuilder().setUuid(uuid(7)).setScmbytes(1L << 30)
                .setNumsvcreps(1).addAcl("A::EVERYONE@:r").addAcl("A:G:GROUP@:wr").build()).getStatus());
        ACLResp a = get(uuid(7));
        assertEquals(List.of("A:G:GROUP@:rw", "A::EVERYONE@:r"), a.getACLList());
        assertEquals("NOBODY@", a.getOwnerUser());
        assertEquals("NOBODY@", a.getOwnerGroup());
    }

    @Test
    public void failedSaveAnswersDerIoAndKeepsTheOldAcl() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        f.breakSaves();
        assertEquals(Der.IO, modify(true, POOL, "A::EVERYONE@:r").getStatus());
        assertEquals(Der.IO, delete(POOL, "GROUP@").getStatus());
        assertEquals(List.of("A::OWNER@:rw", "A:G:GROUP@:rw"), get(POOL).getACLList());
    }

    @Test(expected = IllegalStateException.class)
    public void aDamagedStoredAclIsAnInternalError() throws Exception {
        f.bootstrap();
        f.create(POOL, 1);
        f.ctx.state().pools.get(POOL).acl = List.of("not an ACE");
        modify(false, POOL, "A::a@:r");
    }
}
