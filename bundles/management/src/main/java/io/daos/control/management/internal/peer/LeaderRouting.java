package io.daos.control.management.internal.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.api.net.HostPort;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.db.SystemStore.Leadership;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Runs the system-DB methods of a service on the Raft leader. With one access point (or none) the
 * methods run here as they always did. With several, an access point that leads runs them after a
 * linearizable barrier ({@link SystemStore#sync()}: nothing acknowledged before the call is missed,
 * and a leader that was deposed without knowing it finds out); one that follows hands the whole
 * call to the leader's control server ({@code ControlPeer/Forward}) with the caller's address, and
 * answers what the leader answered, error status and trailers included. While no leader is known
 * (an election, or no majority of access points up) a call waits up to {@link #LEADER_WAIT} for
 * one and then fails UNAVAILABLE, saying so.
 */
public final class LeaderRouting {

    private static final Logger LOG = Logger.getLogger(LeaderRouting.class.getName());
    private static final RateLimitedLog NO_LEADER = new RateLimitedLog(LOG);

    /** How long a call waits for a leader to be elected. */
    public static final Duration LEADER_WAIT = Duration.ofSeconds(10);
    /**
     * How long a forwarded mgmt call may take: the leader's own dRPC timeout and a margin. Other
     * modules give their own ({@link #wrap(ServerServiceDefinition, Set, Duration)}).
     */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(45);

    private final SystemStore store;
    private final List<String> accessPoints;
    private final String system;
    private final Supplier<PeerClient> client;

    /**
     * @param accessPoints the configured access points ({@code host:port}), peer {@code i} being the
     *                     {@code i}-th
     * @param client       the peer client, null while none is registered
     */
    public LeaderRouting(SystemStore store, List<String> accessPoints, String system, Supplier<PeerClient> client) {
        this.store = store;
        this.accessPoints = List.copyOf(accessPoints);
        this.system = system;
        this.client = client;
    }

    /**
     * {@code def} with the methods named in {@code routed} (bare names) run on the leader, a follower
     * waiting {@link #FORWARD_TIMEOUT} for the leader's answer.
     */
    public ServerServiceDefinition wrap(ServerServiceDefinition def, Set<String> routed) {
        return wrap(def, routed, FORWARD_TIMEOUT);
    }

    /**
     * {@code def} with the methods named in {@code routed} (bare names) run on the leader.
     *
     * @param forwardTimeout how long a follower waits for the leader's answer (then DEADLINE_EXCEEDED)
     * @throws IllegalArgumentException when {@code forwardTimeout} is not positive
     */
    public ServerServiceDefinition wrap(ServerServiceDefinition def, Set<String> routed, Duration forwardTimeout) {
        if (forwardTimeout.isNegative() || forwardTimeout.isZero()) {
            throw new IllegalArgumentException("forward timeout must be positive: " + forwardTimeout);
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(def.getServiceDescriptor());
        for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
            add(b, m, routed.contains(m.getMethodDescriptor().getBareMethodName()) ? forwardTimeout : null);
        }
        return b.build();
    }

    /** Adds {@code m} as it is ({@code timeout} null) or routed with that forward timeout. */
    private <Q, R> void add(ServerServiceDefinition.Builder b, ServerMethodDefinition<Q, R> m, Duration timeout) {
        b.addMethod(timeout == null ? m : routed(m, timeout));
    }

    private <Q, R> ServerMethodDefinition<Q, R> routed(ServerMethodDefinition<Q, R> m, Duration timeout) {
        ServerCallHandler<Q, R> local = m.getServerCallHandler();
        ServerCallHandler<Q, R> handler = (call, headers) -> {
            Leadership l = store.leadership();
            if (l.peers() <= 1) {
                return local.startCall(call, headers);
            }
            if (l.leader() < 0) {
                l = store.awaitLeader(LEADER_WAIT);
            }
            try {
                if (l.isLeader()) {
                    store.sync();
                    return local.startCall(call, headers);
                }
                if (l.leader() < 0 || l.leader() >= accessPoints.size()) {
                    throw noLeader(l);
                }
            } catch (StoreUnavailableException e) {
                return refuse(call, Status.UNAVAILABLE.withDescription(e.getMessage()));
            } catch (StatusRuntimeException e) {
                return refuse(call, e.getStatus());
            }
            HostPort leader = HostPort.parse(accessPoints.get(l.leader()));
            SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            return ServerCalls.asyncUnaryCall((Q req, StreamObserver<R> out) -> {
                try {
                    out.onNext(forward(m, req, leader, peer, timeout));
                    out.onCompleted();
                } catch (StatusRuntimeException e) {
                    out.onError(e);
                }
            }).startCall(call, headers);
        };
        return ServerMethodDefinition.create(m.getMethodDescriptor(), handler);
    }

    private StatusRuntimeException noLeader(Leadership l) {
        int majority = l.peers() / 2 + 1;
        String why = "system DB: no leader elected within " + LEADER_WAIT.toSeconds() + " s (a majority of the "
                + l.peers() + " access points, " + majority + ", must be up and reach each other)" + here(store);
        NO_LEADER.warning("no-leader", () -> why);
        return Status.UNAVAILABLE.withDescription(why).asRuntimeException();
    }

    /** {@code "; this access point: <what its replica knows>"}, or nothing when it knows nothing to say. */
    public static String here(SystemStore store) {
        String state = store.state();
        return state.isEmpty() ? "" : "; this access point: " + state;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private <Q, R> R forward(ServerMethodDefinition<Q, R> m, Q req, HostPort leader, SocketAddress peer,
            Duration timeout) {
        PeerClient c = client.get();
        if (c == null) {
            throw Status.UNAVAILABLE.withDescription("no peer client (client bundle) to reach the system DB leader at "
                    + leader).asRuntimeException();
        }
        byte[] request;
        try (InputStream in = m.getMethodDescriptor().streamRequest(req)) {
            request = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String method = m.getMethodDescriptor().getFullMethodName();
        byte[] reply;
        try {
            reply = c.forward(leader, method, request, peerText(peer), system, timeout);
        } catch (ClientException e) {
            throw forwardFailed(e, leader);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while the leader answered").asRuntimeException();
        }
        return m.getMethodDescriptor().parseResponse(new java.io.ByteArrayInputStream(reply));
    }

    /** The caller's error for a forward that failed: the leader's own error as it sent it. */
    static StatusRuntimeException forwardFailed(ClientException e, HostPort leader) {
        if (e.getCause() instanceof StatusRuntimeException sre && e.kind() == ClientException.Kind.FAILED) {
            return sre;
        }
        Status s = switch (e.kind()) {
            case TIMEOUT -> Status.DEADLINE_EXCEEDED;
            case CANCELLED -> Status.CANCELLED;
            default -> Status.UNAVAILABLE;
        };
        return s.withDescription("system DB leader " + leader + ": " + e.getMessage()).asRuntimeException();
    }

    /** {@code ip:port} of a TCP peer, empty for anything else. */
    static String peerText(SocketAddress peer) {
        if (peer instanceof InetSocketAddress a && a.getAddress() != null) {
            return HostPort.of(a.getAddress().getHostAddress(), a.getPort()).toString();
        }
        return "";
    }

    /** The address {@link #peerText} gave (an IP literal: no name lookup), or null for none. */
    static SocketAddress peerAddress(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            HostPort hp = HostPort.parse(text);
            // an IP literal only: no name is looked up
            return HostPort.ipLiteral(hp.host()).map(a -> (SocketAddress) new InetSocketAddress(a, hp.port()))
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
