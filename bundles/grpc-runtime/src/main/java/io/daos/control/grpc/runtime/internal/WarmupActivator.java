package io.daos.control.grpc.runtime.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import io.daos.control.grpc.runtime.NettyWarmup;

/** Starts the {@link NettyWarmup} as soon as the gRPC runtime bundle starts. */
public final class WarmupActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        NettyWarmup.start();
    }

    @Override
    public void stop(BundleContext context) {
        // the warm-up thread ends by itself, within milliseconds
    }
}
