package io.daos.control.network.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.network.NetworkScanner;

/** SPEC-SERVER §5.2 against canned libfabric records and a temporary sysfs tree. */
public class FabricScannerTest {

    private static final String UNKNOWN = "' is not known by libfabric.  Use 'daos_server network list' to view "
            + "supported providers";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeFabricSource source = new FakeFabricSource();
    private TempSysfs sysfs;
    private FabricScanner scanner;

    @Before
    public void setUp() throws Exception {
        sysfs = new TempSysfs(tmp.newFolder("sys").toPath());
        sysfs.virtualIface("lo");
        scanner = new FabricScanner(source, sysfs.root);
    }

    private static FabricInterface fi(String provider, String device, int numa) {
        return new FabricInterface(provider, device, numa);
    }

    // ---- §5.1 provider names ----

    @Test
    public void mercuryToLibfabricPerComponent() throws Exception {
        assertEquals("sockets", Providers.toLibfabric("ofi+sockets"));
        assertEquals("tcp", Providers.toLibfabric("ofi+tcp"));
        assertEquals("verbs", Providers.toLibfabric("ofi+verbs"));
        assertEquals("ofi_rxm", Providers.toLibfabric("ofi_rxm"));
        assertEquals("psm2", Providers.toLibfabric("ofi+psm2"));
        assertEquals("gni", Providers.toLibfabric("ofi+gni"));
        assertEquals("verbs;ofi_rxm", Providers.toLibfabric("ofi+verbs;ofi_rxm"));
        assertEquals("tcp;ofi_rxm", Providers.toLibfabric("ofi+tcp;ofi_rxm"));
    }

    @Test
    public void libfabricToMercuryDropsUnknownComponents() {
        assertEquals(Optional.of("ofi+tcp;ofi_rxm"), Providers.toMercury("tcp;ofi_rxm"));
        assertEquals(Optional.of("ofi+verbs;ofi_rxm"), Providers.toMercury("verbs;ofi_rxm"));
        assertEquals(Optional.of("ofi+sockets"), Providers.toMercury("sockets"));
        assertEquals(Optional.of("ofi+psm2"), Providers.toMercury("psm2"));
        assertEquals(Optional.of("ofi+gni"), Providers.toMercury("gni"));
        assertEquals(Optional.of("ofi_rxm"), Providers.toMercury("net;ofi_rxm"));
        assertEquals(Optional.empty(), Providers.toMercury("udp;ofi_rxd"));
        assertEquals(Optional.empty(), Providers.toMercury("shm"));
    }

    @Test
    public void anUnknownComponentIsRefusedBeforeLibfabricIsAsked() {
        for (String[] c : new String[][] {{"ofi+bogus", "ofi+bogus"}, {"ofi+tcp;foo", "foo"}, {"ofi+tcp;", ""},
                {"tcp", "tcp"}}) {
            try {
                scanner.scan(c[0]);
                fail("scanned " + c[0]);
            } catch (NetworkScanException e) {
                assertEquals("fabric provider: '" + c[1] + UNKNOWN, e.getMessage());
                assertTrue(e.fault().isEmpty());
            }
        }
        assertEquals(List.of(), source.hints);
    }

    @Test
    public void defect3AHugeUnknownComponentIsShortenedInTheMessage() {
        try {
            scanner.scan("ofi+tcp;" + "x".repeat(100_000) + "\n");
            fail("scanned a 100 KB provider");
        } catch (NetworkScanException e) {
            assertEquals("fabric provider: '" + "x".repeat(40) + "... (100001 characters)" + UNKNOWN, e.getMessage());
        }
        assertEquals(List.of(), source.hints);
    }

    @Test
    public void emptyProviderAsksForAllAndAProviderIsHintedInLibfabricNames() throws Exception {
        scanner.scan("");
        scanner.scan(null);
        scanner.scan("ofi+verbs;ofi_rxm");
        assertEquals(List.of("", "", "verbs;ofi_rxm"), source.hints);
    }

    // ---- §5.2 step 2: no records ----

