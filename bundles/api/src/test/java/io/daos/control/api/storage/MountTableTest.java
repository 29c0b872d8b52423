package io.daos.control.api.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** mountinfo scanning (SPEC-SERVER §4.6, §8.4) and the glibc device-number decoding. */
public class MountTableTest {

    @Test
    public void mountPointsAndDevices() {
        MountTable t = MountTable.parse(List.of("45 39 8:1 / /boot rw,relatime shared:28 - xfs /dev/sda1 rw",
                "short line", "46 39 0:5 / /with\\040space rw - tmpfs tmpfs rw"));
        assertTrue(t.isMountPoint("/boot"));
        assertFalse(t.isMountPoint("/moo"));
        assertTrue(t.hasDevice("8:1"));
        assertFalse(t.hasDevice("9:1"));
        assertFalse("a line of fewer than 6 fields is ignored", t.isMountPoint("line"));
        assertTrue(t.isMountPoint("/with space"));
    }

    @Test
    public void mountPointsOfADevice() {
        MountTable t = MountTable.parse(List.of("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "40 22 259:0 / /mnt/daos rw,relatime - ext4 /dev/pmem0 rw,dax",
                "41 22 259:0 / /mnt/with\\040space rw,relatime - ext4 /dev/pmem0 rw,dax",
                "42 22 259:1 / /mnt/other rw - ext4 /dev/pmem1 rw", "short 259:0"));
        assertEquals(List.of("/mnt/daos", "/mnt/with space"), t.mountPointsOf("259:0"));
        assertEquals(List.of(), t.mountPointsOf("259:7"));
    }

    @Test
    public void entriesOfAText() {
        MountTable t = MountTable.parse("45 39 8:1 / /boot rw,relatime shared:28 - xfs /dev/sda1 rw\n"
                + "short line\n"
                + "46 39 8:2 / /a\\040b rw - ext4 /dev/sda2 rw\n");
        assertEquals(List.of(new MountTable.Entry("8:1", "/boot"), new MountTable.Entry("8:2", "/a b")),
                t.entries());
        assertEquals(List.of(), MountTable.parse("").entries());
    }

    @Test
    public void unescape() {
        assertEquals("a\\0", MountTable.unescape("a\\0"));
        assertEquals("a\\04", MountTable.unescape("a\\04"));
        assertEquals("tab\there", MountTable.unescape("tab\\011here"));
        assertEquals("back\\slash", MountTable.unescape("back\\134slash"));
        assertEquals("no\\999octal", MountTable.unescape("no\\999octal"));
        assertEquals("end ", MountTable.unescape("end\\040"));
    }

    @Test
    public void deviceNumbersAsGlibcEncodesThem() {
        assertEquals("259:0", MountTable.majorMinor(259L * 256));
        assertEquals("8:1", MountTable.majorMinor(0x801));
        // minor 256 and above spill into bits 20-31 (e.g. nvme0n1p300 style numbering)
        assertEquals("259:300", MountTable.majorMinor((259L << 8) | (300 & 0xff) | ((300L & ~0xffL) << 12)));
        assertEquals("4096:1", MountTable.majorMinor(((4096L & ~0xfffL) << 32) | 1));
    }
}
