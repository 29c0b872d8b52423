package io.daos.control.harness.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The {@code -r} share: computed once from the free hugepages, 0 without set_hugepages. */
public class HugepageShareTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Fixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new Fixture(tmp.getRoot().toPath());
    }

    @After
    public void tearDown() {
        fx.close();
    }

    @Test
    public void theShareIsReadOnceAndKept() throws Exception {
        fx.hooks.freeHugepageMB = 4096;
        HugepageShare share = new HugepageShare(fx.config2("set_hugepages: true\n"), fx.hooks);
        assertEquals(1920, share.mb()); // 4096 / 2 servers = 2048, less 2048 / 16
        fx.hooks.freeHugepageMB = 0;
        assertEquals(1920, share.mb());
        assertEquals(1, fx.hooks.hugepageReads.get());
    }

    @Test
    public void withoutSetHugepagesItIsZeroAndNothingIsRead() throws Exception {
        fx.hooks.freeHugepageMB = 4096;
        assertEquals(0, new HugepageShare(fx.config2(""), fx.hooks).mb());
        assertEquals(0, fx.hooks.hugepageReads.get());
    }

    @Test
    public void anUnreadableMeminfoIsFatal() throws Exception {
        Fixture.Hooks broken = new Fixture.Hooks() {
            @Override
            public long freeHugepageMB() {
                throw new IllegalStateException("no /proc/meminfo");
            }
        };
        HugepageShare share = new HugepageShare(fx.config2("set_hugepages: true\n"), broken);
        assertEquals("start failed: unable to read system hugepage info: no /proc/meminfo",
                assertThrows(Fatal.class, share::mb).getMessage());
    }
}
