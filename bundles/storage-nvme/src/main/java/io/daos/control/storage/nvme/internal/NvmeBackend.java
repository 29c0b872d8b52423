package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.util.List;

/**
 * Access to NVMe controllers (the reference's SPDK binding behind {@code daos_admin}). This build
 * has no SPDK: {@link NoSpdkBackend} is the real one; tests use a fake.
 */
interface NvmeBackend {

    /** PCI addresses of the controllers that can be formatted. */
    List<String> scan() throws IOException;

    /** Quick format (or NVMe Format NVM) of the controller at {@code pciAddr}. */
    void format(String pciAddr) throws IOException;
}
