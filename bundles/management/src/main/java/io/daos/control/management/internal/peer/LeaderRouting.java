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
 * answers what the leader answered, error status and trailers included. While this access point's
 * replica knows no leader (an election, no majority of access points up, or this replica not hearing
 * from a leader the others follow: restarted and not yet reached, or cut off from it alone) a call
 * waits {@link #ASK_PAUSE} for it to learn one, then offers the call to every access point in turn,
 * {@link #ASK_PAUSE} apart: only the leader runs it ({@code Forward} refuses on the others, and the
 * leader's barrier fails if it was deposed), so at most one runs it. After {@link #LEADER_WAIT}
 * without a leader it fails UNAVAILABLE, saying so.
 */
public final class LeaderRouting {

    private static final Logger LOG = Logger.getLogger(LeaderRouting.class.getName());
    private static final RateLimitedLog NO_LEADER = new RateLimitedLog(LOG);
    private static final RateLimitedLog ASKED = new RateLimitedLog(LOG);

    /** How long a call waits for a leader to be elected. */
    public static final Duration LEADER_WAIT = Duration.ofSeconds(10);
    /**
     * How long a call waits for this replica to learn the leader before asking the access points,
     * and between two rounds of asking: the shortest election timeout (a healthy follower hears
     * the leader twice in it).
     */
    static final Duration ASK_PAUSE = Duration.ofSeconds(1);
    /**
     * How long a forwarded mgmt call may take: the leader's own dRPC timeout and a margin. Other
     * modules give their own ({@link #wrap(ServerServiceDefinition, Set, Duration)}).
     */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(45);

    private final SystemStore store;
    private final List<String> accessPoints;
    private final String system;
    private final Supplier<PeerClient> client;
    private final Duration leaderWait;
    private final Duration askPause;

    /**
     * @param accessPoints the configured access points ({@code host:port}), peer {@code i} being the
     *                     {@code i}-th
     * @param client       the peer client, null while none is registered
     */
    public LeaderRouting(SystemStore store, List<String> accessPoints, String system, Supplier<PeerClient> client) {
        this(store, accessPoints, system, client, LEADER_WAIT, ASK_PAUSE);
    }

    /** With other waits than {@link #LEADER_WAIT} and {@link #ASK_PAUSE} (tests). */
    LeaderRouting(SystemStore store, List<String> accessPoints, String system, Supplier<PeerClient> client,
            Duration leaderWait, Duration askPause) {
        this.store = store;
        this.accessPoints = List.copyOf(accessPoints);
        this.system = system;
        this.client = client;
        this.leaderWait = leaderWait;
        this.askPause = askPause;
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
        return wrap(def, routed, Set.of(), forwardTimeout);
    }

    /**
     * {@code def} with the methods named in {@code routed} run on the leader, and those named in
     * {@code askedWhenLost} run here as long as this access point's replica knows a leader, else
     * (after {@link #ASK_PAUSE}) on the leader the access points are asked for, as a routed method
     * is then. For a method any access point answers from what its replica knows (LeaderQuery),
     * but one that knows no leader would only wait and fail.
     *
     * @param forwardTimeout how long a follower waits for the leader's answer (then DEADLINE_EXCEEDED)
     * @throws IllegalArgumentException when {@code forwardTimeout} is not positive
     */
    public ServerServiceDefinition wrap(ServerServiceDefinition def, Set<String> routed, Set<String> askedWhenLost,
            Duration forwardTimeout) {
        if (forwardTimeout.isNegative() || forwardTimeout.isZero()) {
            throw new IllegalArgumentException("forward timeout must be positive: " + forwardTimeout);
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(def.getServiceDescriptor());
        for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
            String name = m.getMethodDescriptor().getBareMethodName();
            add(b, m, routed.contains(name) || askedWhenLost.contains(name) ? forwardTimeout : null,
                    !routed.contains(name));
        }
        return b.build();
    }

    /** Adds {@code m} as it is ({@code timeout} null) or routed with that forward timeout. */
    private <Q, R> void add(ServerServiceDefinition.Builder b, ServerMethodDefinition<Q, R> m, Duration timeout,
            boolean onlyWhenLost) {
        b.addMethod(timeout == null ? m : routed(m, timeout, onlyWhenLost));
    }

    /**
     * {@code m} run on the leader; with {@code onlyWhenLost}, run here (no barrier) unless this
     * replica knows no leader.
     */
    private <Q, R> ServerMethodDefinition<Q, R> routed(ServerMethodDefinition<Q, R> m, Duration timeout,
            boolean onlyWhenLost) {
        ServerCallHandler<Q, R> local = m.getServerCallHandler();
        ServerCallHandler<Q, R> handler = (call, headers) -> {
            long deadline = System.nanoTime() + leaderWait.toNanos();
            Leadership l = store.leadership();
            if (l.peers() <= 1) {
                return local.startCall(call, headers);
            }
            if (l.leader() < 0) {
                l = store.awaitLeader(askPause);
            }
            SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            if (l.leader() < 0) {
                return ServerCalls.asyncUnaryCall((Q req, StreamObserver<R> out) -> answer(out,
                        () -> askAccessPoints(m, req, peer, timeout, deadline))).startCall(call, headers);
            }
            if (onlyWhenLost) {
                return local.startCall(call, headers);
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
            return ServerCalls.asyncUnaryCall((Q req, StreamObserver<R> out) -> answer(out,
                    () -> forward(m, req, leader, peer, timeout))).startCall(call, headers);
        };
        return ServerMethodDefinition.create(m.getMethodDescriptor(), handler);
    }

    private static <R> void answer(StreamObserver<R> out, Supplier<R> reply) {
        try {
            out.onNext(reply.get());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    /**
     * The reply of whichever access point leads, for a call made while this replica knows no
     * leader: the one it learns meanwhile, or else each access point asked in turn (one that
     * cannot be reached or does not lead did not run the call, so the next one may), until
     * {@code deadline} (nano time).
     */
    private <Q, R> R askAccessPoints(ServerMethodDefinition<Q, R> m, Q req, SocketAddress peer, Duration timeout,
            long deadline) {
        while (true) {
            Leadership l = store.leadership();
            if (l.leader() >= 0 && l.leader() < accessPoints.size()) {
                // learnt meanwhile (itself, perhaps: its own Forward runs it after the barrier)
                return forward(m, req, HostPort.parse(accessPoints.get(l.leader())), peer, timeout);
            }
            for (int i = 0; i < accessPoints.size(); i++) {
                if (i == l.self()) {
                    continue;   // it does not lead: it knows no leader
                }
                HostPort ap = HostPort.parse(accessPoints.get(i));
                try {
                    R reply = forward(m, req, ap, peer, timeout);
                    ASKED.log(java.util.logging.Level.INFO, "asked", () -> "system DB: this access point knows no"
                            + " leader (" + store.state() + "); " + ap + " ran " + m.getMethodDescriptor()
                            .getBareMethodName() + " as the leader");
                    return reply;
                } catch (NotRun e) {
                    LOG.fine(() -> "system DB: no leader known here, " + ap + " did not run the call: " + e.getMessage());
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw noLeader(store.leadership());
            }
            store.awaitLeader(Duration.ofNanos(Math.min(left, askPause.toNanos())));
        }
    }

    /** A forward the access point asked did not run: it could not be reached, or it does not lead. */
    static final class NotRun extends StatusRuntimeException {
        private static final long serialVersionUID = 1L;

        NotRun(Status status) {
            super(status);
        }
    }

    private StatusRuntimeException noLeader(Leadership l) {
        int majority = l.peers() / 2 + 1;
        long ms = leaderWait.toMillis();
        String why = "system DB: no leader elected within " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
                + " (a majority of the "
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
            String why = sre.getStatus().getDescription();
            return sre.getStatus().getCode() == Status.Code.UNAVAILABLE && why != null
                    && why.startsWith(PeerService.NOT_LEADER) ? new NotRun(sre.getStatus()) : sre;
        }
        Status s = switch (e.kind()) {
            case TIMEOUT -> Status.DEADLINE_EXCEEDED;
            case CANCELLED -> Status.CANCELLED;
            default -> Status.UNAVAILABLE;
        };
        s = s.withDescription("system DB leader " + leader + ": " + e.getMessage());
        // not reached: the call did not run there
        return e.kind() == ClientException.Kind.UNREACHABLE ? new NotRun(s) : s.asRuntimeException();
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
