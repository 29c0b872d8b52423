package io.daos.control.management.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.api.system.Rank;
import io.daos.control.api.acl.Acl;
import io.daos.control.api.acl.AclException;
import io.daos.control.api.acl.Principal;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;

/**
 * A started harness whose MS replica and four local instances (ranks 0..3) are a small data
 * plane in memory, each instance holding the pools created on it, answering the pool methods
 * as the engine emulator (native/engine PoolHandlers, AclHandlers) does for a well-formed request
 * naming a pool it holds, and recording every call. A test can make the selection fail, answer a
 * method with canned bytes, or make a method's call throw.
 */
final class FakeDataPlane extends StubHarness {

    /** The methods called, in order. */
    final List<Integer> calls = new ArrayList<>();
    /** The bodies sent, in order. */
    final List<byte[]> bodies = new ArrayList<>();
    /** Canned reply bodies by method (used instead of the emulation). */
    final Map<Integer, byte[]> canned = new HashMap<>();
    /** What a call of a method throws, once. */
    final Map<Integer, Exception> failures = new HashMap<>();
    /** Pools held: lower-case uuid to service replicas. */
    final Map<String, List<Integer>> pools = new LinkedHashMap<>();
    /** Pool ACLs: lower-case uuid to canonical entries. */
    final Map<String, List<String>> acls = new HashMap<>();
    /** When set, a PoolCreate creates the pool and then the call fails with this. */
    IOException createdThenFails;
    /** The instance index of each call, in order (0 for the MS replica). */
    final List<Integer> indexes = new ArrayList<>();
    /** Instances whose engine is not running: a call to one fails with an IOException. */
    final Set<Integer> down = new HashSet<>();
    /** Which instances hold a pool, for pools the fake created (absent: all). */
    final Map<String, Set<Integer>> holders = new HashMap<>();
    /** Whether PoolQuery answers NONEXIST on an instance that does not hold the pool. */
    boolean queryHeld;
    /** What the MS selection throws, if anything (an IOException or a FaultException). */
    Exception selection;
    /** The MS instance's target count. */
    int targets = 8;

    /** The number of local instances. */
    static final int INSTANCES = 4;

    FakeDataPlane() {
        super(true);
        instances = INSTANCES;
    }

