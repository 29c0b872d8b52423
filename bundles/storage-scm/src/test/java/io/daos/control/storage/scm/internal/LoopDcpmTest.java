package io.daos.control.storage.scm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.storage.ScmState;
import io.daos.control.api.storage.StorageException;

/**
 * The dcpm path on a loop device (a block device without DAX): the real {@code file -s} probe and
 * {@code mkfs.ext4}, then the DAX mount, which such a device refuses. Runs as root where
 * {@code losetup} can attach a loop device; skips with a message otherwise.
 */
public class LoopDcpmTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private JnaScmBackend backend;
    private String loop;

    private static String run(String... cmd) throws IOException {
        return Tools.run(List.of(cmd), cmd[0] + ": command not found", 60).trim();
    }

    @Before
    public void setUp() throws Exception {
        backend = new JnaScmBackend();
        assumeTrue("skipped: loop devices need root (euid is " + backend.euid() + "): run the build as root",
                backend.euid() == 0);
        Path img = tmp.getRoot().toPath().resolve("pmem.img");
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        try {
            loop = run("losetup", "-f", "--show", img.toString());
        } catch (IOException e) {
            assumeTrue("skipped: no loop device available (" + e.getMessage() + "); needs the loop module and "
                    + "/dev/loop-control (a container may lack them)", false);
        }
    }

    @After
    public void tearDown() throws Exception {
        if (loop != null) {
            String mp = tmp.getRoot().toPath().resolve("dcpm").toString();
            if (new ScmProviderImpl(backend).isMounted(mp)) {
                backend.unmount(mp, 0);
            }
            run("losetup", "-d", loop);
        }
    }

    @Test
    public void probeMkfsAndDaxRefusal() throws Exception {
        String mp = tmp.getRoot().toPath().resolve("dcpm").toString();
        ScmProviderImpl provider = new ScmProviderImpl(backend);
        IOServerConfig c = TestConfig.dcpm(mp, loop).build();
        assertEquals("a zeroed device holds no filesystem", new ScmState(mp, false, false, false), provider.check(c));
        try {
            provider.format(c);
            // older kernels turn DAX off instead of refusing the mount
            assertTrue(provider.isMounted(mp));
            assertEquals("ext4", Files.getFileStore(Path.of(mp)).type());
            backend.unmount(mp, 0);
        } catch (StorageException e) {
            assertEquals("mount " + loop + "->" + mp + " failed: invalid argument", e.getMessage());
        }
        assertFalse(provider.isMounted(mp));
        assertTrue("mkfs.ext4 ran", Files.isDirectory(Path.of(mp)));
        assertEquals("ext4 now: formatted and mountable", new ScmState(mp, true, false, true), provider.check(c));
        assertFalse(provider.needsFormat(c));
    }
}
