package io.daos.control.harness.internal;

import io.daos.control.api.config.ServerConfig;

/**
 * The {@code -r} value of SPEC-SERVER §3.4 step 2 when {@code set_hugepages} is true: the free
 * hugepage memory divided among the server entries, less 1/16 — read once, at the first spawn
 * (later spawns would see the pages the first I/O server took), then kept. Without
 * {@code set_hugepages} it is 0 and nothing is read.
 */
final class HugepageShare {

    private final ServerConfig config;
    private final HarnessHooks hooks;
    /** The share once computed (-1: not yet; guarded by this). */
    private long mb = -1;

    HugepageShare(ServerConfig config, HarnessHooks hooks) {
        this.config = config;
        this.hooks = hooks;
    }

    /**
     * The share in MiB.
     *
     * @throws Fatal the free hugepage memory cannot be read
     */
    synchronized long mb() throws Fatal {
        if (!config.setHugepages()) {
            return 0;
        }
        if (mb < 0) {
            long free;
            try {
                free = hooks.freeHugepageMB();
            } catch (Exception e) {
                throw new Fatal("start failed: unable to read system hugepage info: " + e.getMessage());
            }
            long each = free / Math.max(1, config.servers().size());
            mb = each - each / 16;
        }
        return mb;
    }
}
