package io.daos.control.network.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.network.NetworkScanner;
import io.daos.control.jna.LibFabric;
import io.daos.control.jna.LibraryNotInstalledException;

/** The real scanner (libfabric1 + /sys) on this host; skipped where libfabric1 is not installed. */
public class RealFabricScanTest {

    private final NetworkScanner scanner = new FabricScanner();

    @BeforeClass
    public static void needsLibfabric() {
        try {
            LibFabric.load();
        } catch (LibraryNotInstalledException e) {
            Assume.assumeTrue("libfabric1 is not installed (apt-get install libfabric1): " + e.getMessage(), false);
        }
    }

    /** What must hold of any result: kernel interfaces, Mercury names, no duplicates. */
    private static void assertWellFormed(List<FabricInterface> result) {
        Set<String> interfaces = Set.of(new File("/sys/class/net").list());
        assertEquals("duplicates in " + result, result.size(), new HashSet<>(result).size());
        for (FabricInterface f : result) {
            assertTrue(f + " is not a kernel interface", interfaces.contains(f.device()));
            assertTrue(f.toString(), f.numaNode() >= 0);
            for (String component : f.provider().split(";")) {
                assertTrue(f + ": " + component, NetworkScanner.SUPPORTED_PROVIDERS.contains(component));
            }
        }
    }

    @Test
    public void allProvidersIncludeTcpOnLoopback() throws Exception {
        List<FabricInterface> all = scanner.scan("");
        assertWellFormed(all);
        // libfabric's tcp provider layered under rxm serves every IP interface, lo included
        assertTrue(all.toString(), all.contains(new FabricInterface("ofi+tcp;ofi_rxm", "lo", 0)));
    }

    @Test
    public void aProviderReturnsOnlyThatProvider() throws Exception {
        List<FabricInterface> tcp = scanner.scan("ofi+tcp;ofi_rxm");
        assertWellFormed(tcp);
        assertTrue(tcp.toString(), tcp.contains(new FabricInterface("ofi+tcp;ofi_rxm", "lo", 0)));
        for (FabricInterface f : tcp) {
            assertEquals(f.toString(), "ofi+tcp;ofi_rxm", f.provider());
        }
        List<FabricInterface> sockets = scanner.scan("ofi+sockets");
        assertWellFormed(sockets);
        assertFalse(sockets.isEmpty());
        for (FabricInterface f : sockets) {
            assertEquals(f.toString(), "ofi+sockets", f.provider());
        }
    }

    @Test
    public void anUnknownProviderIsRefused() {
        try {
            scanner.scan("ofi+bogus");
            fail();
        } catch (NetworkScanException e) {
            assertEquals("fabric provider: 'ofi+bogus' is not known by libfabric.  Use 'daos_server network list' "
                    + "to view supported providers", e.getMessage());
        }
    }

    @Test
    public void verbsWithoutRdmaDevicesIsEmpty() throws Exception {
        Assume.assumeFalse("this host has RDMA devices (/sys/class/infiniband); the test needs a host without RDMA",
                new File("/sys/class/infiniband").exists());
        assertEquals(List.of(), scanner.scan("ofi+verbs"));
        assertEquals(List.of(), scanner.scan("ofi+verbs;ofi_rxm"));
    }
}
