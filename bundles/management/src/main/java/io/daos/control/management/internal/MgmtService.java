package io.daos.control.management.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.peer.LeaderRouting;
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

    private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG);
    static final Context.Key<SocketAddress> PEER = Context.key("daos.peer");

    private final ServerConfig config;
    private final Supplier<Harness> harness;
    private final SystemStore store;
    private final MsForward ms;

    MgmtService(ServerConfig config, Supplier<Harness> harness, SystemStore store) {
        this.config = config;
        this.harness = harness;
        this.store = store;
        this.ms = new MsForward(harness);
    }

    /**
     * Join and LeaderQuery, and the methods each of {@code more} adds, as one partial
     * {@code mgmt.MgmtSvc} definition; every call sees its peer address in {@link #PEER}.
     */
    @SafeVarargs
    final ServerServiceDefinition definition(Consumer<ServerServiceDefinition.Builder>... more) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getJoinMethod(), GrpcMethods.unary((JoinReq req) -> join(req, PEER.get())))
                .addMethod(MgmtSvcGrpc.getLeaderQueryMethod(), GrpcMethods.unary(this::leaderQuery));
        for (Consumer<ServerServiceDefinition.Builder> m : more) {
            m.accept(b);
        }
        ServerServiceDefinition def = b.build();
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
     * ({@link RequestChecks#join}); what the data plane would refuse is answered without it. The
     * system DB decides the rank (§1.6's rules, {@link Command.Join}) and records the member with
     * the reply address; the MS instance is then told the Join with that rank, so that the data
     * plane learns it, and its refusal (a data plane that disagrees with the DB) is answered as is
     * so that the joining server tries again.
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
        ms.select();
        UUID uuid = UUID.fromString(req.getUuid());
        boolean localMs = h.localInstances().stream().anyMatch(i -> i.msReplica() && req.getUuid().equals(i.uuid()));
        if (store.leadership().peers() > 1 && StoreCalls.view(store).members().isEmpty()) {
            return bootstrap(req, uuid, addr, localMs);
        }
        Optional<io.daos.control.management.internal.db.Member> before = StoreCalls.view(store).rankOf(uuid)
                .flatMap(rank -> StoreCalls.view(store).member(rank));
        Result r = StoreCalls.submit(store, new Command.Join(uuid, Integer.toUnsignedLong(req.getRank()), addr,
                req.getUri(), req.getNctxs()));
        if (!r.succeeded()) {
            LOG.info("Join of " + req.getUuid() + " refused by the system DB: status " + r.status());
            return JoinResp.newBuilder().setStatus(r.status()).build();
        }
        if (!r.in()) {
            return JoinResp.newBuilder().setRank((int) r.rank()).setState(JoinResp.State.OUT).build();
        }
        if (localMs) {
            // this access point's own replica: its engine starts the MS after this Join, so there
            // is no running MS to tell yet (several access points only; one never joins itself)
            logJoined(r.rank(), before);
            return JoinResp.newBuilder().setRank((int) r.rank()).setState(JoinResp.State.IN).build();
        }
        JoinReq told = req.toBuilder().setRank((int) r.rank()).build();
        JoinResp resp = ms.call(DrpcIds.MGMT_JOIN, told, JoinResp.parser(), "Join");
        if (resp.getStatus() != 0) {
            REFUSED.warning("join", () -> "the MS instance refused the Join of rank " + r.rank() + " that the system DB"
                    + " granted: status " + resp.getStatus());
            return resp;
        }
        logJoined(r.rank(), before);
        return JoinResp.newBuilder().setRank((int) r.rank()).setState(JoinResp.State.IN).build();
    }

    private void logJoined(long rank, Optional<io.daos.control.management.internal.db.Member> before) {
        StoreCalls.view(store).member(rank).map(StoreMembership::toApi).ifPresent(m -> LOG.info(before.isEmpty()
                ? "system member added: " + m
                : "system member rejoined: " + m + " (was " + before.get().state().label() + ")"));
    }

    /**
     * A Join into the empty DB of a system of several access points, on the leader: the leader's
     * own instance 0 takes the rank it asks for, rank 0 unless configured otherwise, as the
     * reference's bootstrap replica does, and starts the system; any other server is told
     * {@link Der#NOTLEADER}, as a management service that has not started yet answers, and tries
     * again in 3 s.
     */
    private JoinResp bootstrap(JoinReq req, UUID uuid, String addr, boolean localMs) {
        if (!localMs) {
            REFUSED.log(java.util.logging.Level.INFO, "not-bootstrapped", () -> "Join of " + req.getUuid() + " deferred: the system is not"
                    + " bootstrapped yet (instance 0 of the leading access point joins first)");
            return JoinResp.newBuilder().setStatus(Der.NOTLEADER).build();
        }
        long rank = req.getRank() == -1 ? 0 : Integer.toUnsignedLong(req.getRank());
        Result r = StoreCalls.submit(store, new Command.Bootstrap(uuid, rank, addr, req.getUri(), req.getNctxs()));
        if (!r.succeeded() && r.status() != Der.ALREADY) {
            LOG.warning("bootstrap of the system DB by " + req.getUuid() + " refused: status " + r.status());
            return JoinResp.newBuilder().setStatus(r.status()).build();
        }
        LOG.info("system bootstrapped: rank " + rank + " is instance 0 of this access point, the Raft leader ("
                + addr + ")");
        return JoinResp.newBuilder().setRank((int) rank).setState(JoinResp.State.IN).build();
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
        return LeaderQueryResp.newBuilder().setCurrentLeader(currentLeader(aps)).addAllReplicas(aps).build();
    }

    /**
     * The control address of the Raft leader: with one access point (or on a server that is not
     * one) the first access point, as the reference; with several, the leader this access point
     * knows, waiting for an election in progress.
     */
    private String currentLeader(List<String> aps) {
        SystemStore.Leadership l = store.leadership();
        if (l.peers() <= 1) {
            return aps.get(0);
        }
        if (l.leader() < 0) {
            l = store.awaitLeader(LeaderRouting.LEADER_WAIT);
        }
        if (l.leader() < 0 || l.leader() >= aps.size()) {
            throw GrpcErrors.error("failed to determine current leader address: no leader elected (a majority of the "
                    + aps.size() + " access points must be up and reach each other)" + LeaderRouting.here(store));
        }
        return aps.get(l.leader());
    }
}
