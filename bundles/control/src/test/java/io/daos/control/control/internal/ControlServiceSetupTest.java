package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.StartupChecksPassed;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.StorageException;

/**
 * The component's wiring: passing checks register the StartupChecksPassed marker (what the
 * rpc-server waits for), a fatal check a StartupFailure report and a framework stop, never both.
 */
public class ControlServiceSetupTest {

    private final List<Dictionary<String, ?>> reports = new ArrayList<>();
    /** The service classes of every registration, in order. */
    private final List<String> classes = new ArrayList<>();
    private final List<String> unregistered = new ArrayList<>();
    private final AtomicInteger stops = new AtomicInteger();
    private final FakeBdevProvider bdev = new FakeBdevProvider();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    String type = a[0] instanceof Class<?> c ? c.getName() : (String) a[0];
                    classes.add(type);
                    if (StartupChecksPassed.class.getName().equals(type)) {
                        assertTrue("the marker implements StartupChecksPassed", a[1] instanceof StartupChecksPassed);
                    } else {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> props = (Dictionary<String, ?>) a[2];
                        reports.add(props);
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (q, n, b) -> {
                                if (n.getName().equals("unregister")) {
                                    unregistered.add(type);
                                }
                                return null;
                            });
                });
    }

    private StartupChecks checks(BdevClass cls, String... bdevs) {
        return new StartupChecks(Fakes.serverConfig(new TestConfig().set("bdevClass", cls)
                .set("bdevList", List.of(bdevs)).build()), bdev, new FakeScmProvider(), "root", () -> 0);
    }

    @Test
    public void missingSsdIsReportedWithItsFaultAndStopsTheFramework() {
        ControlServiceSetup.check(context(), checks(BdevClass.NVME, "0000:81:00.0"), stops::incrementAndGet);
        assertEquals(1, stops.get());
        assertEquals("a report, no marker", List.of("java.lang.Object"), classes);
        assertEquals(1, reports.size());
        Dictionary<String, ?> r = reports.get(0);
        assertEquals("setup control service: server: code = 637 description = \"NVMe SSD [0000:81:00.0] not found\"",
                r.get(StartupFailure.MESSAGE));
        assertEquals("server", r.get(StartupFailure.DOMAIN));
        assertEquals("637", r.get(StartupFailure.CODE));
        assertEquals("check SSD [0000:81:00.0] that are specified in server config exist",
                r.get(StartupFailure.RESOLUTION));
    }

    @Test
    public void plainErrorIsReportedWithoutCodeOrResolution() {
        bdev.hugepagesError = new StorageException("unable to read system hugepage info: no such file");
        ControlServiceSetup.check(context(), checks(BdevClass.FILE, "/tmp/b0"), stops::incrementAndGet);
        assertEquals("a report, no marker", List.of("java.lang.Object"), classes);
        Dictionary<String, ?> r = reports.get(0);
        assertEquals("unable to read system hugepage info: no such file", r.get(StartupFailure.MESSAGE));
        assertEquals("server", r.get(StartupFailure.DOMAIN));
        assertNull(r.get(StartupFailure.CODE));
        assertNull(r.get(StartupFailure.RESOLUTION));
        assertEquals(1, stops.get());
    }

    @Test
    public void passingChecksRegisterTheMarkerAndReportNothing() {
        ServiceRegistration<?> reg = ControlServiceSetup.check(context(), checks(BdevClass.FILE, "/tmp/b0"),
                stops::incrementAndGet);
        assertEquals(List.of(StartupChecksPassed.class.getName()), classes);
        assertEquals(List.of(), reports);
        assertEquals(0, stops.get());
        reg.unregister();
        assertEquals(List.of(StartupChecksPassed.class.getName()), unregistered);
    }

    @Test
    public void deactivationWithdrawsTheMarker() throws Exception {
        ControlServiceSetup c = new ControlServiceSetup();
        set(c, "config", Fakes.serverConfig(new TestConfig().set("bdevClass", BdevClass.FILE)
                .set("bdevList", List.of("/tmp/b0")).build()));
        set(c, "bdev", bdev);
        c.activate(context());
        assertEquals(List.of(StartupChecksPassed.class.getName()), classes);
        c.deactivate();
        assertEquals(List.of(StartupChecksPassed.class.getName()), unregistered);
        c.deactivate();
        assertEquals("withdrawn once", 1, unregistered.size());
    }

    private static void set(Object target, String field, Object value) throws Exception {
        java.lang.reflect.Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** On this host (root in CI) libc's getuid answers; it agrees with user.name. */
    @Test
    public void uidComesFromLibc() {
        int uid = ControlServiceSetup.uid();
        assertEquals("root".equals(System.getProperty("user.name")), uid == 0);
    }
}
