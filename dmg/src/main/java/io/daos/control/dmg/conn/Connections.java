package io.daos.control.dmg.conn;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import com.google.protobuf.Empty;

import io.daos.control.api.net.HostPort;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;

/**
 * {@code dmg}'s connections to the control servers of its host list (SPEC-SYSTEM §3.3, with issue
 * 15's improvement): every address is dialled at once, then each is waited for until it is
 * {@code READY} or has definitely failed (refused, TLS handshake, name resolution), or until the
 * connect timeout ends, whichever comes first — a fast server is not waited for and a slow one is
 * not dropped after a fixed sleep.
 *
 * <p>{@link #states()} gives, per address in {@link #ADDRESS_ORDER}, {@value #CONNECTED} or why
 * not ({@code connection refused}, {@code TLS handshake failed: <reason>}, {@code timed out after
 * 5 s}, ...); grouping and printing them is the text package's work. Inactive connections are
 * closed at once; {@link #active()} holds the rest, and {@link #first()} is the single target of
 * the single-target commands: the first active address in {@link #ADDRESS_ORDER} (the reference
 * takes whichever connected first, which is arbitrary).
 *
 * <p>The connections own their threads (a Netty event loop group and a call executor, all daemon
 * threads); {@link #close()} shuts every channel down and waits until they and the threads are
 * gone.
 */
public final class Connections implements AutoCloseable {

    /** The state text of an address whose connection is ready. */
    public static final String CONNECTED = "connected";
    /** How long a connection may take by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The order of addresses: by host, runs of digits compared as numbers ({@code 10.0.0.2} before
     * {@code 10.0.0.10}, {@code node2} before {@code node10}), then by port.
     */
    public static final java.util.Comparator<String> ADDRESS_ORDER = Connections::compareAddresses;

    private static final long CLOSE_WAIT_S = 5;
    /** A method no server has: called only to learn why a failed connection failed. */
    private static final MethodDescriptor<Empty, Empty> PROBE = MethodDescriptor.<Empty, Empty>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("dmg.Connections/Probe")
            .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
            .build();

    /**
     * grpc-java's own logger: its warnings (a name that does not resolve, a failed transport) would
     * reach the user's terminal as multi-line log records; {@link #states()} reports them instead.
     */
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final SortedMap<String, String> states = new TreeMap<>(ADDRESS_ORDER);
    private final SortedMap<String, ManagedChannel> active = new TreeMap<>(ADDRESS_ORDER);
    private final java.util.List<ManagedChannel> all = new java.util.ArrayList<>();

    private Connections(int hosts) {
        int loops = Math.max(1, Math.min(hosts, Runtime.getRuntime().availableProcessors()));
        group = new MultiThreadIoEventLoopGroup(loops, new DefaultThreadFactory("dmg-conn", true),
                NioIoHandler.newFactory());
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dmg-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Dials every address ({@code host:port}; duplicates dialled once) and waits for each.
     *
     * @param addresses      the effective host list
     * @param tls            the client TLS, or null for plaintext
     * @param connectTimeout the longest wait for any connection (all are dialled at once)
     * @throws TlsLoadException the TLS material cannot be loaded (nothing is dialled then)
     */
    public static Connections open(Collection<String> addresses, ClientTls tls, Duration connectTimeout) {
        GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
        SslContext ssl = tls == null ? null : tls.context();
        Connections c = new Connections(addresses.size());
        Map<String, ManagedChannel> dialled = new LinkedHashMap<>();
        Map<String, CompletableFuture<String>> outcomes = new LinkedHashMap<>();
        for (String address : addresses) {
            if (dialled.containsKey(address) || c.states.containsKey(address)) {
                continue;
            }
            HostPort target;
            try {
                target = HostPort.parse(address, HostPort.DEFAULT_PORT);
            } catch (IllegalArgumentException e) {
                c.states.put(address, "invalid address: " + e.getMessage());
                continue;
            }
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), target.port())
                    .eventLoopGroup(c.group)
                    .channelType(NioSocketChannel.class)
                    .executor(c.executor)
                    .offloadExecutor(c.executor);
            if (ssl == null) {
                builder.usePlaintext();
            } else {
                builder.sslContext(ssl).overrideAuthority(tls.serverName());
            }
            ManagedChannel channel = builder.build();
            CompletableFuture<String> outcome = new CompletableFuture<>();
            dialled.put(address, channel);
            c.all.add(channel);
            outcomes.put(address, outcome);
            c.watch(channel, outcome, System.nanoTime() + connectTimeout.toNanos());
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        for (Map.Entry<String, ManagedChannel> e : dialled.entrySet()) {
            String state = await(outcomes.get(e.getKey()), deadline, connectTimeout);
            c.states.put(e.getKey(), state);
            if (state.equals(CONNECTED)) {
                c.active.put(e.getKey(), e.getValue());
            } else {
                e.getValue().shutdownNow();
            }
        }
        return c;
    }

