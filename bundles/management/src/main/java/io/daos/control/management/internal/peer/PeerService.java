package io.daos.control.management.internal.peer;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.system.Rank;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;
import io.daos.control.proto.peer.ControlPeerGrpc;
import io.daos.control.proto.peer.EngineCallReq;
import io.daos.control.proto.peer.EngineCallResp;
import io.daos.control.proto.peer.ForwardReq;
import io.daos.control.proto.peer.ForwardResp;
import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * The receiving side of {@code peer.ControlPeer}, the control-server-to-control-server service
 * that is not part of the v1.0 contract. {@code Forward} runs, on the Raft leader, one of the
 * system-DB methods a follower access point was called with (the management service's own, or one
 * another module routed: {@link RoutedMethods}), as if the original caller had called it here; {@code EngineCall} makes one pool-service dRPC call to the local engine that has a
 * given rank, for the leader that routes a pool's operations to its service replicas.
 */
public final class PeerService implements BindableService {

    /** The dRPC methods {@code EngineCall} carries: the pool service's, nothing else. */
    static final Set<Integer> ENGINE_METHODS = Set.of(DrpcIds.MGMT_POOL_CREATE, DrpcIds.MGMT_POOL_DESTROY,
            DrpcIds.MGMT_POOL_QUERY, DrpcIds.MGMT_POOL_SET_PROP, DrpcIds.MGMT_POOL_GET_ACL,
            DrpcIds.MGMT_POOL_OVERWRITE_ACL, DrpcIds.MGMT_POOL_UPDATE_ACL, DrpcIds.MGMT_POOL_DELETE_ACL,
            DrpcIds.MGMT_LIST_CONTAINERS);
    /**
     * How {@code Forward} on an access point that does not lead begins its UNAVAILABLE refusal: the
     * call was not run, so that the caller may offer it to another access point.
     */
    static final String NOT_LEADER = "not the system DB leader";
    /** The longest {@code EngineCall} timeout honoured. */
    static final Duration MAX_ENGINE_TIMEOUT = Duration.ofSeconds(60);

    private final ServerServiceDefinition local;
    private final Set<String> routed;
    private final RoutedMethods others;
    private final SystemStore store;
    private final Supplier<Harness> harness;
    private final String system;

    /** Forwarding only the methods of {@code local} named in {@code routed}. */
    public PeerService(ServerServiceDefinition local, Set<String> routed, SystemStore store, Supplier<Harness> harness,
            String system) {
        this(local, routed, new RoutedMethods(), store, harness, system);
    }

    /**
     * @param local  the service whose methods {@code Forward} runs (not wrapped by {@link LeaderRouting})
     * @param routed the bare names of the methods of {@code local} that may be forwarded
     * @param others the methods other modules route to the leader, also run by {@code Forward}
     *               (looked up at each call: they come and go)
     */
    public PeerService(ServerServiceDefinition local, Set<String> routed, RoutedMethods others, SystemStore store,
            Supplier<Harness> harness, String system) {
        this.local = local;
        this.routed = Set.copyOf(routed);
        this.others = others;
        this.store = store;
        this.harness = harness;
        this.system = system;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(ControlPeerGrpc.SERVICE_NAME)
                .addMethod(ControlPeerGrpc.getForwardMethod(), GrpcMethods.unary(this::forward))
                .addMethod(ControlPeerGrpc.getEngineCallMethod(), GrpcMethods.unary(this::engineCall))
                .build();
    }

    ForwardResp forward(ForwardReq req) {
        checkSystem(req.getSystem());
        ServerMethodDefinition<?, ?> m = local.getMethod(req.getMethod());
        if (m == null || !routed.contains(m.getMethodDescriptor().getBareMethodName())) {
            m = others.method(req.getMethod());
        }
        if (m == null) {
            throw Status.UNIMPLEMENTED.withDescription("method " + Bounds.quote(req.getMethod())
                    + " is not forwarded to the leader").asRuntimeException();
        }
        SystemStore.Leadership l = store.leadership();
        if (!l.isLeader()) {
            throw Status.UNAVAILABLE.withDescription(NOT_LEADER + " (leader: "
                    + (l.leader() < 0 ? "unknown" : "peer " + l.leader()) + "); try again").asRuntimeException();
        }
        try {
            store.sync();
        } catch (StoreUnavailableException e) {
            throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
        byte[] reply = InProcessCall.invoke(m, req.getRequest().toByteArray(), LeaderRouting.peerAddress(req.getPeer()));
        return ForwardResp.newBuilder().setResponse(com.google.protobuf.ByteString.copyFrom(reply)).build();
    }

    EngineCallResp engineCall(EngineCallReq req) {
        checkSystem(req.getSystem());
        if (!ENGINE_METHODS.contains(req.getMethod())) {
            throw Status.PERMISSION_DENIED.withDescription("dRPC method " + req.getMethod()
                    + " is not a pool service method").asRuntimeException();
        }
        Harness h = harness.get();
        if (h == null || !h.isStarted()) {
            throw GrpcErrors.fault(io.daos.control.api.fault.Faults.SERVER_HARNESS_NOT_STARTED);
        }
        Rank rank = Rank.fromBits(req.getRank());
        Optional<LocalInstance> inst = h.localInstances().stream().filter(i -> rank.equals(i.rank())).findFirst();
        if (inst.isEmpty()) {
            throw Status.NOT_FOUND.withDescription("rank " + rank + " is not an instance of this server")
                    .asRuntimeException();
        }
        long ms = req.getTimeoutMs() == 0 ? MAX_ENGINE_TIMEOUT.toMillis()
                : Math.min(Integer.toUnsignedLong(req.getTimeoutMs()), MAX_ENGINE_TIMEOUT.toMillis());
        try {
            byte[] body = h.callInstance(inst.get().index(), req.getMethod(), req.getBody().toByteArray(),
                    Duration.ofMillis(ms));
            return EngineCallResp.newBuilder().setBody(com.google.protobuf.ByteString.copyFrom(body)).build();
        } catch (FaultException e) {
            throw GrpcErrors.fault(e.fault());
        } catch (java.io.IOException | DrpcException e) {
            throw Status.UNAVAILABLE.withDescription("rank " + rank + ": " + e.getMessage()).asRuntimeException();
        }
    }

    private void checkSystem(String s) {
        if (!system.equals(s)) {
            throw Status.FAILED_PRECONDITION.withDescription("peer of system " + Bounds.quote(s)
                    + ", this server is of system " + Bounds.quote(system)).asRuntimeException();
        }
    }
}
