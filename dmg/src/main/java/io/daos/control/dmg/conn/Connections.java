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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.daos.control.api.net.HostPort;
import io.grpc.Channel;
import io.grpc.Status;

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
 * <p>The transport is {@code dmg}'s own ({@link H2Connection}: HTTP/2 on plain or TLS sockets;
 * issue 15, a command starts and ends within a few tens of milliseconds). The connections own
 * their threads (one reader per connection, call threads, a deadline timer when a call has one,
 * all daemon threads); {@link #close()} closes every connection and waits until the threads are
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
    public static final java.util.Comparator<String> ADDRESS_ORDER = new AddressOrder();

    /** {@link #ADDRESS_ORDER} (a class, not a method reference: no lambda bootstrap at start). */
    private static final class AddressOrder implements java.util.Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return compareAddresses(a, b);
        }
    }

    private static final long CLOSE_WAIT_S = 5;

    private final Daemons callThreads = new Daemons("dmg-call-");
    private final ExecutorService executor;
    private final SortedMap<String, String> states = new TreeMap<>(ADDRESS_ORDER);
    private final SortedMap<String, Channel> active = new TreeMap<>(ADDRESS_ORDER);
    private final java.util.List<H2Connection> all = new java.util.ArrayList<>();
    private final Timers timers = new Timers();

    private Connections() {
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(),
                callThreads);
    }

    /** Names daemon threads {@code <prefix><n>}. */
    private static final class Daemons implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();
        private final java.util.List<Thread> made = new java.util.concurrent.CopyOnWriteArrayList<>();

        Daemons(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            made.add(t);
            return t;
        }

        /**
         * Waits until every thread made has ended, at most until {@code deadline} (nanoTime): a
         * pool counts as terminated once its last worker has left its loop, a moment before that
         * thread is gone.
         */
        void join(long deadline) throws InterruptedException {
            for (Thread t : made) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Connections over given channels, all connected (no dialling): for the class-data archive's
     * training run, which runs commands against channels in this process ({@code Warmup}).
     */
    public static Connections over(Map<String, Channel> channels) {
        Connections c = new Connections();
        for (Map.Entry<String, Channel> e : channels.entrySet()) {
            c.states.put(e.getKey(), CONNECTED);
            c.active.put(e.getKey(), e.getValue());
        }
        return c;
    }

    /** The scheduler of call deadlines, started when a call first has one. */
    private static final class Timers implements Supplier<ScheduledExecutorService> {
        private final Daemons threads = new Daemons("dmg-deadline-");
        private ScheduledThreadPoolExecutor timers;

        @Override
        public synchronized ScheduledExecutorService get() {
            if (timers == null) {
                timers = new ScheduledThreadPoolExecutor(1, threads);
                timers.setRemoveOnCancelPolicy(true);
            }
            return timers;
        }

        synchronized ScheduledThreadPoolExecutor started() {
            return timers;
        }
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
        H2Connection.Tls h2tls = null;
        if (tls != null) {
            SSLContext ssl = tls.sslContext();
            h2tls = new H2Connection.Tls(ssl, tls.serverName());
        }
        Connections c = new Connections();
        Map<String, H2Connection> dialled = new LinkedHashMap<>();
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
            H2Connection conn = new H2Connection(target.host(), target.port(), h2tls, c.executor, c.timers);
            dialled.put(address, conn);
            c.all.add(conn);
            conn.start();
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        for (Map.Entry<String, H2Connection> e : dialled.entrySet()) {
            String state = await(e.getValue().ready(), deadline, connectTimeout);
            c.states.put(e.getKey(), state);
            if (state.equals(CONNECTED)) {
                c.active.put(e.getKey(), e.getValue());
            } else {
                e.getValue().shutdown();
            }
        }
        return c;
    }

    /** The outcome, or {@code timed out after ...} once {@code deadline} has passed. */
    private static String await(CompletableFuture<Void> outcome, long deadline, Duration timeout) {
        try {
            outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return CONNECTED;
        } catch (TimeoutException e) {
            return "timed out after " + duration(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            Throwable why = e.getCause();
            return cause(Status.UNAVAILABLE.withDescription(why.getMessage() != null ? why.getMessage() : why.toString())
                    .withCause(why));
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
    public SortedMap<String, Channel> active() {
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

    /** Closes every connection and waits until their threads and the call threads are gone (at most a few seconds). */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_S);
        for (H2Connection conn : all) {
            conn.shutdown();
        }
        executor.shutdownNow();
        ScheduledThreadPoolExecutor t = timers.started();
        if (t != null) {
            t.shutdownNow();
        }
        try {
            for (H2Connection conn : all) {
                conn.awaitTermination(deadline);
            }
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            callThreads.join(deadline);
            if (t != null) {
                t.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                timers.threads.join(deadline);
            }
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
