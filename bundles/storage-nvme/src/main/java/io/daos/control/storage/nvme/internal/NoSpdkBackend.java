package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.util.List;

/** No SPDK in this daos_server: every NVMe operation fails with a message naming the alternatives. */
final class NoSpdkBackend implements NvmeBackend {

    static final String NO_SPDK = "SPDK is not available in this daos_server, NVMe SSDs cannot be"
            + " accessed (use bdev_class file, kdev or malloc)";

    @Override
    public List<String> scan() throws IOException {
        throw new IOException(NO_SPDK);
    }

    @Override
    public void format(String pciAddr) throws IOException {
        throw new IOException(NO_SPDK);
    }
}
