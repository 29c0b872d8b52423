package io.daos.control.rpc.server.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.daos.control.grpc.runtime.DirectMemory;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.Future;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * One long-lived Netty gRPC server on {@code host:port}: health and reflection as ordinary
 * services, every other method looked up in the {@link MethodRegistry} (the fallback registry),
 * and the {@link InterceptorChain} as the single server-level interceptor. It owns its event
 * loops and call executor, so {@link #stop(long)} leaves no threads behind. What a remote peer can
 * make it log (malformed bodies: {@link ParseGuard}; transport errors: {@link PeerLogFilter}, on
 * from start to stop) is one line per cause per window, never a stack trace. Large requests
 * arriving together are refused beyond a memory budget ({@link InboundBudget}). Every call gets
 * one DEBUG line ({@link CallLog}, the outermost interceptor). Plain Java, no OSGi.
 */
public final class GrpcHost {

    private static final Logger LOG = Logger.getLogger(GrpcHost.class.getName());

    /** Framework/system property: {@code nio} forces the NIO transport instead of epoll. */
    public static final String TRANSPORT_PROPERTY = "daos.grpc.transport";

    private static final Pattern NATIVE_ERROR =
            Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: (.+)$", Pattern.DOTALL);

    /** Where what a remote peer causes is logged (one line per cause per window). */
    static final String PEER_LOGGER = GrpcHost.class.getPackageName() + ".peer";

    static final String HEALTH_SERVICE = "grpc.health.v1.Health";
    static final String REFLECTION_SERVICE = "grpc.reflection.v1.ServerReflection";

    /** Start-up failure: the message is one line, ready for the operator. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String host;
    private final int port;
    private final MethodRegistry registry;
    private final InterceptorChain interceptors;
    private final HealthStatusManager health;
    private final ParseGuard parseGuard = new ParseGuard();
    private final PeerLogFilter peerLog = new PeerLogFilter(Logger.getLogger(PEER_LOGGER));

    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ExecutorService executor;
    private Server server;
    /** The server's TLS, or null for plaintext. */
    private io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls;
    /** Every thread this host started (event loops and call executor), joined on stop. */
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    public GrpcHost(String host, int port, MethodRegistry registry, InterceptorChain interceptors,
            HealthStatusManager health) {
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.interceptors = interceptors;
        this.health = health;
    }

    /** Serves mutual TLS with {@code context} (before {@link #start()}); without it, plaintext. */
    public synchronized GrpcHost tls(io.grpc.netty.shaded.io.netty.handler.ssl.SslContext context) {
        this.tls = context;
        return this;
    }

    /** Health statuses for the services present now, plus health and reflection themselves. */
    public static void initialHealth(HealthStatusManager health, Set<String> present) {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(HEALTH_SERVICE, ServingStatus.SERVING);
        health.setStatus(REFLECTION_SERVICE, ServingStatus.SERVING);
        for (String name : present) {
            health.setStatus(name, ServingStatus.SERVING);
        }
    }

    /** Binds and starts; on failure nothing is left running. */
    public synchronized void start() throws StartException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        boolean epoll = !"nio".equalsIgnoreCase(System.getProperty(TRANSPORT_PROPERTY))
                && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, tracked(new DefaultThreadFactory("daos-grpc-boss", true)), io);
        workers = new MultiThreadIoEventLoopGroup(0, tracked(new DefaultThreadFactory("daos-grpc-worker", true)), io);
        executor = newExecutor(tracked(callThreads()));
        Server s = null;
        try {
            // inside the try: an address out of range (port 70000) fails here, not at bind
            NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
            if (tls != null) {
                b.sslContext(tls);
            }
            s = b.channelType(channelType)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .executor(executor)
                    .flowControlWindow(InboundBudget.FLOW_CONTROL_WINDOW)
                    .addStreamTracerFactory(InboundBudget.forMemory(
                            ((io.grpc.netty.shaded.io.netty.util.concurrent.MultithreadEventExecutorGroup) workers)
                                    .executorCount(), DirectMemory.limit()))
                    .addService(parseGuard.guard(health.getHealthService().bindService()))
                    .addService(parseGuard.guard(ProtoReflectionServiceV1.newInstance().bindService()))
                    .fallbackHandlerRegistry(parseGuard.guard(registry))
                    .intercept(interceptors)
                    .intercept(StatusCap.INSTANCE) // outside the modules' interceptors: sees their status
                    .intercept(CallLog.INSTANCE) // added last: outermost, logs the status sent (FINE)
                    .build();
            peerLog.install();
            s.start();
        } catch (IOException | RuntimeException e) {
            String message = bindFailureMessage(address(), e);
            if (s != null) {
                s.shutdownNow();
            }
            releaseThreads(2_000);
            peerLog.uninstall();
            throw new StartException(message, e);
        }
        server = s;
        LOG.info("gRPC server listening on " + host + ":" + s.getPort() + " ("
                + (epoll ? "epoll" : "nio") + ")");
    }

    /** The bound port, or -1 when not running. */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    /** The filter of the transport's loggers (for tests). */
    PeerLogFilter peerLog() {
        return peerLog;
    }

    /** {@code host:port} as configured. */
    public String address() {
        return host + ":" + port;
    }

    /**
     * Graceful shutdown bounded by {@code graceMillis}, then forced; event loops and executor
     * are released with bounded waits. Never blocks for long, safe to call twice.
     */
    public synchronized void stop(long graceMillis) {
        Server s = server;
        server = null;
        if (s != null) {
            try {
                s.shutdown();
                if (!s.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                    LOG.info("gRPC calls still running after " + graceMillis + " ms; cancelling them");
                    s.shutdownNow();
                    s.awaitTermination(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        releaseThreads(3_000);
        peerLog.uninstall();
        if (s != null) {
            LOG.info("gRPC server on " + address() + " stopped");
        }
    }

    private void releaseThreads(long waitMillis) {
        Future<?> b = boss == null ? null : boss.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
        Future<?> w = workers == null ? null : workers.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
        ExecutorService ex = executor;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            if (b != null && !b.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                LOG.warning("gRPC boss event loop did not terminate in time");
            }
            if (w != null && !w.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                LOG.warning("gRPC worker event loops did not terminate in time");
            }
            // only now: a connection the event loops closed on their way out (a call still open
            // when the grace ran out) hands its stream's close to this executor
            if (ex != null) {
                ex.shutdown();
            }
            if (ex != null && !ex.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                ex.shutdownNow();
            }
        } catch (InterruptedException e) {
            if (ex != null) {
                ex.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
        // a terminated event loop's thread may still be finishing its run(); wait for it too,
        // so that a stop really leaves no thread of ours behind
        for (Thread t : started) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warning("gRPC thread " + t.getName() + " is still running after the stop");
            }
        }
        started.removeIf(t -> !t.isAlive());
        boss = null;
        workers = null;
        executor = null;
    }

    private ThreadFactory tracked(ThreadFactory factory) {
        return r -> {
            Thread t = factory.newThread(r);
            started.removeIf(old -> !old.isAlive() && old.getState() == Thread.State.TERMINATED);
            started.add(t);
            return t;
        };
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Like the default gRPC executor: cached, unbounded, on the given threads. */
    private static ExecutorService newExecutor(ThreadFactory threads) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads);
    }

    /** Daemon call threads named for us. */
    private static ThreadFactory callThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "daos-grpc-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** "failed to listen on 0.0.0.0:10001: address already in use". */
    static String bindFailureMessage(String address, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root.getMessage();
        if (cause == null || cause.isBlank()) {
            cause = root.getClass().getSimpleName();
        }
        // epoll's native errors read "bind(..) failed with error(-98): Address already in use"
        Matcher nativeError = NATIVE_ERROR.matcher(cause);
        if (nativeError.matches()) {
            cause = nativeError.group(1);
        }
        cause = cause.replace('\n', ' ').strip();
        if (cause.length() > 1 && Character.isUpperCase(cause.charAt(0))
                && !Character.isUpperCase(cause.charAt(1))) {
            cause = cause.substring(0, 1).toLowerCase(Locale.ROOT) + cause.substring(1);
        }
        LOG.log(Level.FINE, "bind failure", failure);
        return "failed to listen on " + address + ": " + cause;
    }
}
