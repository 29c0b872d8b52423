package io.daos.control.api.storage;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class HumanizeTest {

    private static final long GIB = 1L << 30;

    @Test
    public void siLikeGoHumanizeBytes() {
        assertEquals("0 B", Humanize.si(0));
        assertEquals("9 B", Humanize.si(9));
        assertEquals("10 B", Humanize.si(10));
        assertEquals("999 B", Humanize.si(999));
        assertEquals("1.0 kB", Humanize.si(1000));
        assertEquals("83 MB", Humanize.si(82_854_982L)); // go-humanize's own example
        assertEquals("750 GB", Humanize.si(750_000_000_000L)); // SPEC-SERVER 2.3
        assertEquals("1.0 TB", Humanize.si(1_000_000_000_000L));
        assertEquals("3.2 TB", Humanize.si(3_200_000_000_000L));
        assertEquals("1.6 TB", Humanize.si(1_600_321_314_816L)); // a 1.6 TB NVMe namespace
        assertEquals("10 kB", Humanize.si(9_950)); // 9.95 rounds up into the next width
        assertEquals("9.9 kB", Humanize.si(9_940));
        assertEquals("12 GB", Humanize.si(12_500_000_000L)); // Go's %.0f: half to even
        assertEquals("14 GB", Humanize.si(13_500_000_000L));
        assertEquals("18 EB", Humanize.si(-1L)); // unsigned, as the reference's uint64
    }

    @Test
    public void iecLikeGoHumanizeIBytes() {
        assertEquals("5 B", Humanize.iec(5));
        assertEquals("1000 B", Humanize.iec(1000));
        assertEquals("1.0 KiB", Humanize.iec(1024));
        assertEquals("79 MiB", Humanize.iec(82_854_982L)); // go-humanize's own example
        assertEquals("128 GiB", Humanize.iec(128 * GIB)); // SPEC-SERVER 2.3
        assertEquals("126 GiB", Humanize.iec(135_291_469_824L)); // a "128 GB" DCPM module's usable size
        assertEquals("3.0 TiB", Humanize.iec(3 * 1024 * GIB));
        assertEquals("512 MiB", Humanize.iec(512L << 20));
    }
}
