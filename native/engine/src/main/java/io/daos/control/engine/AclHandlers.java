package io.daos.control.engine;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool ACL methods of module 2 (SPEC-SYSTEM 4.4.5): PoolGetACL, PoolOverwriteACL,
 * PoolUpdateACL and PoolDeleteACL. Every reply carries the pool's ACL after the call (canonical
 * form, {@link Acl}), its owner and its owner group; a failed edit changes nothing.
 */
final class AclHandlers {
    /** An edit's answer when the principal to delete has no entry. */
    private static final List<String> NO_ENTRY = new ArrayList<>();

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
        List<Acl.Ace> changes;
        try {
            changes = Acl.parse(r.getACLList());
        } catch (Acl.InvalidAclException e) {
            ctx.log().error((overwrite ? "OverwriteACL: " : "UpdateACL: ") + e.getMessage());
            return status(Der.INVAL);
        }
        return aclOp(r.getUuid(), p -> {
            if (overwrite) {
                return Acl.strings(changes);
            }
            return Acl.strings(Acl.update(parseStored(p.acl), changes));
        });
    }

    ACLResp delete(DeleteACLReq r) {
        if (!Uuids.valid(r.getUuid())) {
            return status(Der.INVAL);
        }
        Acl.Ace who;
        try {
            who = Acl.parsePrincipal(r.getPrincipal());
        } catch (Acl.InvalidAclException e) {
            return status(Der.INVAL);
        }
        return aclOp(r.getUuid(), p -> {
            List<Acl.Ace> left = Acl.delete(parseStored(p.acl), who);
            return left == null ? NO_ENTRY : Acl.strings(left);
        });
    }

    private interface AclEdit {
        List<String> apply(EngineState.Pool p);
    }

    /** Common ACL path: uuid, leader, pool; apply the edit (null = read only) and reply the
     *  current ACL, owner and group. */
    private ACLResp aclOp(String uuidText, AclEdit edit) {
        if (!Uuids.valid(uuidText)) {
            return status(Der.INVAL);
        }
        int lead = ctx.leader();
        if (lead != Der.SUCCESS) {
            return status(lead);
        }
        EngineState.Pool p = ctx.state().pools.get(Uuids.canonical(uuidText));
        if (p == null) {
            return status(Der.NONEXIST);
        }
        List<String> next = edit.apply(p);
        if (next == NO_ENTRY) {
            return status(Der.NONEXIST);
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

    /** The stored ACL as entries; a stored entry that does not parse is a broken state file. */
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

    private static ACLResp status(int status) {
        return ACLResp.newBuilder().setStatus(status).build();
    }
}
