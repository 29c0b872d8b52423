package io.daos.control.storage.nvme.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeHealth;
import io.daos.control.api.storage.NvmeNamespace;
import io.daos.control.api.storage.StorageException;

/** NVMe scan over fake sysfs trees (SPEC-SERVER §4.7 "Scan" without SPDK). */
public class SysfsScannerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeSysfs fs;
    private final List<String> healthAsked = new ArrayList<>();
    private final NvmeHealth someHealth = new NvmeHealth(310, 1, 2, 3, 4, 5, 6, 7, 8, false, false, false, false,
            false);

    @Before
    public void setUp() throws Exception {
        fs = new FakeSysfs(tmp.newFolder("root").toPath());
    }

    private SysfsScanner scanner() {
        return new SysfsScanner(fs.sys(), fs.mountinfo(), name -> {
            healthAsked.add(name);
            return someHealth;
        });
    }

    private List<NvmeController> scan(BdevFilter f) throws StorageException {
        return scanner().scan(f);
    }

    private static List<String> addrs(List<NvmeController> l) {
        return l.stream().map(NvmeController::pciAddr).toList();
    }

    @Test
    public void zeroControllers() throws Exception {
        fs.pciDevice("0000:00:03.0", "0x020000", "virtio-pci");
        assertEquals(List.of(), scan(BdevFilter.ALL));
        assertTrue(healthAsked.isEmpty());
    }

    @Test
    public void noPciBusAtAllIsNoControllers() throws Exception {
        SysfsScanner s = new SysfsScanner(tmp.newFolder("empty").toPath(), fs.mountinfo(), HealthReader.NONE);
        assertEquals(List.of(), s.scan(BdevFilter.ALL));
    }

    @Test
    public void oneKernelBoundControllerWithNamespacesAndSizes() throws Exception {
        FakeSysfs.Ctrl c = fs.nvme("0000:81:00.0", 1).kernel(0, "INTEL SSDPE2KE016T8", "PHLN0001", "VDV10170");
        c.namespace("nvme0n1", 3_125_627_568L, "259:0");
        c.namespace("nvme0n2", 1000, "259:1");
        List<NvmeController> l = scan(BdevFilter.ALL);
        assertEquals(1, l.size());
        NvmeController x = l.get(0);
        assertEquals("0000:81:00.0", x.pciAddr());
        assertEquals("INTEL SSDPE2KE016T8", x.model());
        assertEquals("PHLN0001", x.serial());
        assertEquals("VDV10170", x.fwRev());
        assertEquals(1, x.socketId());
        assertEquals("nvme", x.driver());
        assertEquals(List.of(new NvmeNamespace(1, 3_125_627_568L * 512), new NvmeNamespace(2, 512_000)),
                x.namespaces());
        assertEquals(3_125_627_568L * 512 + 512_000, x.capacity());
        assertSame(someHealth, x.health());
        assertEquals(List.of("nvme0"), healthAsked);
        assertEquals(List.of(), x.mounts());
        assertFalse(x.inUse());
    }

    @Test
    public void severalControllersSortedByAddress() throws Exception {
        fs.nvme("0000:da:00.0", 1).kernel(2, "m", "s3", "f");
        fs.nvme("0000:5e:00.0", 0).kernel(0, "m", "s1", "f");
        fs.nvme("0000:81:00.0", 1).kernel(1, "m", "s2", "f");
        fs.pciDevice("0000:00:1f.2", "0x010601", "ahci");
        assertEquals(List.of("0000:5e:00.0", "0000:81:00.0", "0000:da:00.0"), addrs(scan(BdevFilter.ALL)));
    }

    @Test
    public void numaMinusOneIsZero() throws Exception {
        fs.nvme("0000:01:00.0", -1).kernel(0, "m", "s", "f");
        assertEquals(0, scan(BdevFilter.ALL).get(0).socketId());
    }

    @Test
    public void nsidFileWinsOverTheName() throws Exception {
        FakeSysfs.Ctrl c = fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f");
        Path ns = c.namespace("nvme0n1", 8, "259:0");
        FakeSysfs.write(ns.resolve("nsid"), "7\n");
        assertEquals(List.of(new NvmeNamespace(7, 4096)), scan(BdevFilter.ALL).get(0).namespaces());
    }

    @Test
    public void multipathPathDeviceUsesTheHeadForMounts() throws Exception {
        FakeSysfs.Ctrl c = fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f");
        Path path = c.ctrlDir().resolve("nvme0c0n1"); // hidden path device: size, no dev
        FakeSysfs.write(path.resolve("size"), "16\n");
        Path head = fs.sys().resolve("class/block/nvme0n1");
        FakeSysfs.write(head.resolve("dev"), "259:0\n");
        FakeSysfs.write(head.resolve("nvme0n1p1/partition"), "1\n");
        FakeSysfs.write(head.resolve("nvme0n1p1/dev"), "259:1\n");
        fs.mount("259:1", "/data");
        NvmeController x = scan(BdevFilter.ALL).get(0);
        assertEquals(List.of(new NvmeNamespace(1, 8192)), x.namespaces());
        assertEquals(List.of("/data"), x.mounts());
    }

    @Test
    public void mountedPartitionMakesTheControllerInUse() throws Exception {
        FakeSysfs.Ctrl c = fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f");
        Path ns = c.namespace("nvme0n1", 1000, "259:0");
        c.partition(ns, "nvme0n1p1", "259:1");
        c.partition(ns, "nvme0n1p2", "259:2");
        fs.mount("259:2", "/mnt/my data").mount("259:2", "/bind/again");
        fs.nvme("0000:02:00.0", 0).kernel(1, "m", "s", "f").namespace("nvme1n1", 1000, "259:3");
        List<NvmeController> l = scan(BdevFilter.ALL);
        assertEquals(List.of("/mnt/my data", "/bind/again"), l.get(0).mounts());
        assertTrue(l.get(0).inUse());
        assertFalse(l.get(1).inUse());
    }

    @Test
    public void mountedHolderMakesTheControllerInUse() throws Exception {
        FakeSysfs.Ctrl c = fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f");
        Path ns = c.namespace("nvme0n1", 1000, "259:0");
        Path p = c.partition(ns, "nvme0n1p1", "259:1");
        c.holder(p, "dm-0", "253:0");
        fs.mount("253:0", "/var/lib/lvm-volume");
        assertEquals(List.of("/var/lib/lvm-volume"), scan(BdevFilter.ALL).get(0).mounts());
    }

    @Test
    public void wholeNamespaceMounted() throws Exception {
        fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f").namespace("nvme0n1", 1000, "259:0");
        fs.mount("259:0", "/srv");
        assertEquals(List.of("/srv"), scan(BdevFilter.ALL).get(0).mounts());
    }

    @Test
    public void excludedByTheFilter() throws Exception {
        fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f");
        fs.nvme("0000:02:00.0", 0).kernel(1, "m", "s", "f");
        fs.nvme("0000:03:00.0", 0).kernel(2, "m", "s", "f");
        assertEquals(List.of("0000:01:00.0", "0000:03:00.0"),
                addrs(scan(new BdevFilter(List.of(), List.of("0000:02:00.0")))));
        // only the excluded one is not read at all
        assertEquals(List.of("nvme0", "nvme2"), healthAsked);
    }

    @Test
    public void notInTheIncludeList() throws Exception {
        fs.nvme("0000:01:00.0", 0).kernel(0, "m", "s", "f");
        fs.nvme("0000:02:00.0", 0).kernel(1, "m", "s", "f");
        fs.nvme("0000:03:00.0", 0).kernel(2, "m", "s", "f");
        assertEquals(List.of("0000:02:00.0"), addrs(scan(new BdevFilter(List.of("0000:02:00.0"), List.of()))));
        assertEquals(List.of("0000:01:00.0"), addrs(scan(new BdevFilter(List.of("0000:01:00.0", "0000:02:00.0"),
                List.of("0000:02:00.0")))));
    }

    @Test
    public void boundToVfioHasNoKernelView() throws Exception {
        fs.nvme("0000:81:00.0", 1).driver("vfio-pci");
        fs.nvme("0000:82:00.0", 1); // unbound
        List<NvmeController> l = scan(BdevFilter.ALL);
        assertEquals(new NvmeController("", "", "0000:81:00.0", "", 1, null, List.of(), "vfio-pci", List.of()),
                l.get(0));
        assertEquals(new NvmeController("", "", "0000:82:00.0", "", 1, null, List.of(), "", List.of()), l.get(1));
        assertTrue("no health read without a kernel controller", healthAsked.isEmpty());
    }

    @Test
    public void nonNvmePciClassIgnored() throws Exception {
        fs.pciDevice("0000:00:02.0", "0x030000", "i915");
        fs.pciDevice("0000:00:17.0", "0x010601", "ahci");
        fs.pciDevice("0000:00:1f.0", "0x010803", null); // NVMe class but another programming interface
        fs.nvme("0000:04:00.0", 0).kernel(0, "m", "s", "f");
        assertEquals(List.of("0000:04:00.0"), addrs(scan(BdevFilter.ALL)));
    }

    @Test
    public void unreadableHealthIsNullAndTheControllerStillReturned() throws Exception {
        fs.nvme("0000:04:00.0", 0).kernel(0, "m", "s", "f");
        SysfsScanner s = new SysfsScanner(fs.sys(), fs.mountinfo(), new IoctlHealthReader(fs.dev()));
        List<NvmeController> l = s.scan(BdevFilter.ALL);
        assertEquals(1, l.size());
        assertNull(l.get(0).health());
    }

    @Test
    public void neverCached() throws Exception {
        SysfsScanner s = scanner();
        assertEquals(0, s.scan(BdevFilter.ALL).size());
        fs.nvme("0000:04:00.0", 0).kernel(0, "m", "s", "f");
        assertEquals(1, s.scan(BdevFilter.ALL).size());
    }

    @Test
    public void unreadableMountinfoIsAnError() throws Exception {
        fs.nvme("0000:04:00.0", 0).kernel(0, "m", "s", "f");
        Files.delete(fs.mountinfo());
        try {
            scanner().scan(BdevFilter.ALL);
            fail("no mountinfo");
        } catch (StorageException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("NVMe scan: reading " + fs.mountinfo()));
        }
    }

    /** This machine: no NVMe, so an empty list and no error; prints how long a real scan takes. */
    @Test
    public void realSysfsScan() throws Exception {
        org.junit.Assume.assumeTrue("no /sys/bus/pci on this host (needs Linux sysfs with PCI; some containers hide it)",
                Files.isDirectory(Path.of("/sys/bus/pci")));
        SysfsScanner real = BdevProviderImpl.systemScanner();
        long t0 = System.nanoTime();
        real.scan(BdevFilter.ALL); // first: includes class loading
        long t1 = System.nanoTime();
        List<NvmeController> l = real.scan(BdevFilter.ALL);
        long t2 = System.nanoTime();
        System.out.println("real NVMe sysfs scan: " + l.size() + " controllers; first call " + (t1 - t0) / 1000
                + " us, second " + (t2 - t1) / 1000 + " us");
        boolean hasNvme;
        try (var s = Files.list(Path.of("/sys/bus/pci/devices"))) {
            hasNvme = s.anyMatch(d -> {
                try {
                    return SysfsScanner.NVME_CLASS.equals(SysfsScanner.read(d.resolve("class")));
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
        if (!hasNvme) {
            assertEquals(List.of(), l);
        } else {
            assertFalse(l.isEmpty());
        }
    }

    @Test
    public void iommuIsPresentOnlyWhenTheClassDirectoryHasAnEntry() throws Exception {
        assertFalse("no class/iommu", scanner().iommuPresent());
        java.nio.file.Files.createDirectories(fs.sys().resolve("class/iommu"));
        assertFalse("empty class/iommu", scanner().iommuPresent());
        java.nio.file.Files.createDirectories(fs.sys().resolve("class/iommu/dmar0"));
        assertTrue(scanner().iommuPresent());
    }
}
