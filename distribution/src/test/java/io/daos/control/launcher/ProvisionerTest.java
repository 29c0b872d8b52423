package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleWiring;

/** Boot provisioning against a real Felix whose cache is kept between "runs". */
public class ProvisionerTest {

    private Path tmp;
    private Path system;
    private Framework fw;
    private final Features.BundleRef a = new Features.BundleRef("mvn:test.grp/test.a/1.0.0", 30);
    private final Features.BundleRef b = new Features.BundleRef("mvn:test.grp/test.b/1.0.0", 0);

    @Before
    public void setUp() throws Exception {
        tmp = Files.createTempDirectory("prov-test");
        system = tmp.resolve("system");
        write(a, TestSupport.bundle("test.a", "1.0.0"));
        write(b, TestSupport.bundle("test.b", "1.0.0"));
    }

    @After
    public void tearDown() throws Exception {
        TestSupport.stop(fw);
        TestSupport.deleteTree(tmp);
    }

    private void write(Features.BundleRef ref, byte[] jar) throws Exception {
        Path p = system.resolve(ref.relativePath());
        Files.createDirectories(p.getParent());
        Files.write(p, jar);
    }

    /** One launcher run: init, provision, start. */
    private List<Bundle> run(List<Features.BundleRef> refs) throws Exception {
        TestSupport.stop(fw);
        fw = TestSupport.framework(tmp.resolve("cache"));
        ProvisionState state = new ProvisionState(tmp.resolve("cache").resolve(ProvisionState.FILE_NAME));
        TestSupport.Lines out = new TestSupport.Lines();
        List<Bundle> bundles = new Provisioner(fw.getBundleContext(), state,
                new Log(out.stream(), out.stream(), false)).provision(refs, system);
        fw.start();
        return bundles;
    }

    @Test
    public void installsOnceReusesTheCacheAndUpdatesChangedJars() throws Exception {
        List<Bundle> first = run(List.of(a, b));
        assertEquals(Bundle.ACTIVE, first.get(0).getState());
        assertEquals(Bundle.ACTIVE, first.get(1).getState());
        assertEquals(30, first.get(0).adapt(BundleStartLevel.class).getStartLevel());
        assertEquals(80, first.get(1).adapt(BundleStartLevel.class).getStartLevel());
        assertEquals("daos:system/test/grp/test.a/1.0.0/test.a-1.0.0.jar", first.get(0).getLocation());
        long idA = first.get(0).getBundleId();
        long modifiedA = first.get(0).getLastModified();

        List<Bundle> second = run(List.of(a, b));
        assertEquals(idA, second.get(0).getBundleId());
        assertEquals("cached bundle reused, not reinstalled or updated", modifiedA, second.get(0).getLastModified());
        assertEquals(Bundle.ACTIVE, second.get(0).getState());

        // a rebuilt SNAPSHOT with the same coordinates: the cache must not serve the stale copy
        write(a, TestSupport.bundle("test.a", "1.0.0.rebuilt"));
        List<Bundle> third = run(List.of(a, b));
        assertEquals(idA, third.get(0).getBundleId());
        assertEquals("1.0.0.rebuilt", third.get(0).getVersion().toString());
        assertNotEquals(modifiedA, third.get(0).getLastModified());
        assertEquals(Bundle.ACTIVE, third.get(0).getState());
    }

    @Test
    public void bundlesLeavingTheBootSetAreUninstalled() throws Exception {
        run(List.of(a, b));
        run(List.of(a));
        assertNull(fw.getBundleContext().getBundle("daos:system/" + b.relativePath()));
        assertEquals(Bundle.ACTIVE, fw.getBundleContext().getBundle("daos:system/" + a.relativePath()).getState());
    }

    @Test
    public void resolvesTheBootBundlesInOneRunBeforeTheFrameworkStarts() throws Exception {
        Features.BundleRef user = new Features.BundleRef("mvn:test.grp/test.user/1.0.0", 40);
        Features.BundleRef broken = new Features.BundleRef("mvn:test.grp/test.broken/1.0.0", 40);
        write(a, TestSupport.bundle("test.a", "1.0.0", Map.of(Constants.EXPORT_PACKAGE, "test.a.api;version=1.0")));
        write(user, TestSupport.bundle("test.user", "1.0.0", Map.of(Constants.IMPORT_PACKAGE, "test.a.api")));
        write(broken, TestSupport.bundle("test.broken", "1.0.0", Map.of(Constants.IMPORT_PACKAGE, "no.such.pkg")));
        fw = TestSupport.framework(tmp.resolve("cache"));
        ProvisionState state = new ProvisionState(tmp.resolve("cache").resolve(ProvisionState.FILE_NAME));
        TestSupport.Lines out = new TestSupport.Lines();
        List<Bundle> bundles = new Provisioner(fw.getBundleContext(), state,
                new Log(out.stream(), out.stream(), false)).provision(List.of(user, broken, a), system);
        assertEquals(Bundle.INSTALLED, bundles.get(0).getState());

        assertFalse("one bundle cannot be resolved", Provisioner.resolve(fw.getBundleContext(), bundles));
        assertEquals("not started yet", Bundle.STARTING, fw.getState());
        assertEquals(Bundle.RESOLVED, bundles.get(0).getState());
        assertEquals(Bundle.RESOLVED, bundles.get(2).getState());
        assertEquals("wired to the exporter", bundles.get(2),
                bundles.get(0).adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)
                        .get(0).getProvider().getBundle());
        assertEquals("the others resolve all the same", Bundle.INSTALLED, bundles.get(1).getState());

        fw.start();
        assertEquals(Bundle.ACTIVE, bundles.get(0).getState());
        assertEquals(Bundle.ACTIVE, bundles.get(2).getState());
        assertEquals(Bundle.INSTALLED, bundles.get(1).getState());
    }

    @Test(expected = java.io.IOException.class)
    public void missingJarIsAnError() throws Exception {
        run(List.of(new Features.BundleRef("mvn:test.grp/missing/1.0.0", 10)));
    }
}
