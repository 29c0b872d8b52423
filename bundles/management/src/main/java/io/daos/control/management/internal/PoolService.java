package io.daos.control.management.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.client.PeerClient;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.PoolRecord;
import io.daos.control.management.internal.db.PoolState;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.pool.PoolChecks;
import io.daos.control.management.internal.pool.PoolProps;
import io.daos.control.proto.mgmt.GetAttachInfoReq;
import io.daos.control.proto.mgmt.GetAttachInfoResp;
import io.daos.control.proto.mgmt.ListContReq;
import io.daos.control.proto.mgmt.ListContResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolSetPropReq;
import io.daos.control.proto.mgmt.PoolSetPropResp;
import io.grpc.ServerServiceDefinition;

/**
 * The pool, ACL, list and attach-info methods of {@code mgmt.MgmtSvc} (SPEC-SYSTEM §1.10,
 * §4.2–4.4), plain Java. The system DB is authoritative for the pool directory: a pool it does not
 * know, or still creates, is answered from it without a dRPC call ({@link PoolLookup}), and
 * ListPools is answered from it alone. The pool methods go to the engines of the pool's service
 * replica ranks ({@link PoolReplicas}) and their reply is returned unchanged, status included;
 * GetAttachInfo goes to the local management-service replica ({@link MsForward}). Create is
 * {@link PoolCreateFlow}, the ACL methods {@link AclService}.
 */
public final class PoolService {

    private static final Logger LOG = Logger.getLogger(PoolService.class.getName());

    private final SystemStore store;
    private final MsForward ms;
    private final PoolReplicas replicas;
    private final PoolCreateFlow create;
    private final AclService acl;

    /**
     * Over the system DB {@code store} and the harness {@code harness} gives (null, or not
     * started, while there is none: fault 647), without a client for the other control servers:
     * only the pool service replicas that are local instances can be reached.
     */
    public PoolService(SystemStore store, Supplier<Harness> harness) {
        this(store, harness, () -> null, "", PoolReplicas.TIMEOUT);
    }

    /**
     * As above, reaching the pool service replicas on other servers through {@code peers} (null
     * while there is none) with this server's system name {@code system}.
     */
    public PoolService(SystemStore store, Supplier<Harness> harness, Supplier<PeerClient> peers, String system) {
        this(store, harness, peers, system, PoolReplicas.TIMEOUT);
    }

    /** As above, with {@code replicaTimeout} the bound of one call to one replica. */
    PoolService(SystemStore store, Supplier<Harness> harness, Supplier<PeerClient> peers, String system,
            Duration replicaTimeout) {
        this.store = store;
        this.ms = new MsForward(harness);
        this.replicas = new PoolReplicas(store, harness, peers, system, replicaTimeout);
        this.create = new PoolCreateFlow(store, ms, replicas);
        this.acl = new AclService(ms, replicas);
    }

    /** Adds PoolCreate … GetAttachInfo (eleven methods) to {@code b}, a {@code mgmt.MgmtSvc} definition. */
    public void addTo(ServerServiceDefinition.Builder b) {
        b.addMethod(MgmtSvcGrpc.getPoolCreateMethod(), GrpcMethods.unary(this::poolCreate))
                .addMethod(MgmtSvcGrpc.getPoolDestroyMethod(), GrpcMethods.unary(this::poolDestroy))
                .addMethod(MgmtSvcGrpc.getPoolQueryMethod(), GrpcMethods.unary(this::poolQuery))
                .addMethod(MgmtSvcGrpc.getPoolSetPropMethod(), GrpcMethods.unary(this::poolSetProp))
                .addMethod(MgmtSvcGrpc.getPoolGetACLMethod(), GrpcMethods.unary(acl::get))
                .addMethod(MgmtSvcGrpc.getPoolOverwriteACLMethod(), GrpcMethods.unary(acl::overwrite))
                .addMethod(MgmtSvcGrpc.getPoolUpdateACLMethod(), GrpcMethods.unary(acl::update))
                .addMethod(MgmtSvcGrpc.getPoolDeleteACLMethod(), GrpcMethods.unary(acl::delete))
                .addMethod(MgmtSvcGrpc.getListPoolsMethod(), GrpcMethods.unary(this::listPools))
                .addMethod(MgmtSvcGrpc.getListContainersMethod(), GrpcMethods.unary(this::listContainers))
                .addMethod(MgmtSvcGrpc.getGetAttachInfoMethod(), GrpcMethods.unary(this::getAttachInfo));
    }

    /**
     * Settles the pools the DB has as Creating or Destroying by asking their service replicas
     * ({@link PoolCreateFlow#settlePools}). Call it once the harness has started, and again while
     * it answers false.
     *
     * @return false when some replicas could not be asked; true when nothing is left to settle
     *         (a create in progress in this service is not touched)
     */
    public boolean settlePools() {
        return create.settlePools();
    }

