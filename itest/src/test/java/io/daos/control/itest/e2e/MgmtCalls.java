package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The {@code mgmt.MgmtSvc} calls a v1.0 {@code dmg} makes, as a client in the test JVM: every call
 * with a deadline (a hang fails the test instead of stalling it), and the checks of what the
 * reference answers: a reply {@code status}, a plain error ({@code UNKNOWN} with its text) or a
 * fault (its code, from the {@code ErrorInfo} detail dmg decodes).
 */
public final class MgmtCalls {

    public static final String SYS = "daos_server";
    public static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    private static final long DEADLINE_S = 30;

    private final ManagedChannel channel;

    public MgmtCalls(ManagedChannel channel) {
        this.channel = channel;
    }

    /** The channel, for the other services. */
    ManagedChannel channel() {
        return channel;
    }

    /** A blocking stub whose next call must end within the deadline. */
    MgmtSvcGrpc.MgmtSvcBlockingStub stub() {
        return MgmtSvcGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS);
    }

    /** What {@code dmg pool create} sends: SCM only, one replica, owner and group set. */
    public static PoolCreateReq.Builder create(String uuid, long scm) {
        return PoolCreateReq.newBuilder().setUuid(uuid).setScmbytes(scm).setNumsvcreps(1)
                .setUser("root@").setUsergroup("root@").setSys(SYS);
    }

    /** A fresh pool uuid as dmg makes them. */
    public static String newUuid() {
        return UUID.randomUUID().toString();
    }

    /** Creates {@code req}; its status must be 0 and its replicas {@code svcreps}. */
    public PoolCreateResp createOk(PoolCreateReq req, List<Integer> svcreps) {
        PoolCreateResp r = stub().poolCreate(req);
        assertEquals("PoolCreate " + req + " -> " + r, 0, r.getStatus());
        assertEquals("service replicas of " + req, svcreps, r.getSvcrepsList());
        return r;
    }

    /** Creates {@code req}; the reply must carry {@code status} and no replica. */
    void createFails(PoolCreateReq req, int status) {
        PoolCreateResp r = stub().poolCreate(req);
        assertEquals("PoolCreate " + req + " -> " + r, status, r.getStatus());
        assertEquals(List.of(), r.getSvcrepsList());
    }

    ACLResp getAcl(String uuid) {
        return stub().poolGetACL(GetACLReq.newBuilder().setUuid(uuid).build());
    }

    ACLResp overwriteAcl(String uuid, List<String> acl) {
        return stub().poolOverwriteACL(ModifyACLReq.newBuilder().setUuid(uuid).addAllACL(acl).build());
    }

    ACLResp updateAcl(String uuid, List<String> acl) {
        return stub().poolUpdateACL(ModifyACLReq.newBuilder().setUuid(uuid).addAllACL(acl).build());
    }

    ACLResp deleteAcl(String uuid, String principal) {
        return stub().poolDeleteACL(DeleteACLReq.newBuilder().setUuid(uuid).setPrincipal(principal).build());
    }

    /** An ACL reply: status 0, the entries (canonical, in order), owner and group. */
    static void assertAcl(ACLResp r, List<String> acl, String owner, String group) {
        assertEquals(r.toString(), 0, r.getStatus());
        assertEquals(r.toString(), acl, r.getACLList());
        assertEquals(r.toString(), owner, r.getOwnerUser());
        assertEquals(r.toString(), group, r.getOwnerGroup());
    }

    /** PoolSetProp as dmg sends it: the property by name, the value as text. */
    PoolSetPropResp setProp(String uuid, String name, String value) {
        return stub().poolSetProp(PoolSetPropReq.newBuilder().setUuid(uuid).setName(name).setStrval(value).build());
    }

    /** The error {@code call} ends with; fails when it returns. */
    static StatusRuntimeException failure(Supplier<?> call) {
        Object r;
        try {
            r = call.get();
        } catch (StatusRuntimeException e) {
            return e;
        }
        fail("expected an error, got " + r);
        throw new AssertionError();
    }

    /** {@code call} ends with a plain error (UNKNOWN, as a Go error) whose text is {@code text}. */
    static void assertError(String text, Supplier<?> call) {
        StatusRuntimeException e = failure(call);
        assertEquals(e.toString(), Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals(text, e.getStatus().getDescription());
    }

    /** {@code call} ends with fault {@code code} (INTERNAL with the ErrorInfo detail); returns it. */
    static Fault assertFault(int code, Supplier<?> call) {
        StatusRuntimeException e = failure(call);
        assertEquals(e.toString(), Status.Code.INTERNAL, e.getStatus().getCode());
        Fault f = GrpcErrors.faultFrom(e).orElseThrow(() -> new AssertionError("no fault detail in " + e));
        assertEquals(f.toString(), code, f.code());
        assertEquals(f.toString(), "server", f.domain());
        assertTrue(e.getStatus().getDescription(), e.getStatus().getDescription().contains("code = " + code));
        return f;
    }
}
