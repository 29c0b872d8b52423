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

/**
 * dcpm on a real pmem device: mkfs.ext4 + DAX mount. DESTROYS the device's contents, so it runs
 * only when asked: {@code -Ddaos.test.pmem=/dev/pmemN}, as root, with the device present.
 */
public class RealDcpmTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private JnaScmBackend backend;
    private String device;
    private String mp;

    @Before
    public void setUp() {
        device = System.getProperty("daos.test.pmem", "");
        assumeTrue("skipped: set -Ddaos.test.pmem=/dev/pmemN to format a real pmem device (destroys its data)",
                !device.isEmpty());
        assumeTrue("skipped: " + device + " does not exist", Files.exists(Path.of(device)));
        backend = new JnaScmBackend();
        assumeTrue("skipped: dcpm format needs root: run the build as root", backend.euid() == 0);
        mp = tmp.getRoot().toPath().resolve("dcpm").toString();
    }

    @After
    public void tearDown() throws Exception {
        if (mp != null && new ScmProviderImpl(backend).isMounted(mp)) {
            backend.unmount(mp, 0);
        }
    }

    @Test
    public void formatMountsExt4WithDaxAndRemountsAtStart() throws Exception {
        ScmProviderImpl provider = new ScmProviderImpl(backend);
        IOServerConfig c = TestConfig.dcpm(mp, device).build();
        provider.format(c);
        assertTrue(provider.isMounted(mp));
        assertTrue(provider.isMounted(device));
        assertEquals("ext4", Files.getFileStore(Path.of(mp)).type());
        backend.unmount(mp, 0);
        assertFalse(provider.isMounted(mp));
        assertFalse("ext4 on the device: mountable, no format needed", provider.needsFormat(c));
        provider.mount(c);
        assertTrue(provider.isMounted(mp));
    }
}
