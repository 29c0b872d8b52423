package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeNamespace;

/**
 * The emulated block devices of an instance reported "as configured"
 * ({@link io.daos.control.api.storage.BdevProvider#configured}): one pseudo-controller per
 * {@code bdev_list} path (file, kdev) or per malloc LUN, with the path (or {@code malloc<i>}) as
 * PCI address, the class as model, empty serial/firmware/driver, NUMA node
 * {@code pinned_numa_node} (0 when unset), one namespace with id 1, no health, no mounts.
 */
final class ConfiguredDevices {

    private static final long BLOCK = 4096;
    private static final long MIB = 1L << 20;

    private ConfiguredDevices() {
    }

    /**
     * The devices of {@code c}: file → size of the file, or ⌊bdev_size×10⁹/4096⌋×4096 when it
     * does not exist (yet); kdev → {@code <sys>/class/block/<name>/size} × 512 (0 when unknown);
     * malloc → {@code bdev_number} LUNs of {@code bdev_size} × 1000 MiB ({@code LunSizeInMB}
     * of §4.8); nvme and other classes, and instances without devices → empty.
     */
    static List<NvmeController> of(IOServerConfig c, Path sysRoot) {
        List<NvmeController> out = new ArrayList<>();
        List<String> list = c.bdevList() == null ? List.of() : c.bdevList();
        boolean none = c.bdevClass() == BdevClass.MALLOC ? c.bdevNumber() <= 0 : list.isEmpty();
        if (none) {
            return out;
        }
        int numa = c.pinnedNumaNode().orElse(0);
        switch (c.bdevClass()) {
            case FILE -> {
                long configured = Math.max(0, (long) c.bdevSize() * 1_000_000_000L / BLOCK * BLOCK);
                for (String d : list) {
                    out.add(device("file", d, numa, fileSize(d, configured)));
                }
            }
            case KDEV -> {
                for (String d : list) {
                    out.add(device("kdev", d, numa, kdevSize(d, sysRoot)));
                }
            }
            case MALLOC -> {
                long size = Math.max(0, (long) c.bdevSize() * 1000L * MIB);
                for (int i = 0; i < c.bdevNumber(); i++) {
                    out.add(device("malloc", "malloc" + i, numa, size));
                }
            }
            default -> {
                // nvme: reported by the scan
            }
        }
        return out;
    }

    private static NvmeController device(String model, String addr, int numa, long size) {
        return new NvmeController(model, "", addr, "", numa, null, List.of(new NvmeNamespace(1, size)), "",
                List.of());
    }

    private static long fileSize(String path, long configured) {
        try {
            Path p = Path.of(path);
            return Files.isRegularFile(p) ? Files.size(p) : configured;
        } catch (IOException | RuntimeException e) {
            return configured;
        }
    }

    /** Size of a kernel block device from sysfs (following /dev symlinks such as by-id names). */
    static long kdevSize(String path, Path sysRoot) {
        try {
            Path p = Path.of(path);
            if (Files.exists(p)) {
                p = p.toRealPath();
            }
            Path name = p.getFileName();
            if (name == null) {
                return 0;
            }
            String v = SysfsScanner.read(sysRoot.resolve("class/block").resolve(name.toString()).resolve("size"));
            return v.isEmpty() ? 0 : Long.parseLong(v) * 512;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
