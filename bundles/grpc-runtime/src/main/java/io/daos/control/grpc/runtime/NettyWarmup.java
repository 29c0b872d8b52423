package io.daos.control.grpc.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time: the one-off initialisation of the shaded Netty (its native epoll transport,
 * extracted and loaded; the platform probes; the pooled buffer allocator; the loopback and
 * machine-id look-ups) runs on a thread of its own as soon as this bundle starts, on the other
 * core, while the framework goes on starting the bundles below the first Netty user (the client
 * layer, then the gRPC server).
 *
 * <p>Netty's classes are initialised by that thread alone: every user calls {@link #await} before
 * it touches Netty, so no two threads ever initialise those classes at once (class
 * initialisation cycles between threads would deadlock). Outside OSGi (unit tests) nothing was
 * started and {@link #await} returns at once.
 */
public final class NettyWarmup {

    /** The transport property of the gRPC server ({@code nio}: epoll is not wanted). */
    static final String TRANSPORT_PROPERTY = "daos.grpc.transport";

    private static volatile CountDownLatch running;

    private NettyWarmup() {
    }

    /**
     * Netty's own Java Flight Recorder events (buffer chunk allocations), as the shaded Netty
     * names the property. Unless it is set, this bundle sets it to {@code false}: with JFR
     * available (it is in every JDK 17), Netty's pooled allocator initialises its event class on
     * the first chunk it allocates, which loads and instruments JFR's event machinery on the
     * first connection's event loop: ~40 ms of CPU before the first answer, for events that are
     * recorded only when a flight recording is running. Set it to {@code true} to have them.
     */
    static final String JFR_PROPERTY = "io.grpc.netty.shaded.io.netty.jfr.enabled";

    /**
     * Starts the warm-up thread (the bundle activator); a second call does nothing. Sets
     * {@value #JFR_PROPERTY} to {@code false} unless it is set.
     */
    public static synchronized void start() {
        if (running != null) {
            return;
        }
        System.getProperties().putIfAbsent(JFR_PROPERTY, "false");
        CountDownLatch done = new CountDownLatch(1);
        running = done;
        Thread t = new Thread(() -> {
            try {
                warm();
            } finally {
                done.countDown();
            }
        }, "daos-netty-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** The longest {@link #await} waits (the warm-up takes tens of milliseconds). */
    static final long MAX_WAIT_MILLIS = 30_000;

    /**
     * Waits, at most {@value #MAX_WAIT_MILLIS} ms, for a started warm-up to end; returns at once
     * when none was started or it has ended.
     */
    public static void await() {
        CountDownLatch done = running;
        if (done == null) {
            return;
        }
        try {
            done.await(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void warm() {
        try {
            io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent.hasUnsafe();
            io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator.DEFAULT.getClass(); // no buffer: no chunk
            io.grpc.netty.shaded.io.netty.util.NetUtil.LOCALHOST.getClass();
            io.grpc.netty.shaded.io.netty.channel.DefaultChannelId.newInstance();
            if (!"nio".equalsIgnoreCase(System.getProperty(TRANSPORT_PROPERTY))) {
                io.grpc.netty.shaded.io.netty.channel.epoll.Epoll.isAvailable();
                io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler.newFactory();
            }
            io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler.newFactory();
        } catch (RuntimeException | LinkageError e) {
            // a warm-up only: whatever failed here fails again where it is used, and is reported there
        }
    }
}
