package io.daos.control.itest.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * One simulated storage host for scale tests: a small gRPC server on its own loopback port that
 * answers the harness's part of {@code mgmt.MgmtSvc} (PingRanks, PrepShutdownRanks, StopRanks,
 * StartRanks; SPEC-SYSTEM §2.7) for a few emulated ranks, with no engine and no storage behind
 * them. The server runs on an event loop group and executor it is given and does not own, so
 * that a thousand hosts share a handful of threads ({@link SimFleet}).
 *
 * <p>Each rank has a UUID of its own and gets its rank number when it joined ({@link #joined});
 * until then the host answers as a harness without rank in its superblock does. A running rank
 * pings Started; PrepShutdownRanks reports it Stopping; StopRanks stops it (Stopped); StartRanks
 * starts every rank of the host again (refused while one runs, as the harness does) and then
 * hands the host to the restart hook, which re-Joins it as a real harness would.
 *
 * <p>Modes: {@link Mode#UP} answers; {@link Mode#HUNG} accepts the connection and the call but
 * never answers (the call stays open until the client cancels it or the host is closed);
 * {@link Mode#DEAD} closes the port (connections are refused).
 */
public final class SimHost implements AutoCloseable {

    /** How a host behaves towards its callers. */
    public enum Mode {
        /** Answers every call. */
        UP,
        /** Takes calls and never answers them. */
        HUNG,
        /** Port closed. */
        DEAD
    }

    private static final int NIL = Rank.NIL.bits();

    private final EventLoopGroup group;
    private final Executor executor;
    private final Consumer<SimHost> onRestart;
    private final String[] uuids;
    private final int[] ranks;
    private final boolean[] running;
    private final Set<ServerCallStreamObserver<?>> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger hungCalls = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private int port;
    private Server server;

    private SimHost(int rankCount, EventLoopGroup group, Executor executor, Consumer<SimHost> onRestart) {
        if (rankCount < 1) {
            throw new IllegalArgumentException("a host has at least one rank: " + rankCount);
        }
        this.group = group;
        this.executor = executor;
        this.onRestart = onRestart;
        uuids = new String[rankCount];
        ranks = new int[rankCount];
        running = new boolean[rankCount];
        for (int i = 0; i < rankCount; i++) {
            uuids[i] = UUID.randomUUID().toString();
            ranks[i] = NIL;
            running[i] = true;
        }
    }

    /**
     * Starts a host of {@code rankCount} running ranks on a free loopback port, its server on
     * {@code group} (NIO) and {@code executor}, which the caller keeps and shuts down.
     * {@code onRestart} (may be null) gets the host after each successful StartRanks, before
     * the reply; it must not block.
     */
    public static SimHost start(int rankCount, EventLoopGroup group, Executor executor, Consumer<SimHost> onRestart)
            throws IOException {
        SimHost h = new SimHost(rankCount, group, executor, onRestart);
        h.bind(0);
        return h;
    }

    private synchronized void bind(int wanted) throws IOException {
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", wanted))
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .executor(executor)
                .addService(service())
                .build();
        s.start();
        server = s;
        port = s.getPort();
    }

    private ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(method(MgmtSvcGrpc.getPingRanksMethod(), this::ping))
                .addMethod(method(MgmtSvcGrpc.getPrepShutdownRanksMethod(), this::prepShutdown))
                .addMethod(method(MgmtSvcGrpc.getStopRanksMethod(), this::stop))
                .addMethod(method(MgmtSvcGrpc.getStartRanksMethod(), this::startRanks))
                .build();
    }

    /** A failure of a whole call, answered as the harness does: UNKNOWN with the text. */
    private static final class CallFailed extends Exception {
        CallFailed(String msg) {
            super(msg);
        }
    }

    private interface Handler {
        RanksResp handle(RanksReq req) throws CallFailed;
    }

    private ServerMethodDefinition<RanksReq, RanksResp> method(MethodDescriptor<RanksReq, RanksResp> m, Handler h) {
        return ServerMethodDefinition.create(m, ServerCalls.asyncUnaryCall((RanksReq req, StreamObserver<RanksResp> out) -> {
            if (mode != Mode.UP) {
                hold((ServerCallStreamObserver<RanksResp>) out);
                return;
            }
            RanksResp resp;
            try {
                resp = h.handle(req);
            } catch (CallFailed e) {
                out.onError(Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            answered.incrementAndGet();
            if (m == MgmtSvcGrpc.getStartRanksMethod() && onRestart != null) {
                // before the reply: whoever waits for the re-Joins after StartRanks finds them
                onRestart.accept(this);
            }
            out.onNext(resp);
            out.onCompleted();
        }));
    }

    /** Keeps a call open without answering it, until the client cancels it. */
    private void hold(ServerCallStreamObserver<RanksResp> out) {
        held.add(out);
        hungCalls.incrementAndGet();
        out.setOnCancelHandler(() -> held.remove(out));
    }

    private RanksResp ping(RanksReq req) throws CallFailed {
        return each(req, "ping", i -> running[i] ? MemberState.STARTED : MemberState.STOPPED);
    }

    private RanksResp prepShutdown(RanksReq req) throws CallFailed {
        return each(req, "prep shutdown", i -> running[i] ? MemberState.STOPPING : MemberState.STOPPED);
    }

    private RanksResp stop(RanksReq req) throws CallFailed {
        return each(req, "stop", i -> {
            running[i] = false;
            return MemberState.STOPPED;
        });
    }

    /** One result per selected rank slot, in the state {@code step} gives (under the host's lock). */
    private synchronized RanksResp each(RanksReq req, String action, IntFunction<MemberState> step) throws CallFailed {
        RanksResp.Builder b = RanksResp.newBuilder();
        for (int i : selected(req)) {
            b.addResults(result(i, action, step.apply(i), null));
        }
        return b.build();
    }

    private RanksResp startRanks(RanksReq req) throws CallFailed {
        synchronized (this) {
            List<Integer> sel = selected(req);
            for (boolean r : running) {
                if (r) {
                    throw new CallFailed("can't start instances: already started");
                }
            }
            java.util.Arrays.fill(running, true);
            RanksResp.Builder b = RanksResp.newBuilder();
            for (int i : sel) {
                b.addResults(result(i, "start", MemberState.STARTED, null));
            }
            return b.build();
        }
    }

    /** The indexes of the ranks a request selects (empty list: all), as the harness selects. */
    private List<Integer> selected(RanksReq req) throws CallFailed {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] == NIL) {
                throw new CallFailed("nil rank in superblock");
            }
            if (req.getRanksCount() == 0 || req.getRanksList().contains(ranks[i])) {
                out.add(i);
            }
        }
        return out;
    }

    private RanksResp.RankResult result(int i, String action, MemberState state, String msg) {
        RanksResp.RankResult.Builder b = RanksResp.RankResult.newBuilder()
                .setRank(ranks[i]).setAction(action).setState(state.code());
        if (msg != null) {
            b.setErrored(true).setMsg(msg);
        }
        return b.build();
    }

    /**
     * Switches the mode. To {@link Mode#DEAD} the server stops at once (open calls are
     * cancelled); from it the server binds the same port again.
     */
    public void mode(Mode next) throws IOException, InterruptedException {
        Server stopped = null;
        synchronized (this) {
            if (next == mode) {
                return;
            }
            if (mode == Mode.DEAD) {
                bind(port);
            } else if (next == Mode.DEAD) {
                stopped = server;
                server = null;
            }
            mode = next;
            if (next == Mode.UP) {
                releaseHeld();
            }
        }
        if (stopped != null) {
            stopped.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Ends the calls held in the hung mode (as UNAVAILABLE), as a host that came back would. */
    private void releaseHeld() {
        for (ServerCallStreamObserver<?> o : held) {
            held.remove(o);
            try {
                o.onError(Status.UNAVAILABLE.withDescription("host no longer hung").asRuntimeException());
            } catch (IllegalStateException cancelled) {
                // the client gave up on it meanwhile
            }
        }
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    /** The loopback port (kept while {@link Mode#DEAD}). */
    public synchronized int port() {
        return port;
    }

    /** The address the access point records for this host's ranks. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** How many ranks the host emulates. */
    public int rankCount() {
        return ranks.length;
    }

    /** The UUID of rank slot {@code i}. */
    public String uuid(int i) {
        return uuids[i];
    }

    /** The rank of slot {@code i} ({@link Rank#NIL} until it joined). */
    public synchronized Rank rank(int i) {
        return Rank.fromBits(ranks[i]);
    }

    /** Records the rank the access point gave slot {@code i} in its Join reply. */
    public synchronized void joined(int i, int rankBits) {
        ranks[i] = rankBits;
    }

    /** Whether slot {@code i} runs (not stopped). */
    public synchronized boolean running(int i) {
        return running[i];
    }

    /** Calls taken in the hung mode so far (answered or not). */
    public int hungCalls() {
        return hungCalls.get();
    }

    /** Calls held now, unanswered and not cancelled by their client. */
    public int heldCalls() {
        return held.size();
    }

    /** Calls answered with a reply so far. */
    public int answeredCalls() {
        return answered.get();
    }

    /** Stops the server (open calls are cancelled); the shared group and executor stay. */
    @Override
    public void close() throws InterruptedException {
        Server s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s != null) {
            s.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
