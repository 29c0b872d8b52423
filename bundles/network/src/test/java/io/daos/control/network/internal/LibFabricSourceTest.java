package io.daos.control.network.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.jna.LibraryNotInstalledException;

/** A host without libfabric1: the scan fails with the missing-software fault naming the package. */
public class LibFabricSourceTest {

    @Test
    public void aMissingLibraryIsTheCodeOneFault() {
        LibraryNotInstalledException missing = new LibraryNotInstalledException("libfabric", "libfabric1", null);
        FabricScanner scanner = new FabricScanner(new LibFabricSource(() -> {
            throw missing;
        }), java.nio.file.Path.of("/sys"));
        try {
            scanner.scan("ofi+tcp;ofi_rxm");
            fail();
        } catch (NetworkScanException e) {
            Fault f = e.fault().orElseThrow();
            assertEquals("network", f.domain());
            assertEquals(1, f.code());
            assertEquals("libfabric library not found", f.description());
            assertEquals("install the libfabric1 package for your OS", f.resolution());
            assertEquals(f.toString(), e.getMessage());
            assertEquals(missing, e.getCause());
        }
    }
}
