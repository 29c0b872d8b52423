package io.daos.control.api.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;

import org.junit.Test;

/** SPEC-SERVER §8.8 "Hugepage parsing". */
public class HugepageInfoTest {

    @Test
    public void emptyInputIsZeros() throws Exception {
        assertEquals(new HugepageInfo(0, 0, 0, 0, 0), HugepageInfo.parse(""));
    }

    @Test
    public void freeMb() throws Exception {
        HugepageInfo h = HugepageInfo.parse("HugePages_Total:    1024\nHugePages_Free:     1023\n"
                + "HugePages_Rsvd:        0\nHugePages_Surp:        0\nHugepagesize:       2048 kB\n");
        assertEquals(new HugepageInfo(1024, 1023, 0, 0, 2048), h);
        assertEquals(2046, h.freeMb());
        assertEquals(16384, HugepageInfo.parse("HugePages_Total: 16\nHugePages_Free: 16\nHugepagesize: 1048576 kB\n")
                .freeMb());
    }

    @Test
    public void maxPagesIsMemTotalOverThePageSize() throws Exception {
        HugepageInfo h = HugepageInfo.parse("MemTotal:       24683792 kB\nHugePages_Total: 0\nHugepagesize: 2048 kB\n");
        assertEquals(24683792, h.memTotalKb());
        assertEquals(java.util.OptionalLong.of(24683792 / 2048), h.maxPages());
        assertEquals("no page size: no bound", java.util.OptionalLong.empty(),
                HugepageInfo.parse("MemTotal: 1024 kB\n").maxPages());
        assertEquals("an odd MemTotal is no error, only no bound", java.util.OptionalLong.empty(),
                HugepageInfo.parse("MemTotal: lots\nHugepagesize: 2048 kB\n").maxPages());
    }

    @Test
    public void badPageSize() {
        assertFails("Hugepagesize: blerble 1 GB\n", "unable to parse \"blerble 1 GB\"");
        assertFails("Hugepagesize: 1 GB\n", "unhandled page size unit \"GB\"");
    }

    private static void assertFails(String text, String message) {
        try {
            HugepageInfo.parse(text);
            fail("parsed " + text);
        } catch (IOException e) {
            assertEquals(message, e.getMessage());
        }
    }
}