    /** PoolCreate ({@link PoolCreateFlow}). */
    PoolCreateResp poolCreate(PoolCreateReq req) {
        return create.create(req);
    }

    /**
     * PoolDestroy: the checks of {@link PoolChecks#destroy}; the pool by the DB; marked
     * Destroying and sent to every service replica ({@link PoolReplicas#destroy}); removed when
     * each answers 0 or that it has no such pool (answering 0, or NONEXIST when all did). Any other answer is returned and a replica that
     * cannot be reached is an error; both leave the pool Destroying for a later destroy.
     */
    PoolDestroyResp poolDestroy(PoolDestroyReq req) {
        PoolChecks.destroy(req, ms::select);
        PoolLookup.Found found = PoolLookup.find(store, req.getUuid());
        if (found.status() != Der.SUCCESS) {
            return PoolDestroyResp.newBuilder().setStatus(found.status()).build();
        }
        UUID uuid = UUID.fromString(req.getUuid());
        Result begun = submit(new Command.PoolDestroyBegin(uuid));
        if (!begun.succeeded()) {
            return PoolDestroyResp.newBuilder().setStatus(begun.status()).build();
        }
        int s = replicas.destroy(uuid, req, found.replicas());
        if (PoolReplicas.gone(s)) {
            submit(new Command.PoolRemove(uuid));
        } else if (s == Der.TIMEDOUT) {
            throw GrpcErrors.error("pool " + uuid + ": a pool service replica of ranks " + found.replicas()
                    + " could not be reached; the pool stays Destroying");
        } else {
            LOG.fine(() -> "PoolDestroy " + uuid + " answered " + s + "; left Destroying");
        }
        return PoolDestroyResp.newBuilder().setStatus(s).build();
    }

    /** PoolQuery: {@link PoolChecks#query}, the pool by the DB, its first replica that answers. */
    PoolQueryResp poolQuery(PoolQueryReq req) {
        PoolChecks.query(req, ms::select);
        return replicas.toPool(req.getUuid(), false, DrpcIds.MGMT_POOL_QUERY, req, PoolQueryResp.parser(),
                "PoolQuery", s -> PoolQueryResp.newBuilder().setStatus(s).build());
    }

    /**
     * PoolSetProp: the MS instance; the conversion of {@link PoolProps#toDrpc}; the pool by the
     * DB; sent to every replica; the reply checked and converted back by {@link PoolProps#fromDrpc}.
     * A pool refused by the DB gives what the data plane's refusal gives there ({@code Response
     * number doesn't match request (0 != 5)}).
     */
    PoolSetPropResp poolSetProp(PoolSetPropReq req) {
        ms.select();
        PoolSetPropReq sent = PoolProps.toDrpc(req);
        PoolSetPropResp reply = replicas.toPool(req.getUuid(), true, DrpcIds.MGMT_POOL_SET_PROP, sent,
                PoolSetPropResp.parser(), "PoolSetProp", s -> PoolSetPropResp.newBuilder().setStatus(s).build());
        return PoolProps.fromDrpc(req, sent, reply);
    }

    /** ListContainers: the MS instance, the pool by the DB, its first replica that answers. */
    ListContResp listContainers(ListContReq req) {
        ms.select();
        return replicas.toPool(req.getUuid(), false, DrpcIds.MGMT_LIST_CONTAINERS, req, ListContResp.parser(),
                "ListContainers", s -> ListContResp.newBuilder().setStatus(s).build());
    }

    /**
     * ListPools: after the MS instance is selected (its errors as for every other method), the
     * Ready and Destroying pools of the DB with their service replicas, in the order they were
     * created; pools still Creating are not listed. No dRPC call.
     */
    ListPoolsResp listPools(ListPoolsReq req) {
        ms.select();
        ListPoolsResp.Builder out = ListPoolsResp.newBuilder();
        for (PoolRecord p : store.view().pools()) {
            if (p.state() == PoolState.CREATING) {
                continue;
            }
            ListPoolsResp.Pool.Builder b = ListPoolsResp.Pool.newBuilder().setUuid(p.uuid().toString());
            p.svcRanks().forEach(r -> b.addSvcreps(r.intValue()));
            out.addPools(b);
        }
        return out.build();
    }

    /** GetAttachInfo (§1.10): forwarded to the MS instance as it is. */
    GetAttachInfoResp getAttachInfo(GetAttachInfoReq req) {
        return ms.call(DrpcIds.MGMT_GET_ATTACH_INFO, req, GetAttachInfoResp.parser(), "GetAttachInfo");
    }

    private Result submit(Command c) {
        return StoreCalls.submit(store, c);
    }
}