    /** The outcome, or {@code timed out after ...} once {@code deadline} has passed. */
    private static String await(CompletableFuture<String> outcome, long deadline, Duration timeout) {
        try {
            return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            outcome.complete(""); // later notifications find it done
            return "timed out after " + duration(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }

    /** {@code 5 s}, {@code 1.5 s}, {@code 300 ms}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms < 1000 ? ms + " ms" : ms / 1000.0 + " s";
    }

    /** Follows the channel's states until it is ready or has failed; asks it to connect. */
    private void watch(ManagedChannel channel, CompletableFuture<String> outcome, long deadline) {
        if (outcome.isDone()) {
            return;
        }
        ConnectivityState state = channel.getState(true);
        switch (state) {
            case READY -> outcome.complete(CONNECTED);
            case TRANSIENT_FAILURE -> probe(channel, outcome, deadline);
            case SHUTDOWN -> outcome.complete("connection shut down");
            default -> channel.notifyWhenStateChanged(state, () -> watch(channel, outcome, deadline));
        }
    }

    /**
     * The channel failed: a call made now fails at once with the failure's status, which names
     * the cause (a channel's state does not). Should the channel have come up meanwhile, the call
     * reaches the server, is refused as unknown, and the connection counts as ready.
     */
    private void probe(ManagedChannel channel, CompletableFuture<String> outcome, long deadline) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(
                Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        executor.execute(() -> {
            try {
                ClientCalls.blockingUnaryCall(channel, PROBE, options, Empty.getDefaultInstance());
                outcome.complete(CONNECTED);
            } catch (StatusRuntimeException e) {
                boolean reached = e.getStatus().getCode() == Status.Code.UNIMPLEMENTED
                        || channel.getState(false) == ConnectivityState.READY;
                outcome.complete(reached ? CONNECTED : cause(e.getStatus()));
            } catch (RuntimeException e) {
                outcome.complete(String.valueOf(e));
            }
        });
    }

    /**
     * Why a connection failed, in a few words: {@code connection refused}, {@code TLS handshake
     * failed: <reason>}, {@code name resolution failed: <reason>}, or the status otherwise.
     */
    static String cause(Status status) {
        Throwable innermost = null;
        boolean tls = false;
        boolean refused = false;
        boolean unresolved = false;
        for (Throwable t = status.getCause(); t != null && t != innermost; t = t.getCause()) {
            tls |= t instanceof SSLException;
            refused |= t instanceof ConnectException && String.valueOf(t.getMessage()).contains("Connection refused");
            unresolved |= t instanceof UnknownHostException;
            innermost = t;
        }
        String reason = innermost == null || innermost.getMessage() == null ? null
                : innermost.getMessage().replaceAll("(\\w+\\.)+\\w+(Exception|Error): ", "").lines().findFirst()
                        .orElse("");
        if (tls) {
            return "TLS handshake failed: " + (reason == null ? status.getDescription() : reason);
        }
        if (refused) {
            return "connection refused";
        }
        if (unresolved) {
            return "name resolution failed: " + (reason == null ? status.getDescription() : reason);
        }
        String description = status.getDescription() == null ? "" : status.getDescription().lines().findFirst()
                .orElse("");
        return RpcError.goName(status.getCode()) + ": " + description
                + (reason == null || description.contains(reason) ? "" : " (" + reason + ")");
    }

    /** Every address dialled or refused, in {@link #ADDRESS_ORDER}: {@value #CONNECTED} or the failure. */
    public SortedMap<String, String> states() {
        return Collections.unmodifiableSortedMap(states);
    }

    /** The ready connections by address, in {@link #ADDRESS_ORDER}. */
    public SortedMap<String, ManagedChannel> active() {
        return Collections.unmodifiableSortedMap(active);
    }

    /**
     * The single target: the first active address in {@link #ADDRESS_ORDER}.
     *
     * @throws RpcError {@code no active connections}
     */
    public String first() throws RpcError {
        if (active.isEmpty()) {
            throw new RpcError("no active connections");
        }
        return active.firstKey();
    }

    /** The threads that run calls made through {@link Invoker}. */
    ExecutorService executor() {
        return executor;
    }

    /** Shuts every channel down and waits until they and the threads are gone (at most a few seconds). */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_S);
        all.forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : all) {
                channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            executor.shutdownNow();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            group.terminationFuture().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int compareAddresses(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