    @Test
    public void noRecordsIsAnEmptyResultWithoutReadingSysfs() throws Exception {
        FabricScanner noSysfs = new FabricScanner(source, tmp.getRoot().toPath().resolve("absent"));
        assertEquals(List.of(), noSysfs.scan("ofi+verbs"));
    }

    @Test
    public void anUnreadableSysfsIsAnError() {
        source.add("tcp;ofi_rxm", "lo");
        FabricScanner noSysfs = new FabricScanner(source, tmp.getRoot().toPath().resolve("absent"));
        try {
            noSysfs.scan("");
            fail();
        } catch (NetworkScanException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("unable to list the network interfaces in "));
        }
    }

    @Test
    public void libfabricErrorsPassThrough() {
        Fault f = Faults.missingLibrary(Faults.DOMAIN_NETWORK, "libfabric", "libfabric1");
        source.error = new NetworkScanException(f.toString(), f, null);
        try {
            scanner.scan("");
            fail();
        } catch (NetworkScanException e) {
            assertSame(source.error, e);
            assertEquals("network: code = 1 description = \"libfabric library not found\"", e.getMessage());
            assertEquals("install the libfabric1 package for your OS", e.fault().get().resolution());
        }
    }

    // ---- §5.2 step 4: resolution ----

    @Test
    public void loopbackIsItselfOnNodeZero() throws Exception {
        source.add("tcp;ofi_rxm", "lo");
        assertEquals(List.of(fi("ofi+tcp;ofi_rxm", "lo", 0)), scanner.scan(""));
    }

    @Test
    public void aDeviceBackedInterfaceIsItselfWithItsNumaNode() throws Exception {
        sysfs.iface("eth1", sysfs.pci("0000:81:00.0", 1));
        source.add("sockets", "eth1");
        assertEquals(List.of(fi("ofi+sockets", "eth1", 1)), scanner.scan("ofi+sockets"));
    }

    @Test
    public void anRdmaDeviceIsItsSiblingInterface() throws Exception {
        Path pci = sysfs.pci("0000:5e:00.0", 1);
        sysfs.iface("ib0", pci).rdma("mlx4_0", pci);
        source.add("verbs;ofi_rxm", "mlx4_0");
        assertEquals(List.of(fi("ofi+verbs;ofi_rxm", "ib0", 1)), scanner.scan("ofi+verbs;ofi_rxm"));
    }

    @Test
    public void aDecoratedDomainIsTheLongestContainedDeviceThenItsSibling() throws Exception {
        Path hfi = sysfs.pci("0000:18:00.0", 0);
        sysfs.iface("ib0", hfi).rdma("hfi1_0", hfi);
        Path m1 = sysfs.pci("0000:af:00.0", 1);
        sysfs.iface("ib1", m1).rdma("mlx5_1", m1);
        Path m10 = sysfs.pci("0000:af:00.1", 1);
        sysfs.iface("ib10", m10).rdma("mlx5_10", m10);
        source.add("verbs;ofi_rxm", "hfi1_0-dgram").add("verbs;ofi_rxm", "mlx5_10-xrc");
        assertEquals(List.of(fi("ofi+verbs;ofi_rxm", "ib0", 0), fi("ofi+verbs;ofi_rxm", "ib10", 1)), scanner.scan(""));
    }

    @Test
    public void aDecoratedInterfaceNameIsTheInterface() throws Exception {
        sysfs.iface("eth1", sysfs.pci("0000:81:00.0", 1));
        source.add("sockets", "eth1-alias");
        assertEquals(List.of(fi("ofi+sockets", "eth1", 1)), scanner.scan(""));
    }

    @Test
    public void unresolvableDomainsAreSkipped() throws Exception {
        sysfs.virtualIface("br0"); // hwloc lists no virtual interfaces
        Path orphan = sysfs.pci("0000:3b:00.0", 0);
        sysfs.rdma("mlx4_1", orphan); // no interface on that function
        source.add("tcp;ofi_rxm", "qib9").add("tcp;ofi_rxm", "br0").add("verbs", "mlx4_1").add("tcp;ofi_rxm", "lo");
        assertEquals(List.of(fi("ofi+tcp;ofi_rxm", "lo", 0)), scanner.scan(""));
    }

    @Test
    public void recordsWithoutDomainOrProviderOrMercuryNameAreSkipped() throws Exception {
        source.records.add(new FabricRecord(null, "lo", null, false, null));
        source.records.add(new FabricRecord("tcp", null, null, false, null));
        source.records.add(new FabricRecord("tcp", "", null, false, null));
        source.add("udp;ofi_rxd", "lo").add("shm", "lo").add("net;ofi_rxm", "lo");
        assertEquals(List.of(fi("ofi_rxm", "lo", 0)), scanner.scan(""));
    }

    // ---- psm2 ----

    @Test
    public void psm2AnyUnitIsOneEntryPerHfiAndAnExplicitUnitOrNoAddressIsSkipped() throws Exception {
        Path h0 = sysfs.pci("0000:18:00.0", 0);
        sysfs.iface("ib0", h0).rdma("hfi1_0", h0);
        Path h1 = sysfs.pci("0000:d8:00.0", 1);
        sysfs.iface("ib1", h1).rdma("hfi1_1", h1);
        source.records.add(new FabricRecord("psm2", "psm2", "psm2", true, 0)); // explicit unit: quirk, skipped
        source.records.add(new FabricRecord("psm2", "psm2", "psm2", false, null)); // no source address
        source.records.add(new FabricRecord("psm2", "psm2", "psm2", true, -1));
        assertEquals(List.of(fi("ofi+psm2", "ib0", 0), fi("ofi+psm2", "ib1", 1)), scanner.scan("ofi+psm2"));
    }

    @Test
    public void psm2AnyUnitWithoutHfiDevicesIsNothing() throws Exception {
        source.records.add(new FabricRecord("psm2", "psm2", "psm2", true, -1));
        assertEquals(List.of(), scanner.scan("ofi+psm2"));
    }

    // ---- §5.2 step 5: NUMA ----

    @Test
    public void numaMinusOneOrMissingIsZeroAndAnAncestorsNodeCounts() throws Exception {
        sysfs.iface("eth1", sysfs.pci("0000:01:00.0", -1));
        sysfs.iface("eth2", sysfs.pci("0000:02:00.0", null));
        Path virtio = Files.createDirectories(sysfs.pci("0000:03:00.0", 1).resolve("virtio2"));
        sysfs.iface("eth3", virtio);
        Path garbled = sysfs.pci("0000:04:00.0", null);
        Files.writeString(garbled.resolve("numa_node"), "x\n");
        sysfs.iface("eth4", garbled);
        source.add("tcp", "eth1").add("tcp", "eth2").add("tcp", "eth3").add("tcp", "eth4");
        assertEquals(List.of(fi("ofi+tcp", "eth1", 0), fi("ofi+tcp", "eth2", 0), fi("ofi+tcp", "eth3", 1),
                fi("ofi+tcp", "eth4", 0)), scanner.scan("ofi+tcp"));
    }

    // ---- §5.2 step 7 ----

    @Test
    public void identicalResultsAreReportedOnceInLibfabricOrder() throws Exception {
        sysfs.iface("eth0", sysfs.pci("0000:00:03.0", 0));
        source.add("tcp;ofi_rxm", "eth0").add("tcp;ofi_rxm", "eth0").add("tcp;ofi_rxm", "lo")
                .add("sockets", "eth0").add("tcp;ofi_rxm", "eth0").add("tcp;ofi_rxm", "lo").add("tcp", "eth0");
        assertEquals(List.of(fi("ofi+tcp;ofi_rxm", "eth0", 0), fi("ofi+tcp;ofi_rxm", "lo", 0),
                fi("ofi+sockets", "eth0", 0), fi("ofi+tcp", "eth0", 0)), scanner.scan(""));
    }

    // ---- packaging ----

    @Test
    public void serviceLoaderFindsTheScanner() {
        List<NetworkScanner> found = ServiceLoader.load(NetworkScanner.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(1, found.size());
        assertTrue(found.get(0) instanceof FabricScanner);
    }
}
