package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.storage.NvmeHealth;

/** SMART / Health log page parsing and the admin ioctl command layout. */
public class SmartLogTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** A page as a drive would return it, every field distinct; high counter bytes set where noted. */
    static byte[] fixture(int criticalWarning) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) criticalWarning);
        b.putShort(1, (short) 0x0136); // 310 K
        b.put(3, (byte) 100); // available spare %, not reported
        b.put(5, (byte) 3); // percentage used, not reported
        b.putLong(32, 0x1111); // data units read, not reported
        b.putLong(96, 4_321); // controller busy time
        b.putLong(112, 77); // power cycles
        b.putLong(128, 26_000); // power-on hours
        b.putLong(144, 12); // unsafe shutdowns
        b.putLong(152, 0xdeadL); // high 64 bits of unsafe shutdowns: ignored
        b.putLong(160, 2); // media errors
        b.putLong(176, 1_500); // error log entries
        b.putInt(192, 9); // warning temperature time
        b.putInt(196, 0xffff_fff0); // critical temperature time (u32, huge)
        b.putShort(200, (short) 0x0140); // temperature sensor 1, not reported
        return b.array();
    }

    @Test
    public void parsesTheFixture() {
        NvmeHealth h = SmartLog.parse(fixture(0));
        assertEquals(new NvmeHealth(310, 9, Integer.MAX_VALUE, 4_321, 77, 26_000, 12, 2, 1_500, false, false,
                false, false, false), h);
    }

    @Test
    public void criticalWarningBits() {
        assertEquals(flags(true, false, false, false, false), flags(SmartLog.parse(fixture(0x01))));
        assertEquals(flags(false, true, false, false, false), flags(SmartLog.parse(fixture(0x02))));
        assertEquals(flags(false, false, true, false, false), flags(SmartLog.parse(fixture(0x04))));
        assertEquals(flags(false, false, false, true, false), flags(SmartLog.parse(fixture(0x08))));
        assertEquals(flags(false, false, false, false, true), flags(SmartLog.parse(fixture(0x10))));
        assertEquals(flags(true, true, true, true, true), flags(SmartLog.parse(fixture(0x3f))));
    }

    private static String flags(boolean spare, boolean temp, boolean rel, boolean ro, boolean vol) {
        return "spare=" + spare + " temp=" + temp + " rel=" + rel + " ro=" + ro + " vol=" + vol;
    }

    private static String flags(NvmeHealth h) {
        return flags(h.availSpareWarn(), h.tempWarn(), h.reliabilityWarn(), h.readOnlyWarn(), h.volatileWarn());
    }

    @Test
    public void counterAboveSignedRangeIsClamped() {
        byte[] page = fixture(0);
        ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putLong(112, -1L);
        assertEquals(Long.MAX_VALUE, SmartLog.parse(page).powerCycles());
    }

    @Test
    public void shortPageRejected() {
        try {
            SmartLog.parse(new byte[511]);
            fail("short page");
        } catch (IllegalArgumentException e) {
            assertEquals("SMART log page must be 512 bytes, got 511", e.getMessage());
        }
    }

    @Test
    public void adminIoctlNumberAndCommandLayout() {
        assertEquals(0xC0484E41L, IoctlHealthReader.NVME_IOCTL_ADMIN_CMD);
        byte[] c = IoctlHealthReader.getSmartLogCommand(0x1122334455667788L);
        assertEquals(72, c.length);
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.nativeOrder());
        assertEquals(0x02, c[0]); // Get Log Page
        assertEquals(0xffff_ffff, b.getInt(4)); // all namespaces
        assertEquals(0x1122334455667788L, b.getLong(24)); // data buffer
        assertEquals(512, b.getInt(36)); // data_len
        assertEquals(0x007f_0002, b.getInt(40)); // cdw10: NUMDL 127, LID 2
        assertEquals(0, b.getInt(64)); // default timeout
    }

    @Test
    public void healthOfAMissingDeviceNodeIsNull() throws Exception {
        Path dev = tmp.newFolder("dev").toPath();
        assertNull(new IoctlHealthReader(dev).read("nvme0"));
    }

    @Test
    public void healthOfANodeThatIsNotAnNvmeDeviceIsNull() throws Exception {
        // a regular file opens, but the NVMe ioctl fails (ENOTTY): null, no exception
        Path dev = tmp.newFolder("dev2").toPath();
        java.nio.file.Files.writeString(dev.resolve("nvme0"), "not a device");
        assertNull(new IoctlHealthReader(dev).read("nvme0"));
    }
}
