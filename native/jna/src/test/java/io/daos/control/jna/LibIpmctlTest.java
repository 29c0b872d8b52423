package io.daos.control.jna;

import static io.daos.control.jna.NativeTestSupport.layout;
import static io.daos.control.jna.NativeTestSupport.onPath;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** libipmctl on this host: loading, the count call, and the struct layout against the header. */
public class LibIpmctlTest {

    private static final Path HEADER = Path.of("/usr/include/nvm_management.h");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static LibIpmctl libOrSkip() {
        try {
            return LibIpmctl.load();
        } catch (LibraryNotInstalledException e) {
            Assume.assumeTrue("libipmctl not installed (apt-get install libipmctl5): " + e.getMessage(), false);
            return null;
        }
    }

    /** PMem modules appear as nmem devices on the nd bus; none here means the host has no PMem. */
    private static boolean hostHasPmem() throws IOException {
        Path nd = Path.of("/sys/bus/nd/devices");
        if (!Files.isDirectory(nd)) {
            return false;
        }
        try (var s = Files.list(nd)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("nmem"));
        }
    }

    @Test
    public void noModulesCodes() {
        assertTrue(LibIpmctl.isNoModules(LibIpmctl.NVM_SUCCESS, 0));
        assertTrue(LibIpmctl.isNoModules(LibIpmctl.NVM_ERR_INIT_FAILED_NO_MODULES_FOUND, 0));
        assertFalse(LibIpmctl.isNoModules(LibIpmctl.NVM_SUCCESS, 2));
        assertFalse(LibIpmctl.isNoModules(LibIpmctl.NVM_ERR_INVALID_PERMISSIONS, 0));
        assertFalse(LibIpmctl.isNoModules(LibIpmctl.NVM_ERR_UNKNOWN, 0));
        assertFalse(LibIpmctl.isNoModules(LibIpmctl.NVM_ERR_NO_USABLE_DIMMS, 0));
    }

    @Test
    public void recordsAreReadAtTheirOffsets() {
        Memory m = LibIpmctl.DeviceDiscovery.allocate(2);
        long b = LibIpmctl.DEVICE_DISCOVERY_SIZE;
        m.setShort(b + 8, (short) 0xfffe);
        m.setShort(b + 16, (short) 1);
        m.setShort(b + 18, (short) 2);
        m.setShort(b + 20, (short) 3);
        m.setShort(b + 22, (short) 4);
        m.setLong(b + 128, 549755813888L);
        assertEquals(new LibIpmctl.DeviceDiscovery(0, 0, 0, 0, 0, 0), LibIpmctl.DeviceDiscovery.read(m, 0));
        assertEquals(new LibIpmctl.DeviceDiscovery(0xfffe, 1, 2, 3, 4, 549755813888L),
                LibIpmctl.DeviceDiscovery.read(m, 1));
    }

    @Test
    public void countOnThisHost() throws Exception {
        LibIpmctl lib = libOrSkip();
        assertSame(lib, LibIpmctl.load());
        IntByReference count = new IntByReference(-1);
        int rc = lib.nvm_get_number_of_devices(count);
        boolean root = NativeLibraries.libc().geteuid() == 0;
        if (!root) {
            assertEquals("non-root: invalid permissions", LibIpmctl.NVM_ERR_INVALID_PERMISSIONS, rc);
            return;
        }
        if (hostHasPmem()) {
            assertEquals(LibIpmctl.NVM_SUCCESS, rc);
            assertTrue(count.getValue() > 0);
            Memory buf = LibIpmctl.DeviceDiscovery.allocate(count.getValue());
            assertEquals(LibIpmctl.NVM_SUCCESS, lib.nvm_get_devices(buf, (byte) count.getValue()));
            assertTrue(LibIpmctl.DeviceDiscovery.read(buf, 0).capacity() > 0);
        } else {
            // measured here (no PMem, root): success with a count of 0
            assertTrue("rc=" + rc + " count=" + count.getValue(), LibIpmctl.isNoModules(rc, count.getValue()));
        }
    }

    /** Compiles a probe against the -dev header (when present) and compares size and offsets. */
    @Test
    public void layoutMatchesTheHeader() throws Exception {
        Assume.assumeTrue("nvm_management.h absent (apt-get install libipmctl-dev to check the layout)",
                Files.isRegularFile(HEADER));
        Assume.assumeTrue("no C compiler (gcc) to check the layout: apt-get install gcc", onPath("gcc"));
        Map<String, Integer> got = layout(tmp.getRoot().toPath(), "nvm_management.h", "device_discovery",
                "physical_id", "channel_pos", "channel_id", "memory_controller_id", "socket_id", "capacity");
        assertEquals(Integer.valueOf(LibIpmctl.DEVICE_DISCOVERY_SIZE), got.get("size"));
        assertEquals(Integer.valueOf(LibIpmctl.DeviceDiscovery.OFFSET_PHYSICAL_ID), got.get("physical_id"));
        assertEquals(Integer.valueOf(LibIpmctl.DeviceDiscovery.OFFSET_CHANNEL_POS), got.get("channel_pos"));
        assertEquals(Integer.valueOf(LibIpmctl.DeviceDiscovery.OFFSET_CHANNEL_ID), got.get("channel_id"));
        assertEquals(Integer.valueOf(LibIpmctl.DeviceDiscovery.OFFSET_MEMORY_CONTROLLER_ID),
                got.get("memory_controller_id"));
        assertEquals(Integer.valueOf(LibIpmctl.DeviceDiscovery.OFFSET_SOCKET_ID), got.get("socket_id"));
        assertEquals(Integer.valueOf(LibIpmctl.DeviceDiscovery.OFFSET_CAPACITY), got.get("capacity"));
    }
}
