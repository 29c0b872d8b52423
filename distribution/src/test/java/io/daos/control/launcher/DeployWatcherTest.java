package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;

/** The deploy/ watcher against a real Felix. Waits are on log lines (events), never sleeps. */
public class DeployWatcherTest {

    private static final long T = 20_000;

    private Path tmp;
    private Path deploy;
    private Framework fw;
    private DeployWatcher watcher;
    private TestSupport.Lines out;
    private TestSupport.Lines err;

    @Before
    public void setUp() throws Exception {
        tmp = Files.createTempDirectory("deploy-test");
        deploy = tmp.resolve("deploy");
        fw = TestSupport.framework(tmp.resolve("cache"));
        fw.start();
        watcher = newWatcher(fw);
        watcher.start();
    }

    private DeployWatcher newWatcher(Framework f) throws Exception {
        out = new TestSupport.Lines();
        err = new TestSupport.Lines();
        ProvisionState state = new ProvisionState(tmp.resolve("cache").resolve(ProvisionState.FILE_NAME));
        return new DeployWatcher(f.getBundleContext(), deploy, state,
                new Log(out.stream(), err.stream(), true), 20);
    }

    @After
    public void tearDown() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        TestSupport.stop(fw);
        TestSupport.deleteTree(tmp);
    }

    /** Copy the way deploy/README recommends: hidden temp name, then an atomic rename. */
    private void drop(String name, byte[] content) throws Exception {
        Path t = deploy.resolve("." + name + ".tmp");
        Files.write(t, content);
        Files.move(t, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private BundleContext ctx() {
        return fw.getBundleContext();
    }

    @Test
    public void addReplaceRemove() throws Exception {
        drop("a.jar", TestSupport.bundle("test.a", "1.0.0"));
        out.await(l -> l.equals("deploy: a.jar added; started test.a 1.0.0"), T);
        Bundle b = ctx().getBundle(DeployWatcher.location("a.jar"));
        assertEquals(Bundle.ACTIVE, b.getState());

        drop("a.jar", TestSupport.bundle("test.a", "1.0.1.qualifier"));
        out.await(l -> l.equals("deploy: a.jar changed; updated test.a 1.0.1.qualifier"), T);
        assertEquals(Bundle.ACTIVE, b.getState());
        assertEquals("1.0.1.qualifier", b.getVersion().toString());

        Files.delete(deploy.resolve("a.jar"));
        out.await(l -> l.equals("deploy: a.jar removed; uninstalled test.a 1.0.1.qualifier"), T);
        assertNull(ctx().getBundle(DeployWatcher.location("a.jar")));
        assertEquals(Bundle.UNINSTALLED, b.getState());
        assertEquals(0, err.lines().size());
    }

    @Test
    public void corruptJarIsReportedOnceAndTheRestKeepsWorking() throws Exception {
        byte[] garbage = new byte[5000];
        Arrays.fill(garbage, (byte) 7);
        drop("bad.jar", garbage);
        String line = err.await(l -> l.contains("bad.jar"), T);
        assertTrue(line, line.startsWith("ERROR: deploy: " + deploy.resolve("bad.jar") + ": not a readable jar: "));
        assertTrue(line, line.endsWith("(ignored; the server is unchanged)"));

        drop("good.jar", TestSupport.bundle("test.good", "1.0.0"));
        out.await(l -> l.equals("deploy: good.jar added; started test.good 1.0.0"), T);
        assertEquals(1, err.count(l -> l.contains("bad.jar")));
        assertNull(ctx().getBundle(DeployWatcher.location("bad.jar")));
    }

    @Test
    public void halfWrittenJarIsInstalledOnlyWhenComplete() throws Exception {
        byte[] jar = TestSupport.bundle("test.slow", "1.0.0");
        Path target = deploy.resolve("slow.jar");
        try (OutputStream os = Files.newOutputStream(target)) {
            os.write(jar, 0, jar.length / 2);
            os.flush();
            // the watcher has seen the incomplete file and decided to wait
            out.await(l -> l.contains("slow.jar is not a complete jar yet"), T);
            os.write(jar, jar.length / 2, jar.length - jar.length / 2);
        }
        out.await(l -> l.equals("deploy: slow.jar added; started test.slow 1.0.0"), T);
        assertEquals(0, err.count(l -> l.contains("slow.jar")));
        assertEquals(1, out.count(l -> l.contains("slow.jar added")));
    }

    @Test
    public void unresolvableBundleIsReportedAndLeftOut() throws Exception {
        drop("c.jar", TestSupport.bundle("test.c", "1.0.0", Map.of("Import-Package", "does.not.exist")));
        String line = err.await(l -> l.contains("c.jar"), T);
        assertTrue(line, line.contains("test.c 1.0.0 failed to start: "));
        assertTrue(line, line.contains("does.not.exist"));
        assertNull(ctx().getBundle(DeployWatcher.location("c.jar")));
        for (Bundle b : ctx().getBundles()) {
            assertTrue(!"test.c".equals(b.getSymbolicName()));
        }
    }

    @Test
    public void jarWithoutBundleManifestIsRejected() throws Exception {
        byte[] plain;
        try (var bos = new java.io.ByteArrayOutputStream();
                var jos = new java.util.jar.JarOutputStream(bos, new java.util.jar.Manifest())) {
            jos.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
            jos.closeEntry();
            jos.finish();
            plain = bos.toByteArray();
        }
        drop("plain.jar", plain);
        String line = err.await(l -> l.contains("plain.jar"), T);
        assertTrue(line, line.contains("not an OSGi bundle (no Bundle-SymbolicName in its manifest)"));
    }

    @Test
    public void hiddenAndPartialNamesAreIgnored() throws Exception {
        Files.write(deploy.resolve(".hidden.jar"), TestSupport.bundle("test.hidden", "1.0.0"));
        Files.write(deploy.resolve("x.jar.part"), TestSupport.bundle("test.part", "1.0.0"));
        drop("d.jar", TestSupport.bundle("test.d", "1.0.0"));
        out.await(l -> l.equals("deploy: d.jar added; started test.d 1.0.0"), T);
        for (Bundle b : ctx().getBundles()) {
            assertTrue(b.getSymbolicName(), !b.getSymbolicName().equals("test.hidden")
                    && !b.getSymbolicName().equals("test.part"));
        }
    }

    @Test
    public void restartKeepsUnchangedJarsAndDropsRemovedOnes() throws Exception {
        drop("a.jar", TestSupport.bundle("test.a", "1.0.0"));
        drop("b.jar", TestSupport.bundle("test.b", "1.0.0"));
        out.await(l -> l.contains("a.jar added"), T);
        out.await(l -> l.contains("b.jar added"), T);
        long idA = ctx().getBundle(DeployWatcher.location("a.jar")).getBundleId();
        watcher.close();
        TestSupport.stop(fw);

        Files.delete(deploy.resolve("b.jar"));
        fw = TestSupport.framework(tmp.resolve("cache"));
        watcher = newWatcher(fw);
        watcher.pruneBeforeStart();
        assertNull(ctx().getBundle(DeployWatcher.location("b.jar")));
        Bundle a = ctx().getBundle(DeployWatcher.location("a.jar"));
        assertNotNull(a);
        assertEquals(idA, a.getBundleId());
        fw.start();
        watcher.start();
        drop("e.jar", TestSupport.bundle("test.e", "1.0.0"));
        out.await(l -> l.contains("e.jar added"), T);
        assertEquals(Bundle.ACTIVE, a.getState());
        assertEquals(0, out.count(l -> l.contains("a.jar added")));
    }

    @Test
    public void exportingBundleIsDeployedWithAWarning() throws Exception {
        drop("lib.jar", TestSupport.bundle("test.lib", "1.0.0", Map.of("Export-Package", "test.lib.api")));
        out.await(l -> l.equals("deploy: lib.jar added; started test.lib 1.0.0"), T);
        String w = err.await(l -> l.contains("lib.jar"), T);
        assertTrue(w, w.startsWith("WARNING: deploy: lib.jar exports packages (test.lib.api); only leaf bundles"));
    }
}
