package io.daos.control.harness.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * PrepShutdownRanks, StopRanks, StartRanks and PingRanks on the local instances (SPEC-SERVER
 * §3.13, SPEC-SYSTEM §2.7): one result per selected instance (an empty rank list selects all);
 * an instance without superblock or rank fails the whole call. A rank list longer than
 * {@link Bounds#LIST} or naming the nil rank is INVALID_ARGUMENT on {@code ranks}.
 *
 * <p>PrepShutdownRanks, StopRanks and StartRanks take their turn on the harness's
 * {@link RankOpsLock}: they never interleave. PingRanks runs at any time; an instance that runs
 * but has not finished its start (no SetUp yet) is reported Unknown without asking it, since
 * its engine cannot answer yet (the reference would report Errored and SystemQuery would keep
 * that).
 *
 * <p>PingRanks answers within the caller's time. The instances are pinged at the same time, one
 * on the calling thread and the others on this object's small pool ({@link #PING_THREADS} at
 * most, no thread while idle; when it is busy or closed, the calling thread pings them itself),
 * so a host answers after its slowest instance, not after their sum; the results stay in
 * instance-index order. Each dRPC ping is bounded by {@link #pingTimeout(Duration)}: 3 s as the
 * reference when the caller set no deadline, else the time left until the deadline less
 * {@link #PING_MARGIN} (at least {@link #PING_FLOOR}), so that one hung engine (a SIGSTOPped
 * {@code daos_io_server}) is reported {@code Unresponsive, "timeout occurred"} in time and the
 * access point does not mark the host's healthy ranks Unresponsive with it. {@link #close()}
 * stops the pool.
 */
final class RankOperations implements AutoCloseable {

    /** PrepShutdown dRPC timeout. */
    static final Duration PREP_SHUTDOWN_TIMEOUT = IOServerInstance.SETUP_TIMEOUT;
    /** PingRank dRPC timeout (SPEC-SYSTEM §2.7.3). */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(3);
    /** What a ping leaves of the caller's deadline for the reply to travel back. */
    static final Duration PING_MARGIN = Duration.ofMillis(250);
    /** The shortest ping, however little time the caller left. */
    static final Duration PING_FLOOR = Duration.ofMillis(100);
    /**
     * How much longer than its dRPC bound the caller waits for a ping on the pool (the dRPC client
     * enforces the bound itself; this only guards against a ping that never got a thread).
     */
    static final long PING_GRACE_MS = 500;
    /** The most pool threads pinging at once (a host has a few instances; several callers at most). */
    static final int PING_THREADS = 16;
    /** How long an idle pool thread lives. */
    static final long PING_KEEP_ALIVE_S = 30;
    /** How long StopRanks and StartRanks wait for the instances. */
    static final long WAIT_MS = IOServerHarness.WAIT_MS;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final LocalInstances harness;
    private final ThreadPoolExecutor pingers;

    RankOperations(LocalInstances harness) {
        this.harness = harness;
        String name = "daos-harness-ping-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        this.pingers = new ThreadPoolExecutor(0, PING_THREADS, PING_KEEP_ALIVE_S, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, name + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Stops the ping pool: its threads end once their pings have (each bounded by its dRPC timeout). */
    @Override
    public void close() {
        pingers.shutdown();
    }

    /** Waits up to {@code ms} for the pool's threads to end after {@link #close()}; whether they did. */
    boolean awaitClosed(long ms) throws InterruptedException {
        return pingers.awaitTermination(ms, TimeUnit.MILLISECONDS);
    }

    /** Pool threads alive now (for tests). */
    int pingThreads() {
        return pingers.getPoolSize();
    }

    /** PrepShutdownRanks (§2.7.1): dRPC PrepShutdown to each running instance. */
    RanksResp prepShutdown(RanksReq req) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        return harness.rankOps().run("prep shutdown", () -> {
            RanksResp.Builder out = RanksResp.newBuilder();
            for (IOServerInstance inst : sel) {
                out.addResults(inst.running()
                        ? drpcResult(inst, "prep shutdown", DrpcIds.MGMT_PREP_SHUTDOWN, PREP_SHUTDOWN_TIMEOUT,
                                MemberState.STOPPING)
                        : result(inst, "prep shutdown", MemberState.STOPPED, null));
            }
            return out.build();
        });
    }

    /** PingRanks without a caller deadline: each ping bounded by {@link #PING_TIMEOUT}. */
    RanksResp ping(RanksReq req) throws RanksException, InterruptedException {
        return ping(req, null);
    }

    /**
     * PingRanks (§2.7.3): dRPC PingRank to each running instance that completed its start, all
     * at once, each bounded by {@link #pingTimeout(Duration)}; one still starting is Unknown.
     *
     * @param timeLeft the time left until the caller's deadline, null when it set none
     */
    RanksResp ping(RanksReq req, Duration timeLeft) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        Duration timeout = pingTimeout(timeLeft);
        List<FutureTask<RanksResp.RankResult>> answers = new ArrayList<>(sel.size());
        FutureTask<RanksResp.RankResult> last = null;
        for (IOServerInstance inst : sel) {
            FutureTask<RanksResp.RankResult> answer;
            if (!inst.running()) {
                answer = done(result(inst, "ping", MemberState.STOPPED, null));
            } else if (!inst.isSetUp()) {
                answer = done(result(inst, "ping", MemberState.UNKNOWN, null));
            } else {
                answer = new FutureTask<>(
                        () -> drpcResult(inst, "ping", DrpcIds.MGMT_PING_RANK, timeout, MemberState.STARTED));
                if (last != null) {
                    submit(last);
                }
                last = answer;
            }
            answers.add(answer);
        }
        if (last != null) {
            last.run(); // the calling thread pings one instance itself
        }
        long waitEnd = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(PING_GRACE_MS);
        RanksResp.Builder out = RanksResp.newBuilder();
        for (int i = 0; i < answers.size(); i++) {
            out.addResults(answer(answers.get(i), sel.get(i), waitEnd));
        }
        return out.build();
    }

    /**
     * The bound of one instance's ping: {@link #PING_TIMEOUT} without a caller deadline
     * ({@code timeLeft} null), else {@code timeLeft} less {@link #PING_MARGIN}, at most
     * {@link #PING_TIMEOUT} and at least {@link #PING_FLOOR}.
     */
    static Duration pingTimeout(Duration timeLeft) {
        if (timeLeft == null) {
            return PING_TIMEOUT;
        }
        Duration t = timeLeft.minus(PING_MARGIN);
        if (t.compareTo(PING_FLOOR) < 0) {
            return PING_FLOOR;
        }
        return t.compareTo(PING_TIMEOUT) > 0 ? PING_TIMEOUT : t;
    }

    private static FutureTask<RanksResp.RankResult> done(RanksResp.RankResult r) {
        FutureTask<RanksResp.RankResult> f = new FutureTask<>(() -> r);
        f.run();
        return f;
    }

    /** Runs {@code ping} on the pool, or here when the pool is busy or closed. */
    private void submit(FutureTask<RanksResp.RankResult> ping) {
        try {
            pingers.execute(ping);
        } catch (RejectedExecutionException busyOrClosed) {
            ping.run();
        }
    }

    /** The result of one ping; Unresponsive if it has not ended by {@code waitEnd}. */
    private static RanksResp.RankResult answer(FutureTask<RanksResp.RankResult> ping, IOServerInstance inst,
            long waitEnd) throws InterruptedException {
        try {
            return ping.get(Math.max(0, waitEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return result(inst, "ping", MemberState.UNRESPONSIVE, "timeout occurred");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * StopRanks (§2.7.2): SIGINT to each selected running instance (SIGKILL with {@code force},
     * see {@link IOServerInstance#stop(boolean)}), then up to 3 s for the selected ones to exit
     * (the reference waits for every instance of the host).
     */
    RanksResp stop(RanksReq req) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        return harness.rankOps().run("stop", () -> {
            for (IOServerInstance inst : sel) {
                inst.stop(req.getForce());
            }
            harness.awaitRunning(false, sel, WAIT_MS);
            RanksResp.Builder out = RanksResp.newBuilder();
            for (IOServerInstance inst : sel) {
                out.addResults(inst.running()
                        ? result(inst, "stop", MemberState.STARTED, "want Stopped, got Started")
                        : result(inst, "stop", MemberState.STOPPED, null));
            }
            return out.build();
        });
    }

    /**
     * StartRanks (§2.7.4): every local instance starts again; up to 3 s for all to run. A second
     * StartRanks waits for the first to return and then finds the instances running (or the
     * start still under way): {@code can't start instances: already started}.
     */
    RanksResp start(RanksReq req) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        return harness.rankOps().run("start", () -> {
            harness.requestStart();
            harness.awaitRunning(true, harness.instances(), WAIT_MS);
            RanksResp.Builder out = RanksResp.newBuilder();
            for (IOServerInstance inst : sel) {
                out.addResults(inst.running()
                        ? result(inst, "start", MemberState.STARTED, null)
                        : result(inst, "start", MemberState.STOPPED, "want Started, got Stopped"));
            }
            return out.build();
        });
    }

    private List<IOServerInstance> selected(RanksReq req) throws RanksException {
        if (req == null) {
            throw new RanksException("nil request");
        }
        checkRanks(req.getRanksList());
        List<IOServerInstance> out = new ArrayList<>();
        boolean listed = req.getRanksCount() > 0;
        for (IOServerInstance inst : harness.instances()) {
            Superblock sb = inst.superblock();
            if (listed && (sb == null || sb.rank == null)) {
                // Not joined yet (no rank): it cannot be one of the listed ranks. The reference
                // fails the whole call here, which made a query of a host whose second instance
                // was still joining report the host's joined rank as Errored.
                continue;
            }
            if (sb == null) {
                throw new RanksException("nil superblock");
            }
            if (sb.rank == null) {
                throw new RanksException("nil rank in superblock");
            }
            if (req.getRanksCount() == 0 || req.getRanksList().contains(sb.rank.bits())) {
                out.add(inst);
            }
        }
        return out;
    }

    /** The edge check of {@code ranks}: at most {@link Bounds#LIST} entries, none the nil rank. */
    static void checkRanks(List<Integer> ranks) {
        Bounds.list("ranks", ranks, Bounds.LIST);
        for (int bits : ranks) {
            if (Rank.fromBits(bits).isNil()) {
                throw Bounds.invalid("ranks", Rank.NIL_VALUE + " (NilRank) is not a rank");
            }
        }
    }

    private static RanksResp.RankResult result(IOServerInstance inst, String action, MemberState state, String msg) {
        RanksResp.RankResult.Builder b = RanksResp.RankResult.newBuilder()
                .setRank(inst.superblock().rank.bits())
                .setAction(action)
                .setState(state.code());
        if (msg != null) {
            b.setErrored(true).setMsg(msg);
        }
        return b.build();
    }

    private static RanksResp.RankResult drpcResult(IOServerInstance inst, String action, int method,
            Duration timeout, MemberState target) {
        Rank r = inst.superblock().rank;
        byte[] reply;
        try {
            reply = inst.callDrpc(method, new byte[0], timeout);
        } catch (SocketTimeoutException e) {
            return result(inst, action, MemberState.UNRESPONSIVE, "timeout occurred");
        } catch (DrpcException | IOException e) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC failed: " + e.getMessage());
        }
        DaosResp resp;
        try {
            resp = DaosResp.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC unmarshal failed: " + e.getMessage());
        }
        if (resp.getStatus() != 0) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC returned DER " + resp.getStatus());
        }
        return result(inst, action, target, null);
    }
}
