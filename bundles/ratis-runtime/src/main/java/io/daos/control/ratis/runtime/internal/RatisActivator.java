package io.daos.control.ratis.runtime.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Makes the embedded Ratis usable from any bundle without a class-loader workaround.
 *
 * <p>Ratis finds its implementation classes by name ({@code RaftServer.Builder} loads
 * {@code ServerImplUtils}, {@code RaftStorage.Builder} loads {@code StorageImplUtils}, the RPC
 * type loads the Netty factory) through a class loader that {@code ReflectionUtils} takes once,
 * from the thread context class loader of the first thread to touch it. Inside Felix that would
 * be whichever thread came first, typically one whose context loader cannot see this bundle's
 * embedded jars. So on start this activator sets the context loader to the bundle's own loader
 * and initialises those classes, so that the first touch is ours.
 *
 * <p>Ratis is chatty at INFO (over a hundred lines per server start); unless the logging
 * configuration already names a level for {@code org.apache.ratis}, it is set to WARNING while
 * the bundle is active.
 */
public final class RatisActivator implements BundleActivator {

    /** Classes whose static initialisation captures the class loader or looks up implementations. */
    static final List<String> EAGER = List.of(
            "org.apache.ratis.util.ReflectionUtils$Classes",
            "org.apache.ratis.server.RaftServer$Builder",
            "org.apache.ratis.server.storage.RaftStorage$Builder",
            "org.apache.ratis.server.impl.ServerImplUtils",
            "org.apache.ratis.server.storage.StorageImplUtils",
            "org.apache.ratis.metrics.MetricRegistries",
            "org.apache.ratis.netty.NettyFactory");

    static final String RATIS_LOGGER = "org.apache.ratis";

    /** Held while active: java.util.logging keeps loggers weakly, and would drop the level. */
    private Logger ratisLogger;
    private boolean levelSet;

    @Override
    public void start(BundleContext context) throws ClassNotFoundException {
        ratisLogger = Logger.getLogger(RATIS_LOGGER);
        if (ratisLogger.getLevel() == null) {
            ratisLogger.setLevel(Level.WARNING);
            levelSet = true;
        }
        initialise(RatisActivator.class.getClassLoader());
    }

    /** Initialises {@link #EAGER} with {@code loader} as the context class loader, then restores it. */
    static void initialise(ClassLoader loader) throws ClassNotFoundException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            for (String name : EAGER) {
                Class.forName(name, true, loader);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (levelSet) {
            ratisLogger.setLevel(null);
            levelSet = false;
        }
        ratisLogger = null;
    }
}