    private static Set<Integer> allInstances() {
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < INSTANCES; i++) {
            all.add(i);
        }
        return all;
    }

    /** The last body sent for {@code method}, decoded by {@code parser}. */
    <T> T lastSent(int method, com.google.protobuf.Parser<T> parser) throws InvalidProtocolBufferException {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i) == method) {
                return parser.parseFrom(bodies.get(i));
            }
        }
        throw new AssertionError("method " + method + " not called");
    }

    @Override
    public int msReplicaTargets() throws FaultException, IOException {
        select();
        return targets;
    }

    /** Four local instances, index i with rank i: every pool service replica is local. */
    @Override
    public List<LocalInstance> localInstances() {
        List<LocalInstance> out = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            out.add(new LocalInstance(i, "uuid-" + i, Rank.of(i), i == 0));
        }
        return out;
    }

    @Override
    public synchronized byte[] callInstance(int index, int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        if (down.contains(index)) {
            indexes.add(index);
            calls.add(method);
            bodies.add(body);
            throw new IOException("instance " + index + " is not running");
        }
        return answer(index, method, body);
    }

    @Override
    public synchronized byte[] callMsReplica(int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        select();
        return answer(0, method, body);
    }

    private byte[] answer(int index, int method, byte[] body) throws FaultException, IOException, DrpcException {
        indexes.add(index);
        calls.add(method);
        bodies.add(body);
        Exception e = failures.remove(method);
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof DrpcException d) {
            throw d;
        }
        if (e instanceof FaultException f) {
            throw f;
        }
        byte[] c = canned.get(method);
        if (c != null) {
            return c;
        }
        MessageLite reply = emulate(index, method, body);
        if (method == DrpcIds.MGMT_POOL_CREATE && createdThenFails != null) {
            throw createdThenFails;
        }
        return reply.toByteArray();
    }

    private void select() throws FaultException, IOException {
        if (selection instanceof FaultException f) {
            throw f;
        }
        if (selection instanceof IOException io) {
            throw io;
        }
    }

    /** Whether instance {@code index} holds pool {@code u}: a pool put in {@link #pools} by a test is held by all. */
    private boolean held(String u, int index) {
        return pools.containsKey(u) && (!holders.containsKey(u) || holders.get(u).contains(index));
    }

    private MessageLite emulate(int index, int method, byte[] body) throws InvalidProtocolBufferException {
        switch (method) {
            case DrpcIds.MGMT_POOL_CREATE -> {
                PoolCreateReq r = PoolCreateReq.parseFrom(body);
                String u = r.getUuid().toLowerCase(Locale.ROOT);
                if (held(u, index)) {
                    return PoolCreateResp.newBuilder().setStatus(Der.ALREADY).build();
                }
                List<Integer> sel = new ArrayList<>();
                for (int x : r.getRanksList()) {
                    if (x != 0 || r.getRanksCount() == 1) {
                        sel.add(x);
                    }
                }
                List<Integer> svc = new ArrayList<>(sel.subList(0, Math.min(r.getNumsvcreps(), sel.size())));
                if (!pools.containsKey(u)) {
                    holders.put(u, new HashSet<>());
                }
                holders.get(u).add(index);
                pools.put(u, svc);
                acls.put(u, r.getAclCount() > 0 ? strings(r.getAclList()) : Acl.DEFAULT.strings());
                return PoolCreateResp.newBuilder().addAllSvcreps(svc).build();
            }
            case DrpcIds.MGMT_POOL_DESTROY -> {
                String u = PoolDestroyReq.parseFrom(body).getUuid().toLowerCase(Locale.ROOT);
                if (!held(u, index)) {
                    return PoolDestroyResp.newBuilder().setStatus(Der.NONEXIST).build();
                }
                Set<Integer> left = holders.computeIfAbsent(u, k -> allInstances());
                left.remove(index);
                if (left.isEmpty()) {
                    pools.remove(u);
                    acls.remove(u);
                    holders.remove(u);
                }
                return PoolDestroyResp.newBuilder().build();
            }
            case DrpcIds.MGMT_LIST_POOLS -> {
                ListPoolsResp.Builder b = ListPoolsResp.newBuilder();
                pools.forEach((u, s) -> b.addPools(ListPoolsResp.Pool.newBuilder().setUuid(u).addAllSvcreps(s)));
                return b.build();
            }
            case DrpcIds.MGMT_POOL_QUERY -> {
                PoolQueryReq r = PoolQueryReq.parseFrom(body);
                if (queryHeld && !held(r.getUuid().toLowerCase(Locale.ROOT), index)) {
                    return PoolQueryResp.newBuilder().setStatus(Der.NONEXIST).build();
                }
                return PoolQueryResp.newBuilder().setUuid(r.getUuid()).setTotaltargets(targets)
                        .setActivetargets(targets).build();
            }
            case DrpcIds.MGMT_POOL_SET_PROP -> {
                PoolSetPropReq r = PoolSetPropReq.parseFrom(body);
                return PoolSetPropResp.newBuilder().setNumber(r.getNumber()).setNumval(r.getNumval()).build();
            }
            case DrpcIds.MGMT_LIST_CONTAINERS -> {
                ListContReq.parseFrom(body);
                return ListContResp.getDefaultInstance();
            }
            case DrpcIds.MGMT_GET_ATTACH_INFO -> {
                return GetAttachInfoResp.newBuilder().addPsrs(GetAttachInfoResp.Psr.newBuilder().setRank(0)
                        .setUri("ofi+sockets://127.0.0.1:31416")).build();
            }
            case DrpcIds.MGMT_POOL_GET_ACL -> {
                return acl(GetACLReq.parseFrom(body).getUuid());
            }
            case DrpcIds.MGMT_POOL_OVERWRITE_ACL, DrpcIds.MGMT_POOL_UPDATE_ACL -> {
                ModifyACLReq r = ModifyACLReq.parseFrom(body);
                String u = r.getUuid().toLowerCase(Locale.ROOT);
                try {
                    Acl changes = Acl.parse(r.getACLList());
                    acls.put(u, method == DrpcIds.MGMT_POOL_OVERWRITE_ACL ? changes.strings()
                            : Acl.stored(acls.get(u)).update(changes).strings());
                } catch (AclException e) {
                    return ACLResp.newBuilder().setStatus(e.der()).build();
                }
                return acl(u);
            }
            case DrpcIds.MGMT_POOL_DELETE_ACL -> {
                DeleteACLReq r = DeleteACLReq.parseFrom(body);
                String u = r.getUuid().toLowerCase(Locale.ROOT);
                try {
                    acls.put(u, Acl.stored(acls.get(u)).delete(Principal.parse(r.getPrincipal())).strings());
                } catch (AclException e) {
                    return ACLResp.newBuilder().setStatus(e.der()).build();
                }
                return acl(u);
            }
            default -> throw new AssertionError("unexpected method " + method);
        }
    }

    private ACLResp acl(String uuid) {
        List<String> a = acls.get(uuid.toLowerCase(Locale.ROOT));
        if (a == null) {
            return ACLResp.newBuilder().setStatus(Der.NONEXIST).build();
        }
        return ACLResp.newBuilder().addAllACL(a).setOwnerUser("bob@").setOwnerGroup("staff@").build();
    }

    private static List<String> strings(List<String> acl) {
        try {
            return Acl.parse(acl).strings();
        } catch (AclException e) {
            throw new AssertionError(e);
        }
    }
}
