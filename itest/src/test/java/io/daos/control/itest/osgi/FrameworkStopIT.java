package io.daos.control.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * The rpc-server in an embedded Felix, driven from outside the framework the way the launcher
 * does it (string-keyed marker services, no shared classes): a framework stop with an open
 * connection and an open Watch stream completes within a bound and leaves no gRPC threads and
 * a free port; start-up failures are reported as StartupFailure markers. The StartupChecksPassed
 * marker the rpc-server waits for is published from outside too (no control bundle here).
 */
public class FrameworkStopIT {

    /** Same names as io.daos.control.api.GrpcReady / StartupFailure: the string contract. */
    private static final String READY_FILTER = "(daos.grpc.port=*)";
    private static final String FAILURE_FILTER = "(daos.startup.failure=*)";
    private static final String FAILURE_MESSAGE = "daos.startup.failure";

    private Framework framework;

    @After
    public void stopFramework() throws Exception {
        if (framework != null && (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    /** Felix with SCR, libraries, grpc-runtime, proto, api, rpc-server and the echo module. */
    private BundleContext startFramework(String name) throws Exception {
        Map<String, String> props = new HashMap<>();
        File storage = new File("target/felix/" + name + "/" + UUID.randomUUID());
        props.put(Constants.FRAMEWORK_STORAGE, storage.getAbsolutePath());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        framework = factory.newFramework(props);
        framework.start();
        BundleContext ctx = framework.getBundleContext();
        List<File> files = new ArrayList<>();
        files.addAll(Provisioning.scr());
        files.addAll(Provisioning.libraries());
        files.addAll(Provisioning.core());
        files.add(Provisioning.echoBundle());
        List<Bundle> bundles = new ArrayList<>();
        for (File f : files) {
            bundles.add(ctx.installBundle(f.toURI().toString()));
        }
        for (Bundle b : bundles) {
            b.start();
        }
        return ctx;
    }

    private static Bundle api(BundleContext ctx) {
        for (Bundle b : ctx.getBundles()) {
            if ("io.daos.control.api".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no api bundle");
    }

    /**
     * Publishes the StartupChecksPassed marker (as the control bundle does once its checks
     * passed), built with the api bundle's class: without it the rpc-server does not listen.
     */
    private static void startupChecksPassed(BundleContext ctx) throws Exception {
        Class<?> type = api(ctx).loadClass("io.daos.control.api.StartupChecksPassed");
        Object marker = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FrameworkStopIT marker";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ctx.registerService(type.getName(), marker, new Hashtable<String, Object>());
    }

    /** Publishes a ServerConfig built with the api bundle's class (as a config bundle would). */
    private static void publishConfig(BundleContext ctx, int port, boolean insecure) throws Exception {
        Class<?> type = api(ctx).loadClass("io.daos.control.api.config.ServerConfig");
        Object config = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "port":
                            return port;
                        case "allowInsecure":
                            return insecure;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "FrameworkStopIT config";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        ctx.registerService(type.getName(), config, new Hashtable<String, Object>());
    }

    private static List<String> grpcThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("daos-grpc-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    public void frameworkStopWithOpenStreamsCompletesAndLeavesNothingBehind() throws Exception {
        int port = TestFiles.freePort();
        BundleContext ctx = startFramework("stop");
        publishConfig(ctx, port, true);
        startupChecksPassed(ctx);
        ServiceReference<?> ready = Provisioning.awaitService(ctx, READY_FILTER);
        assertEquals(Integer.toString(port), ready.getProperty("daos.grpc.port"));
        assertEquals("0.0.0.0:" + port, ready.getProperty("daos.grpc.address"));

        try (GrpcTestClient client = new GrpcTestClient(port)) {
            assertEquals(Provisioning.ECHO_BSN, client.echo("hi").getServedBy());
            GrpcTestClient.Watch watch = client.watch(GrpcTestClient.ECHO);
            assertEquals(ServingStatus.SERVING, watch.next());

            long t0 = System.nanoTime();
            framework.stop();
            FrameworkEvent event = framework.waitForStop(60_000);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals("framework stopped (not timed out)", FrameworkEvent.STOPPED, event.getType());
            assertTrue("framework stop took " + millis + " ms", millis < 20_000);
        }
        assertEquals(List.of(), grpcThreads());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
        }
    }

    @Test
    public void insecureFalseWithoutTlsProviderIsReportedAsStartupFailure() throws Exception {
        BundleContext ctx = startFramework("notls");
        publishConfig(ctx, TestFiles.freePort(), false);
        ServiceReference<?> failure = Provisioning.awaitService(ctx, FAILURE_FILTER);
        assertEquals("transport_config.allow_insecure is false but no TLS provider (security bundle) is"
                + " available: set allow_insecure: true or install the security feature",
                failure.getProperty(FAILURE_MESSAGE));
        assertNull(ctx.getServiceReferences((String) null, READY_FILTER));
        assertEquals(List.of(), grpcThreads());
    }

    @Test
    public void occupiedPortIsReportedAsStartupFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            BundleContext ctx = startFramework("occupied");
            publishConfig(ctx, taken.getLocalPort(), true);
            startupChecksPassed(ctx);
            ServiceReference<?> failure = Provisioning.awaitService(ctx, FAILURE_FILTER);
            assertEquals("failed to listen on 0.0.0.0:" + taken.getLocalPort() + ": address already in use",
                    failure.getProperty(FAILURE_MESSAGE));
            assertNull(ctx.getServiceReferences((String) null, READY_FILTER));
            // the component stops the framework from a thread of its own: wait for that stop to end
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("daos-grpc-bind-failed-stop")) {
                    t.join(30_000);
                }
            }
            assertEquals(List.of(), grpcThreads());
        }
    }
}
