package io.daos.control.management.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;

/** Join and LeaderQuery of {@code mgmt.MgmtSvc} (SPEC-SYSTEM §1.6, §1.9), plain Java. */
final class MgmtService {

    private static final Logger LOG = Logger.getLogger(MgmtService.class.getName());

    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    static final Context.Key<SocketAddress> PEER = Context.key("daos.peer");

    private final ServerConfig config;
    private final Supplier<Harness> harness;
    private final SystemMembership membership;

    MgmtService(ServerConfig config, Supplier<Harness> harness, SystemMembership membership) {
        this.config = config;
        this.harness = harness;
        this.membership = membership;
    }

    ServerServiceDefinition definition() {
        ServerServiceDefinition def = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getJoinMethod(), GrpcMethods.unary((JoinReq req) -> join(req, PEER.get())))
                .addMethod(MgmtSvcGrpc.getLeaderQueryMethod(), GrpcMethods.unary(this::leaderQuery))
                .build();
        return ServerInterceptors.intercept(def, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                Context ctx = Context.current().withValue(PEER, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                return Contexts.interceptCall(ctx, call, headers, next);
            }
        });
    }

    /**
     * SPEC-SYSTEM §1.6, access-point side, once the request passed the edge checks
     * ({@link RequestChecks#join}); what the data plane would refuse is answered without it.
     */
    JoinResp join(JoinReq req, SocketAddress peer) {
        RequestChecks.join(req);
        String addr = replyAddress(peer, req.getAddr());
        Harness h = harness.get();
        if (h == null || !h.isStarted()) {
            throw GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        Optional<JoinResp> refused = RequestChecks.refusedByDataPlane(req);
        if (refused.isPresent()) {
            LOG.fine("Join refused as the data plane would (uuid, addr or uri malformed)");
            return refused.get();
        }
        byte[] body;
        try {
            body = h.callMsReplica(DrpcIds.MGMT_JOIN, req.toByteArray(), JOIN_TIMEOUT);
        } catch (FaultException e) {
            throw GrpcErrors.fault(e.fault());
        } catch (IOException | DrpcException e) {
            throw GrpcErrors.error(e.getMessage());
        }
        JoinResp resp;
        try {
            resp = JoinResp.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw GrpcErrors.error("unmarshal Join response: " + e.getMessage());
        }
        if (resp.getStatus() == 0) {
            MemberState state = resp.getState() == JoinResp.State.IN ? MemberState.STARTED : MemberState.EVICTED;
            Member m = new Member(Rank.fromBits(resp.getRank()), req.getUuid(), addr, state);
            membership.addOrUpdate(m);
        } else {
            LOG.info("Join of " + req.getUuid() + " answered status " + resp.getStatus());
        }
        return resp;
    }

    /**
     * Peer IP + the port of {@code JoinReq.addr} (which must be {@code host:port}, parsed by
     * {@link HostPort#parse(String)} as the reference's {@code net.SplitHostPort}).
     */
    static String replyAddress(SocketAddress peer, String reqAddr) {
        String prefix = "combining peer addr with listener port: ";
        if (peer == null) {
            throw GrpcErrors.error(prefix + "peer details not found in context");
        }
        if (!(peer instanceof InetSocketAddress)) {
            throw GrpcErrors.error(prefix + "peer address (" + peer + ") not tcp");
        }
        int port;
        try {
            port = HostPort.parse(reqAddr).port();
        } catch (IllegalArgumentException e) {
            throw GrpcErrors.error(prefix + "get listening port: " + RequestChecks.shortened(e.getMessage(), reqAddr));
        }
        InetAddress ip = ((InetSocketAddress) peer).getAddress();
        String host = ip == null ? ((InetSocketAddress) peer).getHostString() : ip.getHostAddress();
        return HostPort.of(host, port).toString();
    }

    /** SPEC-SYSTEM §1.9, once the request passed the edge checks ({@link RequestChecks#leaderQuery}). */
    LeaderQueryResp leaderQuery(LeaderQueryReq req) {
        RequestChecks.leaderQuery(req);
        if (config.servers().isEmpty()) {
            throw GrpcErrors.error("no I/O servers configured; can't determine leader");
        }
        String local = config.systemName();
        if (!req.getSystem().equals(local)) {
            throw GrpcErrors.error("received leader query for wrong system (local: \"" + local + "\", req: "
                    + Bounds.quote(req.getSystem()) + ")");
        }
        List<String> aps = config.accessPoints();
        if (aps.isEmpty()) {
            throw GrpcErrors.error("failed to determine current leader address: no access points defined");
        }
        return LeaderQueryResp.newBuilder().setCurrentLeader(aps.get(0)).addAllReplicas(aps).build();
    }
}
