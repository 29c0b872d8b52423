package io.daos.control.grpc.runtime;

/**
 * This JVM's direct memory limit as the shaded Netty has worked it out in its platform probes
 * ({@code -XX:MaxDirectMemorySize} when given, else the maximum heap), for the users of this
 * bundle that size budgets by it: the value is read once, where Netty already reads it (the
 * {@link NettyWarmup}), not again through the management API, and without exporting Netty's
 * internal package.
 */
public final class DirectMemory {

    private DirectMemory() {
    }

    /** The limit, in bytes. */
    public static long limit() {
        return io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent.maxDirectMemory();
    }
}
