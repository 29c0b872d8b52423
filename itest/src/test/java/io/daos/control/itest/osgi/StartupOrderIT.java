package io.daos.control.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.GrpcReady;
import io.daos.control.api.StartupChecksPassed;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.itest.support.GrpcTestClient;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * The start-up order inside Felix, by service dependency rather than start levels: the rpc-server
 * and the control bundle are both started (all bundles at one start level), but the control
 * bundle's start-up checks cannot run until a block-device provider appears, so the gRPC port
 * stays closed; once the probe registers one, the checks pass, the control bundle registers
 * StartupChecksPassed and only then the rpc-server listens. Stopping the control bundle afterwards
 * (a hot update) withdraws the marker but not the port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StartupOrderIT {

    private static final String CONTROL_BSN = "io.daos.control.control";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return Provisioning.serverOptions(getClass(), Provisioning.control());
    }

    private int port() {
        return Integer.parseInt(context.getProperty(Provisioning.PORT_PROPERTY));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private ServiceReference<?> awaitService(String filter) throws Exception {
        return Provisioning.awaitService(context, filter);
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** A block-device provider with plenty of free hugepages (the config has one file bdev). */
    private static BdevProvider fakeBdevProvider() {
        return (BdevProvider) Proxy.newProxyInstance(StartupOrderIT.class.getClassLoader(),
                new Class<?>[] {BdevProvider.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hugepages" -> new HugepageInfo(1 << 20, 1 << 20, 0, 0, 2048);
                    case "iommuEnabled" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StartupOrderIT bdev provider";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void theServerListensOnlyAfterTheStartupChecksPassedAndStaysUpWhenControlStops() throws Exception {
        Bundle control = bundleNamed(CONTROL_BSN);
        Bundle server = bundleNamed("io.daos.control.rpc.server");
        assertEquals(Bundle.ACTIVE, control.getState());
        assertEquals(Bundle.ACTIVE, server.getState());
        assertEquals("one start level for both: the order is not the start levels'",
                control.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).getStartLevel(),
                server.adapt(org.osgi.framework.startlevel.BundleStartLevel.class).getStartLevel());

        // started, but the checks wait for the bdev provider: no marker, no port
        assertNull(context.getServiceReference(StartupChecksPassed.class));
        assertNull(context.getServiceReferences((String) null, GrpcReady.FILTER));
        assertFalse("the port listens before the checks passed", listening(port()));

        ServiceRegistration<BdevProvider> bdev = context.registerService(BdevProvider.class, fakeBdevProvider(), null);
        try {
            ServiceReference<?> marker = awaitService("(objectClass=" + StartupChecksPassed.class.getName() + ")");
            assertEquals(CONTROL_BSN, marker.getBundle().getSymbolicName());
            ServiceReference<?> ready = awaitService(GrpcReady.FILTER);
            assertEquals(Integer.toString(port()), ready.getProperty(GrpcReady.PORT));
            assertTrue(listening(port()));
            try (GrpcTestClient client = new GrpcTestClient(port())) {
                assertEquals(ServingStatus.SERVING, client.check(""));

                // a hot update of the control bundle: the marker goes, the port stays
                control.stop();
                assertNull(context.getServiceReference(StartupChecksPassed.class));
                assertEquals(ServingStatus.SERVING, client.check(""));
                assertNotNull(context.getServiceReferences((String) null, GrpcReady.FILTER));

                control.start();
                awaitService("(objectClass=" + StartupChecksPassed.class.getName() + ")");
                assertEquals(ServingStatus.SERVING, client.check(""));
            }
        } finally {
            bdev.unregister();
        }
    }
}
