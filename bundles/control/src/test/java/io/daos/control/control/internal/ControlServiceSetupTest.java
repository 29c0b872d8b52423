package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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

import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.StorageException;

/** The component's wiring: a fatal check becomes a StartupFailure report and a framework stop. */
public class ControlServiceSetupTest {

    private final List<Dictionary<String, ?>> reports = new ArrayList<>();
    private final AtomicInteger stops = new AtomicInteger();
    private final FakeBdevProvider bdev = new FakeBdevProvider();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    @SuppressWarnings("unchecked")
                    Dictionary<String, ?> props = (Dictionary<String, ?>) a[2];
                    reports.add(props);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (q, n, b) -> null);
                });
    }

    private StartupChecks checks(BdevClass cls, String... bdevs) {
        return new StartupChecks(Fakes.serverConfig(new TestConfig().set("bdevClass", cls)
                .set("bdevList", List.of(bdevs)).build()), bdev, new FakeScmProvider(), "root", () -> 0);
    }

    @Test
    public void missingSsdIsReportedWithItsFaultAndStopsTheFramework() {
        assertTrue(ControlServiceSetup.check(context(), checks(BdevClass.NVME, "0000:81:00.0"), stops::incrementAndGet)
                .isPresent());
        assertEquals(1, stops.get());
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
        assertTrue(ControlServiceSetup.check(context(), checks(BdevClass.FILE, "/tmp/b0"), stops::incrementAndGet)
                .isPresent());
        Dictionary<String, ?> r = reports.get(0);
        assertEquals("unable to read system hugepage info: no such file", r.get(StartupFailure.MESSAGE));
        assertEquals("server", r.get(StartupFailure.DOMAIN));
        assertNull(r.get(StartupFailure.CODE));
        assertNull(r.get(StartupFailure.RESOLUTION));
        assertEquals(1, stops.get());
    }

    @Test
    public void passingChecksReportNothing() {
        assertFalse(ControlServiceSetup.check(context(), checks(BdevClass.FILE, "/tmp/b0"), stops::incrementAndGet)
                .isPresent());
        assertEquals(List.of(), reports);
        assertEquals(0, stops.get());
    }

    /** On this host (root in CI) libc's getuid answers; it agrees with user.name. */
    @Test
    public void uidComesFromLibc() {
        int uid = ControlServiceSetup.uid();
        assertEquals("root".equals(System.getProperty("user.name")), uid == 0);
    }
}
