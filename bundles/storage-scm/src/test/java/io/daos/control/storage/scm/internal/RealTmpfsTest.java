package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.storage.ScmMountUsage;

/** A real tmpfs through libc (JNA): runs as root, skips with a message otherwise. */
public class RealTmpfsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private JnaScmBackend backend;
    private String mp;

    @Before
    public void setUp() {
        backend = new JnaScmBackend();
        assumeTrue("skipped: real tmpfs mount needs root (euid is " + backend.euid() + "): run the build as root",
                backend.euid() == 0);
        mp = tmp.getRoot().toPath().resolve("scm").toString();
    }

    @After
    public void tearDown() throws Exception {
        if (mp != null && new ScmProviderImpl(backend).isMounted(mp)) {
            backend.unmount(mp, 0);
        }
    }

    @Test
    public void formatMountsSizedTmpfsAndUnmounts() throws Exception {
        ScmProviderImpl provider = new ScmProviderImpl(backend);
        IOServerConfig c = TestConfig.ram(mp, 1).build();
        assertTrue(provider.needsFormat(c));
        provider.format(c);
        assertTrue(provider.isMounted(mp));
        assertFalse(provider.needsFormat(c));
        assertFalse("a real mount, not development mode",
                Files.exists(Path.of(mp, ScmProviderImpl.DEV_MODE_MARKER)));
        assertEquals("statvfs size", 1L << 30, Files.getFileStore(Path.of(mp)).getTotalSpace());
        assertEquals("tmpfs", Files.getFileStore(Path.of(mp)).type());
        Files.writeString(Path.of(mp, "superblock"), "x");
        provider.format(c); // reformat: unmount, clear, mount again
        assertFalse(Files.exists(Path.of(mp, "superblock")));
        assertTrue(provider.isMounted(mp));
        backend.unmount(mp, 0);
        assertFalse(provider.isMounted(mp));
        assertTrue(provider.needsFormat(c));
        provider.mount(c); // mount at start
        assertTrue(provider.isMounted(mp));
    }

    @Test
    public void usageOfAFormattedRamMountIsItsTmpfsSize() throws Exception {
        ScmProviderImpl provider = new ScmProviderImpl(backend);
        IOServerConfig c = TestConfig.ram(mp, 1).build();
        assertEquals("absent", new ScmMountUsage(mp, false, 0, 0), provider.usage(c));
        Files.createDirectories(Path.of(mp));
        assertEquals("unformatted directory", new ScmMountUsage(mp, false, 0, 0), provider.usage(c));
        provider.format(c);
        assertEquals("empty 1 GiB tmpfs", new ScmMountUsage(mp, true, 1L << 30, 1L << 30), provider.usage(c));
        Files.write(Path.of(mp, "data"), new byte[4 << 20]);
        assertEquals(new ScmMountUsage(mp, true, 1L << 30, (1L << 30) - (4 << 20)), provider.usage(c));
    }

    @Test
    public void smallTmpfsThroughLibcHasItsStatvfsSize() throws Exception {
        Path dir = tmp.newFolder("small").toPath();
        ScmProviderImpl provider = new ScmProviderImpl(backend);
        backend.mount("tmpfs", dir.toString(), "tmpfs", ScmBackend.MS_NOATIME, "size=16m");
        try {
            assertTrue(provider.isMounted(dir.toString()));
            assertEquals(16L << 20, Files.getFileStore(dir).getTotalSpace());
            assertEquals(new ScmBackend.FsUsage(16L << 20, 16L << 20), backend.statvfs(dir.toString()));
        } finally {
            backend.unmount(dir.toString(), 0);
        }
        assertFalse(provider.isMounted(dir.toString()));
    }

    @Test
    public void unmountOfNonMountIsAnErrnoError() {
        try {
            backend.unmount(tmp.getRoot().toString(), 0);
        } catch (ScmBackend.ErrnoException e) {
            assertEquals(22, e.errno());
            assertEquals("invalid argument", e.getMessage());
            return;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("umount2 of a plain directory must fail");
    }
}
