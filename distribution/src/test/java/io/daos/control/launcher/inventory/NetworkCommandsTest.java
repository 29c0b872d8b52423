package io.daos.control.launcher.inventory;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.fault.Faults;
import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.FakeNetworkScanner;
import io.daos.control.api.network.NetworkScanException;

public class NetworkCommandsTest {

    private final Console c = new Console(true);
    private final FakeNetworkScanner fabric = new FakeNetworkScanner();

    /** A fabric of two NICs unless a test sets another. */
    @Before
    public void twoNics() {
        fabric.result = List.of(new FabricInterface("ofi+verbs;ofi_rxm", "ib0", 0),
                new FabricInterface("ofi+tcp;ofi_rxm", "eth0", 1));
    }

    private int scan(boolean all, String cmd, String yml) {
        return new NetworkCommands(c.log).scan(fabric, all, cmd, yml, List.of());
    }

    private static final String BLOCKS = "\n\tfabric_iface: ib0\n\tprovider: ofi+verbs;ofi_rxm\n\tpinned_numa_node: 0\n\n"
            + "\n\tfabric_iface: eth0\n\tprovider: ofi+tcp;ofi_rxm\n\tpinned_numa_node: 1\n\n";

    @Test
    public void allOverridesEverything() {
        assertEquals(0, scan(true, "ofi+tcp", "ofi+verbs;ofi_rxm"));
        assertEquals(List.of(""), fabric.asked);
        assertEquals("Scanning fabric for all providers\n"
                + "Fabric scan found 2 devices matching the provider spec: All\n" + BLOCKS, c.out());
    }

    @Test
    public void cmdlineProviderBeforeTheFile() {
        assertEquals(0, scan(false, "ofi+verbs;ofi_rxm", "ofi+tcp;ofi_rxm"));
        assertEquals(List.of("ofi+verbs;ofi_rxm"), fabric.asked);
        assertEquals("Scanning fabric for cmdline specified provider: ofi+verbs;ofi_rxm\n"
                + "Fabric scan found 2 devices matching the provider spec: ofi+verbs;ofi_rxm\n" + BLOCKS, c.out());
    }

    @Test
    public void theFilesProvider() {
        fabric.result = List.of(new FabricInterface("ofi+tcp;ofi_rxm", "lo", 0));
        assertEquals(0, scan(false, null, "ofi+tcp;ofi_rxm"));
        assertEquals(List.of("ofi+tcp;ofi_rxm"), fabric.asked);
        assertEquals("Scanning fabric for YML specified provider: ofi+tcp;ofi_rxm\n"
                + "Fabric scan found 1 devices matching the provider spec: ofi+tcp;ofi_rxm\n"
                + "\n\tfabric_iface: lo\n\tprovider: ofi+tcp;ofi_rxm\n\tpinned_numa_node: 0\n\n", c.out());
    }

    @Test
    public void noProviderAnywhereIsAll() {
        fabric.result = List.of();
        assertEquals(0, scan(false, "", ""));
        assertEquals(List.of(""), fabric.asked);
        assertEquals("Scanning fabric for all providers\n"
                + "Fabric scan found 0 devices matching the provider spec: All\n", c.out());
    }

    @Test
    public void scanFailure() {
        fabric.error = new NetworkScanException("fabric provider: 'bogus' is not known by libfabric.  Use "
                + "'daos_server network list' to view supported providers");
        assertEquals(1, scan(false, "ofi+bogus", ""));
        assertEquals("ERROR: failed to execute the fabric and device scan: fabric provider: 'bogus' is not known "
                + "by libfabric.  Use 'daos_server network list' to view supported providers\n", c.err());
    }

    @Test
    public void scanFailureWithAFaultShowsItsResolution() {
        fabric.error = new NetworkScanException("network: code = 1 description = \"libfabric library not found\"",
                Faults.missingLibrary(Faults.DOMAIN_NETWORK, "libfabric", "libfabric1"), null);
        assertEquals(1, scan(true, null, null));
        assertEquals("ERROR: failed to execute the fabric and device scan: network: code = 1 description = "
                + "\"libfabric library not found\"\n"
                + "ERROR: network: code = 1 resolution = \"install the libfabric1 package for your OS\"\n", c.err());
    }

    @Test
    public void positionalArgumentsAreOnlyLogged() {
        assertEquals(0, new NetworkCommands(c.log).scan(fabric, true, null, "", List.of("eth0")));
        assertEquals(List.of(), fabric.asked);
        assertEquals("DEBUG network scan: unexpected arguments [eth0]; nothing scanned\n", c.out());
    }

    @Test
    public void missingScanner() {
        assertEquals(1, new NetworkCommands(c.log).scan(null, true, null, "", List.of()));
        assertEquals("ERROR: no fabric provider found: no io.daos.control.api.network.NetworkScanner service "
                + "(META-INF/services) on the class path (expected from the io.daos.control.network jar of "
                + "lib/inventory.classpath)\n", c.err());
    }

    @Test
    public void list() {
        assertEquals(0, new NetworkCommands(c.log).list());
        assertEquals("Supported providers:\n\tofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm\n", c.out());
    }
}
