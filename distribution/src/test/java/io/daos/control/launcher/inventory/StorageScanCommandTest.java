package io.daos.control.launcher.inventory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeHealth;
import io.daos.control.api.storage.NvmeNamespace;
import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmMountUsage;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;

public class StorageScanCommandTest {

    private static final long GIB = 1L << 30;

    static final List<ScmModule> MODULES = List.of(
            new ScmModule(1, 0, 0, 1, 7, 128 * GIB),
            new ScmModule(0, 1, 0, 0, 2, 256 * GIB));
    static final List<ScmNamespace> NAMESPACES = List.of(
            new ScmNamespace("uuid-1", "pmem1", "namespace1.0", 1, 3_200_000_000_000L),
            new ScmNamespace("uuid-0", "pmem0", "namespace0.0", 0, 1_500_000_000_000L));

    static NvmeController ctrlr(String pci, String model, int socket, long... sizes) {
        List<NvmeNamespace> ns = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            ns.add(new NvmeNamespace(i + 1, sizes[i]));
        }
        return new NvmeController(model, "SN-" + pci, pci, "FW1", socket,
                new NvmeHealth(300, 1, 2, 3, 4, 5, 6, 7, 8, false, true, false, false, false), ns, "nvme",
                List.of());
    }

    private final Console c = new Console();
    private final FakeBdevProvider bdev = new FakeBdevProvider();
    private final FakeScmProvider scm = new FakeScmProvider();

    private int run(boolean verbose) {
        return new StorageScanCommand(scm, bdev, verbose, c.log).run();
    }

    @Test
    public void nothingAttachedIsNoneTwice() {
        assertEquals(0, run(false));
        assertEquals("Scanning locally-attached storage...\n"
                + "NVMe controllers and namespaces:\n\t\tnone\n"
                + "SCM Modules:\n\t\tnone\n", c.out());
        assertEquals("", c.err());
        assertEquals(List.of(BdevFilter.ALL), bdev.filters);
    }

    @Test
    public void controllersSortedByPciAddressWithSummedCapacity() {
        bdev.scanResult = List.of(ctrlr("0000:81:00.0", "INTEL SSDPE2KE016T8", 1, 1_600_321_314_816L),
                ctrlr("0000:5e:00.0", "Samsung 970", 0, 500_000_000_000L, 250_000_000_000L));
        assertEquals(0, run(false));
        assertEquals("Scanning locally-attached storage...\n"
                + "NVMe controllers and namespaces:\n"
                + "\t\tPCI:0000:5e:00.0 Model:Samsung 970 FW:FW1 Socket:0 Capacity:750 GB\n"
                + "\t\tPCI:0000:81:00.0 Model:INTEL SSDPE2KE016T8 FW:FW1 Socket:1 Capacity:1.6 TB\n"
                + "SCM Modules:\n\t\tnone\n", c.out());
    }

    @Test
    public void modulesSortedByPhysicalIdWithIecCapacity() {
        scm.scanResult = new ScmScan(ScmRegionState.NO_REGIONS, MODULES, List.of());
        assertEquals(0, run(false));
        assertTrue(c.out(), c.out().endsWith("SCM Modules:\n"
                + "\t\tPhysicalID:2 Capacity:256 GiB Location:(socket:0 memctrlr:0 chan:0 pos:1)\n"
                + "\t\tPhysicalID:7 Capacity:128 GiB Location:(socket:1 memctrlr:0 chan:1 pos:0)\n"));
    }

    @Test
    public void namespacesInsteadOfModulesWhenThereAreAny() {
        scm.scanResult = new ScmScan(ScmRegionState.NO_CAPACITY, MODULES, NAMESPACES);
        assertEquals(0, run(false));
        assertTrue(c.out(), c.out().endsWith("\t\tnone\nSCM Namespaces:\n"
                + "\t\tDevice:pmem0 Socket:0 Capacity:1.5 TB\n"
                + "\t\tDevice:pmem1 Socket:1 Capacity:3.2 TB\n"));
        assertTrue(c.out(), !c.out().contains("PhysicalID"));
    }

    @Test
    public void verboseShowsEverything() {
        NvmeController inUse = new NvmeController("M", "S123", "0000:01:00.0", "F", 0, null,
                List.of(new NvmeNamespace(1, 2_000_000_000_000L)), "", List.of("/mnt/a", "/mnt/b"));
        bdev.scanResult = List.of(ctrlr("0000:02:00.0", "X", 0, 1_000_000_000L), inUse);
        scm.scanResult = new ScmScan(ScmRegionState.NO_CAPACITY, MODULES, NAMESPACES);
        assertEquals(0, run(true));
        String out = c.out();
        assertTrue(out, out.contains("\t\tPCI:0000:01:00.0 Model:M FW:F Socket:0 Capacity:2.0 TB\n"
                + "\t\t\tSerial:S123 Driver:none InUse:yes (mounted at /mnt/a, /mnt/b)\n"
                + "\t\t\tNamespace:1 Size:2.0 TB (2000000000000 bytes)\n"
                + "\t\t\tHealth: not available\n"));
        assertTrue(out, out.contains("\t\tPCI:0000:02:00.0 Model:X FW:FW1 Socket:0 Capacity:1.0 GB\n"
                + "\t\t\tSerial:SN-0000:02:00.0 Driver:nvme InUse:no\n"
                + "\t\t\tNamespace:1 Size:1.0 GB (1000000000 bytes)\n"
                + "\t\t\tHealth: Temperature:300K (27 C) PowerOnHours:5 PowerCycles:4 UnsafeShutdowns:6 "
                + "MediaErrors:7 ErrorLogEntries:8 TempWarnTime:1min TempCritTime:2min CtrlBusyTime:3min "
                + "Warnings:available spare\n"));
        assertTrue(out, out.contains("SCM state: ScmStateNoCapacity\nSCM Modules:\n"
                + "\t\tPhysicalID:2 Capacity:256 GiB Location:(socket:0 memctrlr:0 chan:0 pos:1)\n"
                + "\t\t\tSize:274877906944 bytes\n"));
        assertTrue(out, out.contains("SCM Namespaces:\n\t\tDevice:pmem0 Socket:0 Capacity:1.5 TB\n"
                + "\t\t\tUUID:uuid-0 Dev:namespace0.0 Size:1500000000000 bytes\n"));
    }

    @Test
    public void aGivenConfigFiltersAndAddsItsEmulatedDevices() {
        bdev.scanResult = List.of(ctrlr("0000:81:00.0", "A", 0, 1_000_000_000_000L));
        NvmeController file = new NvmeController("file", "", "/srv/bdev0.img", "", 0, null,
                List.of(new NvmeNamespace(1, 4_000_000_000L)), "", List.of());
        BdevFilter filter = new BdevFilter(List.of("0000:81:00.0"), List.of("0000:82:00.0"));
        assertEquals(0, new StorageScanCommand(scm, bdev, false, c.log, filter, List.of(file)).run());
        assertEquals(List.of(filter), bdev.filters);
        assertTrue(c.out(), c.out().contains("NVMe controllers and namespaces:\n"
                + "\t\tPCI:0000:81:00.0 Model:A FW:FW1 Socket:0 Capacity:1.0 TB\n"
                + "\t\tPCI:/srv/bdev0.img Model:file FW: Socket:0 Capacity:4.0 GB\n"));
    }

    @Test
    public void failuresAreCollectedAfterThePartThatWorked() {
        bdev.scanError = new StorageException("SPDK env init failed");
        scm.scanResult = new ScmScan(ScmRegionState.NO_REGIONS, MODULES.subList(0, 1), List.of());
        assertEquals(1, run(false));
        assertEquals("Scanning locally-attached storage...\nSCM Modules:\n"
                + "\t\tPhysicalID:7 Capacity:128 GiB Location:(socket:1 memctrlr:0 chan:1 pos:0)\n", c.out());
        assertEquals("ERROR: scan error(s):\n  SPDK env init failed\n", c.err());
    }

    @Test
    public void bothFailingWithFaultsGiveTheirResolutionLines() {
        StorageException lib = new StorageException(Faults.missingLibrary(Faults.DOMAIN_SCM, "libipmctl", "libipmctl5"));
        scm.scanError = lib;
        bdev.scanError = new StorageException("nvme scan: permission denied");
        assertEquals(1, run(false));
        assertEquals("Scanning locally-attached storage...\n", c.out());
        assertEquals("ERROR: scan error(s):\n"
                + "  nvme scan: permission denied\n"
                + "  scm: code = 1 description = \"libipmctl library not found\"\n"
                + "ERROR: scm: code = 1 resolution = \"install the libipmctl5 package for your OS\"\n", c.err());
    }

    @Test
    public void aMissingProviderIsAScanError() {
        assertEquals(1, new StorageScanCommand(scm, null, false, c.log).run());
        assertTrue(c.out(), c.out().endsWith("SCM Modules:\n\t\tnone\n"));
        assertEquals("ERROR: scan error(s):\n  no NVMe provider found: no io.daos.control.api.storage.BdevProvider "
                + "service (META-INF/services) on the class path (expected from the io.daos.control.storage.nvme "
                + "jar of lib/inventory.classpath)\n", c.err());
    }

    @Test
    public void anUnexpectedProviderFailureIsCollectedToo() {
        scm.crashScan(new UnsatisfiedLinkError("libipmctl.so.5: cannot open shared object file"));
        assertEquals(1, new StorageScanCommand(scm, bdev, false, c.log).run());
        assertEquals("ERROR: scan error(s):\n  libipmctl.so.5: cannot open shared object file\n", c.err());
    }

    // ---- -v with a config: the state of each server's scm_mount

    private static final List<IOServerConfig> SERVERS = List.of(
            TestConfig.ram("/mnt/daos0", 8).build(),
            TestConfig.dcpm("/mnt/daos1", "/dev/pmem1").build());

    private int runWithConfig(boolean verbose) {
        return new StorageScanCommand(scm, bdev, verbose, c.log, BdevFilter.ALL, List.of(), SERVERS).run();
    }

    @Test
    public void verboseWithAConfigEndsWithEachScmMountPoint() {
        scm.usage.put("/mnt/daos0", new ScmMountUsage("/mnt/daos0", true, 8 * GIB, 8 * GIB - 300L * (1 << 20)));
        assertEquals(0, runWithConfig(true));
        assertEquals("Scanning locally-attached storage...\n"
                + "NVMe controllers and namespaces:\n\t\tnone\n"
                + "SCM state: ScmStateUnknown\nSCM Modules:\n\t\tnone\n"
                + "SCM mount points:\n"
                + "\t\tMount:/mnt/daos0 Class:ram Mounted:true Size:8.0 GiB Free:7.7 GiB\n"
                + "\t\tMount:/mnt/daos1 Class:dcpm Mounted:false\n", c.out());
        assertEquals(List.of("scan", "usage /mnt/daos0", "usage /mnt/daos1"), scm.calls);
        assertEquals("", c.err());
    }

    @Test
    public void withoutVerboseOrConfigTheMountPointsAreNotAsked() {
        assertEquals(0, runWithConfig(false));
        assertEquals("Scanning locally-attached storage...\n"
                + "NVMe controllers and namespaces:\n\t\tnone\n"
                + "SCM Modules:\n\t\tnone\n", c.out());
        assertEquals(0, run(true));
        assertTrue(c.out(), !c.out().contains("SCM mount points:"));
        assertEquals(List.of("scan", "scan"), scm.calls);
    }

    @Test
    public void mountPointsAreShownEvenWhenTheScmScanFails() {
        scm.scanError = new StorageException("failed to discover SCM modules: boom");
        scm.mounted.add("/mnt/daos1");
        assertEquals(1, runWithConfig(true));
        assertTrue(c.out(), c.out().endsWith("SCM mount points:\n"
                + "\t\tMount:/mnt/daos0 Class:ram Mounted:false\n"
                + "\t\tMount:/mnt/daos1 Class:dcpm Mounted:true Size:0 B Free:0 B\n"));
        assertEquals("ERROR: scan error(s):\n  failed to discover SCM modules: boom\n", c.err());
    }

    @Test
    public void aMountPointThatCannotBeReadIsAScanError() {
        scm.usageError = new StorageException(Faults.SCM_FORMAT_MISSING_MOUNTPOINT);
        assertEquals(1, runWithConfig(true));
        assertTrue(c.out(), c.out().endsWith("SCM Modules:\n\t\tnone\nSCM mount points:\n"));
        assertEquals("ERROR: scan error(s):\n"
                + "  scm: code = 213 description = \"format request must specify mountpoint\"\n"
                + "  scm: code = 213 description = \"format request must specify mountpoint\"\n", c.err());
    }
}
