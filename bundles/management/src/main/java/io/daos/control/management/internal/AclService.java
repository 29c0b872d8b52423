package io.daos.control.management.internal;

import com.google.protobuf.MessageLite;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.api.acl.Principal;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;

/**
 * The four pool ACL methods of {@code mgmt.MgmtSvc} (SPEC-SYSTEM §4.3, §4.4.5). After the MS
 * instance is selected, what the data plane refuses without looking at the pool's ACL is answered
 * here with its DER and no dRPC call: entries or a principal that break §5.7 (checked first, as
 * the data plane does), then the pool by the system DB ({@link PoolLookup}). The rest goes to
 * the pool's service replicas (GetACL to the first that answers, the edits to each) and the reply, which carries the pool's ACL after the call, returned unchanged: a
 * principal without an entry (DeleteACL) and an update that would make the list too long are the
 * data plane's to answer.
 */
final class AclService {

    private final MsForward ms;
    private final PoolReplicas replicas;

    AclService(MsForward ms, PoolReplicas replicas) {
        this.ms = ms;
        this.replicas = replicas;
    }

    ACLResp get(GetACLReq req) {
        return forward(req.getUuid(), () -> { }, false, DrpcIds.MGMT_POOL_GET_ACL, req, "PoolGetACL");
    }

    /** Overwrite: the entries as a whole list (§5.7, an empty list refused), then the pool. */
    ACLResp overwrite(ModifyACLReq req) {
        return forward(req.getUuid(), () -> Acl.parse(req.getACLList()), true, DrpcIds.MGMT_POOL_OVERWRITE_ACL, req,
                "PoolOverwriteACL");
    }

    /** Update: as {@link #overwrite}. */
    ACLResp update(ModifyACLReq req) {
        return forward(req.getUuid(), () -> Acl.parse(req.getACLList()), true, DrpcIds.MGMT_POOL_UPDATE_ACL, req,
                "PoolUpdateACL");
    }

    /** Delete: the principal ({@link Principal#parse}), then the pool. */
    ACLResp delete(DeleteACLReq req) {
        return forward(req.getUuid(), () -> Principal.parse(req.getPrincipal()), true, DrpcIds.MGMT_POOL_DELETE_ACL, req,
                "PoolDeleteACL");
    }

    /** What the data plane checks in a request before it looks at the pool. */
    @FunctionalInterface
    private interface Check {
        void run() throws AclException;
    }

    /**
     * The MS instance selected; {@code check} answered here when it refuses; else {@code req}
     * sent as {@code method} to the pool's replicas ({@link PoolReplicas#toPool}: the first that
     * answers, or every one for a {@code write}) and the reply returned.
     */
    private ACLResp forward(String uuid, Check check, boolean write, int method, MessageLite req, String op) {
        ms.select();
        try {
            check.run();
        } catch (AclException e) {
            return status(e.der());
        }
        return replicas.toPool(uuid, write, method, req, ACLResp.parser(), op, AclService::status);
    }

    private static ACLResp status(int der) {
        return ACLResp.newBuilder().setStatus(der).build();
    }
}
