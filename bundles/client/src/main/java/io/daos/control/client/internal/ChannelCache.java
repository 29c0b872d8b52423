package io.daos.control.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.api.net.HostPort;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * One gRPC channel per {@link HostPort}, made by the {@link Transport} at the first call to that
 * address and reused by every later one (one TCP connection per peer). A channel is closed when
 * its host is {@linkplain #forget(HostPort) forgotten}, when it has carried no call for the idle
 * time, and when the cache is {@linkplain #close() closed}; calls still in flight on a closed
 * channel fail with {@code CANCELLED}. A channel on which a call failed with {@code UNAVAILABLE}
 * (refused, unresolvable, connection lost) is dropped at once and shut down gently, its other
 * calls running to their end, so that the next call dials afresh instead of inheriting the
 * channel's reconnect back-off.
 *
 * <p>The cache owns every thread its channels use (a Netty event loop, an executor for gRPC
 * callbacks and name resolution, the idle sweeper; all named {@code <prefix>-<n>}), and
 * {@link #close()} returns only once the channels have terminated and those threads have ended.
 * Thread-safe.
 */
final class ChannelCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelCache.class.getName());

    static final int EVENT_LOOP_THREADS = 2;
    /**
     * Threads running gRPC callbacks (they only complete futures) and name resolution; a fixed few,
     * queued beyond, and none while idle. Unbounded, as gRPC's default, a 1,024-host fanout with
     * 256 calls in flight left some 250 threads on the access point.
     */
    static final int CALLBACK_THREADS = 4;
    /** Longest wait for channels, executors and threads in {@link #close()}, each. */
    static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final long MAX_SWEEP_PERIOD_MILLIS = 60_000;
    private static final long MIN_SWEEP_PERIOD_MILLIS = 5;

    /** One cached channel and the calls started on it that have not ended yet. */
    private static final class Entry {
        final HostPort host;
        final ManagedChannel channel;
        final Set<ClientCall<?, ?>> calls = new HashSet<>();
        long lastUsed;

        Entry(HostPort host, ManagedChannel channel, long now) {
            this.host = host;
            this.channel = channel;
            this.lastUsed = now;
        }
    }

    private final Transport transport;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    private final ClientThreads threads;
    private final ExecutorService executor;
    private final EventLoopGroup eventLoop;
    private final ScheduledExecutorService sweeper;

    private final Object lock = new Object();
    private final Map<HostPort, Entry> entries = new HashMap<>();
    /** Entries no longer cached whose channels may not have terminated yet (calls may still run on them). */
    private final List<Entry> retired = new ArrayList<>();
    private boolean closed;

    /**
     * @param transport   makes the channel builders
     * @param idle        a channel without calls for this long is closed (positive)
     * @param nanoClock   the time source of idleness ({@code System::nanoTime} in production)
     * @param threadName  prefix of the cache's thread names
     */
    ChannelCache(Transport transport, Duration idle, LongSupplier nanoClock, String threadName) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle time must be positive: " + idle);
        }
        this.transport = transport;
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
        this.threads = new ClientThreads(threadName);
        ThreadPoolExecutor callbacks = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS, 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        callbacks.allowCoreThreadTimeOut(true);
        this.executor = callbacks;
        this.eventLoop = new MultiThreadIoEventLoopGroup(EVENT_LOOP_THREADS, threads, NioIoHandler.newFactory());
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threads);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.sweeper = s;
        long period = sweepPeriodMillis(idle);
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    /** Half the idle time, within 5 ms .. 60 s: a channel is closed at most 1.5 idle times after its last call. */
    static long sweepPeriodMillis(Duration idle) {
        return Math.max(MIN_SWEEP_PERIOD_MILLIS, Math.min(MAX_SWEEP_PERIOD_MILLIS, idle.toMillis() / 2));
    }

    /**
     * Starts a unary call on the channel to {@code host} (made now if there is none). The observer
     * hears the outcome on a thread of the cache, never on the caller's.
     *
     * @return the started call, for cancelling it
     * @throws StatusRuntimeException {@code CANCELLED} when the cache is closed, {@code UNAVAILABLE}
     *                                when no channel can be made for the address
     */
    <Q, R> ClientCall<Q, R> start(HostPort host, MethodDescriptor<Q, R> method, CallOptions options, Q request,
            StreamObserver<R> observer) {
        synchronized (lock) {
            if (closed) {
                throw Status.CANCELLED.withDescription("client closed").asRuntimeException();
            }
            Entry e = entries.get(host);
            if (e == null) {
                e = new Entry(host, open(host), nanoClock.getAsLong());
                entries.put(host, e);
            }
            ClientCall<Q, R> call = e.channel.newCall(method, options);
            e.calls.add(call);
            try {
                // starting never calls back on this thread: callbacks go through the executor
                ClientCalls.asyncUnaryCall(call, request, new Ending<>(e, call, observer));
            } catch (RuntimeException ex) {
                e.calls.remove(call);
                throw ex;
            }
            return call;
        }
    }

    private ManagedChannel open(HostPort host) {
        try {
            return transport.builder(host)
                    .eventLoopGroup(eventLoop)
                    .channelType(NioSocketChannel.class)
                    .executor(executor)
                    .offloadExecutor(executor)
                    .build();
        } catch (IllegalArgumentException e) {
            throw Status.UNAVAILABLE.withDescription("cannot connect to " + host + ": " + e.getMessage())
                    .withCause(e).asRuntimeException();
        }
    }

    /** Passes the outcome on once the call has left its entry, after dropping the channel on {@code UNAVAILABLE}. */
    private final class Ending<R> implements StreamObserver<R> {
        private final Entry entry;
        private final ClientCall<?, ?> call;
        private final StreamObserver<R> next;

        Ending(Entry entry, ClientCall<?, ?> call, StreamObserver<R> next) {
            this.entry = entry;
            this.call = call;
            this.next = next;
        }

        @Override
        public void onNext(R value) {
            next.onNext(value);
        }

        @Override
        public void onError(Throwable t) {
            ended();
            if (Status.fromThrowable(t).getCode() == Status.Code.UNAVAILABLE) {
                drop(entry);
            }
            next.onError(t);
        }

        @Override
        public void onCompleted() {
            ended();
            next.onCompleted();
        }

        private void ended() {
            synchronized (lock) {
                entry.calls.remove(call);
                entry.lastUsed = nanoClock.getAsLong();
            }
        }
    }

    /**
     * Closes the channel to {@code host}, if there is one: its calls in flight (and those still
     * running on a channel to the host dropped after a failure) fail with {@code CANCELLED}; the
     * next call to the host makes a new channel.
     */
    void forget(HostPort host) {
        List<Entry> gone = new ArrayList<>();
        synchronized (lock) {
            Entry e = entries.remove(host);
            if (e != null) {
                gone.add(e);
            }
            for (Entry r : retired) {
                if (r.host.equals(host) && !r.calls.isEmpty()) {
                    gone.add(r);
                }
            }
        }
        for (Entry e : gone) {
            close(e, "connection to " + host + " closed");
        }
    }

    /** Uncaches {@code e} (if still cached) and shuts its channel down, letting its calls end. */
    private void drop(Entry e) {
        synchronized (lock) {
            if (entries.get(e.host) != e) {
                return;
            }
            entries.remove(e.host);
            retire(e);
        }
        LOG.fine(() -> "dropping the channel to " + e.host + " after a connection failure");
        e.channel.shutdown();
    }

    /** Closes the channels that have had no call for the idle time. */
    void sweep() {
        List<Entry> idle = new ArrayList<>();
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.calls.isEmpty() && now - e.lastUsed >= idleNanos) {
                    it.remove();
                    idle.add(e);
                }
            }
        }
        for (Entry e : idle) {
            LOG.fine(() -> "closing the idle connection to " + e.host);
            close(e, "connection to " + e.host + " closed");
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing idle connections failed", e);
        }
    }

    /** Remembers an uncached entry until its channel has terminated. Holds the lock. */
    private void retire(Entry e) {
        retired.removeIf(r -> r.channel.isTerminated());
        if (!retired.contains(e)) {
            retired.add(e);
        }
    }

    /** Cancels the calls of an uncached entry with {@code reason} and shuts its channel down now. */
    private void close(Entry e, String reason) {
        List<ClientCall<?, ?>> calls;
        synchronized (lock) {
            retire(e);
            calls = new ArrayList<>(e.calls);
        }
        for (ClientCall<?, ?> c : calls) {
            c.cancel(reason, null);
        }
        e.channel.shutdownNow();
    }

    /**
     * Closes every channel (calls in flight fail with {@code CANCELLED}; later calls too) and
     * waits, up to {@value #CLOSE_WAIT_MILLIS} ms per step, until the channels have terminated and
     * the cache's threads have ended. Idempotent.
     */
    @Override
    public void close() {
        List<Entry> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        sweeper.shutdownNow();
        await(sweeper);
        synchronized (lock) {
            all.addAll(retired);
        }
        for (Entry e : all) {
            close(e, "client closed");
        }
        synchronized (lock) {
            retired.clear();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (Entry e : all) {
            try {
                if (!e.channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warning("a client channel did not terminate within " + CLOSE_WAIT_MILLIS + " ms");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // callbacks already queued (the CANCELLED outcomes) still run: shutdown, not shutdownNow
        executor.shutdown();
        await(executor);
        eventLoop.shutdownGracefully(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_WAIT_MILLIS + 1_000);
        if (!threads.join(CLOSE_WAIT_MILLIS)) {
            LOG.warning("client threads still running after " + CLOSE_WAIT_MILLIS + " ms");
        }
    }

    private static void await(ExecutorService e) {
        try {
            if (!e.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ie) {
            e.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Number of cached channels. */
    int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    /** The cached channel to {@code host}, if any (for tests). */
    Optional<ManagedChannel> channel(HostPort host) {
        synchronized (lock) {
            Entry e = entries.get(host);
            return e == null ? Optional.empty() : Optional.of(e.channel);
        }
    }
}
