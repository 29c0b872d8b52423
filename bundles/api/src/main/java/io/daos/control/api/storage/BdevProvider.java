package io.daos.control.api.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.daos.control.api.config.IOServerConfig;

/**
 * The block-device provider (SPEC-SERVER §4.7, §4.8): formats an instance's {@code bdev_list},
 * prepares emulated devices at instance start and writes {@code <scm_mount>/daos_nvme.conf}.
 * Registered as an OSGi service by the storage-nvme bundle. All methods are thread-safe.
 */
public interface BdevProvider {

    /**
     * Formats every device of the instance's {@code bdev_list} (§4.7): nvme devices are wiped
     * (a per-device fault 320/321 when that is not possible), kdev/file/malloc need nothing,
     * any other class gives fault 319 per device.
     *
     * @return one result per device, in {@code bdev_list} order
     * @throws StorageException call-level failure ({@code empty DeviceList in FormatRequest})
     */
    List<BdevFormatResult> format(IOServerConfig config) throws StorageException;

    /**
     * Preparation at every instance start (§4.8): class {@code file} creates missing backing
     * files (absolute paths only) of ⌊bdev_size × 10⁹ / 4096⌋ × 4096 bytes; existing files are
     * left untouched. Other classes: nothing.
     *
     * @throws StorageException a path is relative ({@code please specify absolute path (<p>)}),
     *                          {@code bdev_size} is &lt; 1, or the file cannot be created
     */
    void prepare(IOServerConfig config) throws StorageException;

    /**
     * The {@code daos_nvme.conf} text for the instance exactly as §4.8, or empty when the class
     * generates none for this configuration ("no devices").
     */
    Optional<String> renderNvmeConf(IOServerConfig config);

    /**
     * (Re)writes {@code <scm_mount>/daos_nvme.conf} (§4.8) when the instance has devices.
     *
     * @return the path written, or empty when no file is generated ("no devices")
     * @throws StorageException {@code spdk: failed to create NVMe config file <p>: <err>} and
     *                          similar
     */
    Optional<Path> writeNvmeConf(IOServerConfig config) throws StorageException;

    /**
     * NVMe controller scan (§4.7): every PCI device of class 0x010802 with model, serial, firmware,
     * NUMA node, namespaces and sizes, health where it can be read, driver and mounts; filtered by
     * {@code filter}, sorted by PCI address. Never cached.
     *
     * @throws StorageException the scan failed
     */
    List<NvmeController> scan(BdevFilter filter) throws StorageException;

    /**
     * NVMe prepare (§2.4, §4.7): hugepages and driver binding (through SPDK's setup script when
     * installed), or with {@code resetOnly} the devices' return to their kernel drivers.
     *
     * @throws StorageException {@code SPDK setup reset: …} / {@code SPDK prepare: …} texts, or
     *                          {@code must be run with root privileges}
     */
    void prepareDevices(BdevPrepareRequest request) throws StorageException;

    /**
     * The emulated block devices of an instance whose {@code bdev_class} is {@code file},
     * {@code kdev} or {@code malloc}, reported "as configured" so that a scan of an emulated node
     * shows its devices: one entry per {@code bdev_list} path (file: size of the file, or
     * {@code bdev_size} GB when not created yet; kdev: size of the block device) or per malloc LUN
     * ({@code bdev_number} × {@code bdev_size} GB), with the path (or {@code malloc<n>}) as
     * address and the class as model. Empty for {@code nvme} and for instances without devices.
     */
    List<NvmeController> configured(IOServerConfig config);

    /**
     * The host's hugepage counters from {@code /proc/meminfo} (SPEC-SERVER §3.3 step 4), read
     * afresh on every call.
     *
     * @throws StorageException {@code unable to read system hugepage info: <err>} (also for the
     *                          parse errors of {@link HugepageInfo#parse(String)})
     */
    HugepageInfo hugepages() throws StorageException;

    /**
     * Whether the host has an IOMMU: {@code /sys/class/iommu} exists and is not empty (§3.3 step
     * 5; without one a non-root daos_server cannot use vfio for NVMe SSDs, fault 643).
     */
    boolean iommuEnabled();
}
