package io.daos.control.api.storage;

import java.util.List;

/**
 * One NVMe controller found by a scan (SPEC-SERVER §4.7; wire {@code ctl.NvmeController}), plus
 * what the host knows about its use.
 *
 * @param model      model name
 * @param serial     serial number
 * @param pciAddr    PCI address, e.g. {@code 0000:81:00.0}
 * @param fwRev      firmware revision
 * @param socketId   NUMA node of the PCI device (0 when the platform reports none)
 * @param health     health counters, or null where they cannot be read
 * @param namespaces namespaces (sizes in bytes)
 * @param driver     kernel driver the device is bound to ({@code nvme}, {@code vfio-pci},
 *                   {@code uio_pci_generic}, …), empty when unbound
 * @param mounts     mount points of its block devices (non-empty = in use by the kernel)
 */
public record NvmeController(String model, String serial, String pciAddr, String fwRev, int socketId,
        NvmeHealth health, List<NvmeNamespace> namespaces, String driver, List<String> mounts) {

    /** Defensive copies. */
    public NvmeController {
        namespaces = List.copyOf(namespaces);
        mounts = List.copyOf(mounts);
    }

    /** Sum of the namespace sizes (what {@code dmg} and {@code storage scan} show as capacity). */
    public long capacity() {
        return namespaces.stream().mapToLong(NvmeNamespace::size).sum();
    }

    /** Whether a block device of this controller is mounted. */
    public boolean inUse() {
        return !mounts.isEmpty();
    }
}
