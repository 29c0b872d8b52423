package io.daos.control.engine;

import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.api.acl.Principal;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;
import java.util.List;

/**
 * The pool ACL methods of module 2 (SPEC-SYSTEM 4.4.5): PoolGetACL, PoolOverwriteACL,
 * PoolUpdateACL and PoolDeleteACL. Every reply carries the pool's ACL after the call (canonical
 * form, {@link Acl}), its owner and its owner group; a failed edit changes nothing.
 */
final class AclHandlers {
    private final MgmtContext ctx;

    AclHandlers(MgmtContext ctx) {
        this.ctx = ctx;
    }

    void register(MgmtMethods t) {
        t.add(DrpcIds.MGMT_POOL_GET_ACL, GetACLReq.parser(), this::get);
        t.add(DrpcIds.MGMT_POOL_OVERWRITE_ACL, ModifyACLReq.parser(), r -> modify(r, true));
        t.add(DrpcIds.MGMT_POOL_UPDATE_ACL, ModifyACLReq.parser(), r -> modify(r, false));
        t.add(DrpcIds.MGMT_POOL_DELETE_ACL, DeleteACLReq.parser(), this::delete);
    }

    ACLResp get(GetACLReq r) {
        return aclOp(r.getUuid(), p -> null);
    }

    /** Overwrite ({@code overwrite}) or update the pool's ACL with the request's entries. */
    ACLResp modify(ModifyACLReq r, boolean overwrite) {
        Acl changes;
        try {
            changes = Acl.parse(r.getACLList());
        } catch (AclException e) {
            ctx.log().error((overwrite ? "OverwriteACL: " : "UpdateACL: ") + e.getMessage());
            return status(e.der());
        }
        return aclOp(r.getUuid(), p -> (overwrite ? changes : stored(p.acl).update(changes)).strings());
    }

    ACLResp delete(DeleteACLReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return status(Der.INVAL);
        }
        Principal who;
        try {
            who = Principal.parse(r.getPrincipal());
        } catch (AclException e) {
            return status(e.der());
        }
        return aclOp(r.getUuid(), p -> stored(p.acl).delete(who).strings());
    }

    private interface AclEdit {
        List<String> apply(EngineState.Pool p) throws AclException;
    }

    /** Common ACL path: uuid, leader, pool; apply the edit (null = read only) and reply the
     *  current ACL, owner and group. */
    private ACLResp aclOp(String uuidText, AclEdit edit) {
        if (!Uuids.valid(uuidText)) {
            return status(Der.INVAL);
        }
        int lead = ctx.poolService();
        if (lead != Der.SUCCESS) {
            return status(lead);
        }
        EngineState.Pool p = ctx.state().pools.get(Uuids.canonical(uuidText));
        if (p == null) {
            return status(Der.NONEXIST);
        }
        List<String> next;
        try {
            next = edit.apply(p);
        } catch (AclException e) {
            return status(e.der());
        }
        if (next != null) {
            p.acl = next;
            int rc = ctx.persist();
            if (rc != Der.SUCCESS) {
                return status(rc);
            }
        }
        return ACLResp.newBuilder().addAllACL(p.acl).setOwnerUser(p.owner).setOwnerGroup(p.ownerGroup).build();
    }

    /** The stored ACL; a stored entry that does not parse is a broken state file. */
    private static Acl stored(List<String> acl) {
        try {
            return Acl.stored(acl);
        } catch (AclException e) {
            throw new IllegalStateException("stored ACL is invalid: " + acl, e);
        }
    }

    private static ACLResp status(int status) {
        return ACLResp.newBuilder().setStatus(status).build();
    }
}
