package io.daos.control.itest.scale;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Many {@link SimHost}s in this JVM that join a real access point as storage hosts do: every
 * rank sends {@code mgmt.MgmtSvc/Join} (fresh UUID, nil rank, {@code addr} {@code
 * 0.0.0.0:<its port>}) over the loopback, so that the access point records {@code
 * 127.0.0.1:<its port>} as the member's address and its fanout reaches the host there. All
 * servers and the one channel to the access point share one NIO event loop group and one small
 * executor ({@link #LOOP_THREADS} + {@link #EXEC_THREADS} threads for any number of hosts);
 * Joins run {@link #JOIN_PARALLEL} at once. A host that is started again by StartRanks re-Joins
 * with its ranks and UUIDs, as a real harness does. {@link #close} stops every server and the
 * shared threads.
 */
public final class SimFleet implements AutoCloseable {

    /** Threads of the shared event loop group. */
    public static final int LOOP_THREADS = 2;
    /** Threads of the shared executor (call handlers, Join replies). */
    public static final int EXEC_THREADS = 2;
    /** Joins in flight at once. */
    public static final int JOIN_PARALLEL = 32;
    /** How often a Join refused while the system bootstraps is tried. */
    public static final int JOIN_ATTEMPTS = 50;
    /** Pause before a refused Join is tried again. */
    public static final long JOIN_RETRY_MS = 200;

    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final ManagedChannel ap;
    private final SimJoiner joiner;
    private final List<SimHost> hosts = new ArrayList<>();
    private final List<CompletableFuture<JoinResp>> rejoins = Collections.synchronizedList(new ArrayList<>());

    private SimFleet(int apPort, int joinAttempts) {
        group = new NioEventLoopGroup(LOOP_THREADS, daemon("sim-loop"));
        executor = Executors.newFixedThreadPool(EXEC_THREADS, daemon("sim-exec"));
        ap = NettyChannelBuilder.forAddress("127.0.0.1", apPort).usePlaintext()
                .eventLoopGroup(group).channelType(NioSocketChannel.class).executor(executor).build();
        joiner = new SimJoiner(ap, executor, group, JOIN_PARALLEL, joinAttempts, JOIN_RETRY_MS);
    }

    /**
     * Starts {@code hostCount} hosts of {@code ranksPerHost} ranks and joins every rank through the
     * access point on loopback port {@code apPort}; returns when all joined, or fails (closing
     * what it started) when one could not join within {@code timeoutMs}.
     */
    public static SimFleet start(int hostCount, int ranksPerHost, int apPort, long timeoutMs) throws Exception {
        return start(hostCount, ranksPerHost, apPort, timeoutMs, JOIN_ATTEMPTS);
    }

    /** {@link #start(int, int, int, long)} with another bound on the tries of one Join. */
    static SimFleet start(int hostCount, int ranksPerHost, int apPort, long timeoutMs, int joinAttempts)
            throws Exception {
        SimFleet f = new SimFleet(apPort, joinAttempts);
        try {
            f.grow(hostCount, ranksPerHost, timeoutMs);
            return f;
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
    }

    /**
     * Adds {@code hostCount} more hosts of {@code ranksPerHost} ranks to the fleet and joins every
     * new rank; returns when all joined, or fails when one could not join within
     * {@code timeoutMs} (the hosts started stay in the fleet, closed with it). A scale test grows
     * one fleet step by step so that each size costs only the Joins of the hosts it adds.
     */
    public List<SimHost> grow(int hostCount, int ranksPerHost, long timeoutMs) throws Exception {
        List<SimHost> added = new ArrayList<>();
        for (int i = 0; i < hostCount; i++) {
            SimHost h = SimHost.start(ranksPerHost, group, executor, this::rejoin);
            hosts.add(h);
            added.add(h);
        }
        List<CompletableFuture<JoinResp>> joins = new ArrayList<>();
        for (SimHost h : added) {
            joins.addAll(joinAll(h, false));
        }
        await(joins, timeoutMs);
        return added;
    }

    /** Joins every rank of {@code h}: new (nil rank) or again with the rank it has. */
    private List<CompletableFuture<JoinResp>> joinAll(SimHost h, boolean again) {
        List<CompletableFuture<JoinResp>> out = new ArrayList<>();
        for (int i = 0; i < h.rankCount(); i++) {
            int slot = i;
            JoinReq req = JoinReq.newBuilder()
                    .setUuid(h.uuid(i))
                    .setRank(again ? h.rank(i).bits() : Rank.NIL.bits())
                    .setUri("ofi+sockets://127.0.0.1:" + h.port())
                    .setNctxs(1)
                    .setAddr("0.0.0.0:" + h.port())
                    .build();
            out.add(joiner.join(req).thenApply(resp -> {
                h.joined(slot, resp.getRank());
                return resp;
            }));
        }
        return out;
    }

    private void rejoin(SimHost h) {
        rejoins.addAll(joinAll(h, true));
    }

    /**
     * Waits until every re-Join that StartRanks started so far is accepted (or fails with the
     * first that was not).
     */
    public void awaitRejoins(long timeoutMs) throws Exception {
        List<CompletableFuture<JoinResp>> now;
        synchronized (rejoins) {
            now = new ArrayList<>(rejoins);
        }
        await(now, timeoutMs);
    }

    private static void await(List<CompletableFuture<JoinResp>> joins, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])).get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The hosts, in start order. */
    public List<SimHost> hosts() {
        return Collections.unmodifiableList(hosts);
    }

    /** How many ranks the fleet emulates. */
    public int rankCount() {
        return hosts.stream().mapToInt(SimHost::rankCount).sum();
    }

    /**
     * Puts {@code percent}% of the hosts (rounded up; spread evenly over the fleet) into
     * {@code mode} and returns them.
     */
    public List<SimHost> setMode(SimHost.Mode mode, int percent) throws Exception {
        int n = (hosts.size() * percent + 99) / 100;
        List<SimHost> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            SimHost h = hosts.get((int) ((long) k * hosts.size() / n));
            h.mode(mode);
            out.add(h);
        }
        return out;
    }

    /** The number of live threads in this JVM. */
    public static int jvmThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() throws InterruptedException {
        for (SimHost h : hosts) {
            h.close();
        }
        ap.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        executor.shutdownNow();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
