package io.daos.control.storage.nvme.internal;

import io.daos.control.api.storage.NvmeHealth;

/** Reads the health counters of a kernel-bound NVMe controller. */
@FunctionalInterface
interface HealthReader {

    /** Never reads anything (controllers are reported without health). */
    HealthReader NONE = name -> null;

    /**
     * The health of controller {@code ctrlName} (e.g. {@code nvme0}), or null when it cannot be
     * read (not root, no device node, ioctl error). Never throws.
     */
    NvmeHealth read(String ctrlName);
}
