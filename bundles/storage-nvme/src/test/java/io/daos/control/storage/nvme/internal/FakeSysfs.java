package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temp-dir tree shaped like the parts of sysfs the NVMe scan reads ({@code bus/pci/devices},
 * {@code bus/pci/drivers}, {@code class/block}), plus a mountinfo file and a {@code dev} dir.
 * Real sysfs links {@code bus/pci/devices/<addr>} to {@code devices/…}; here they are plain
 * directories, which the scan reads the same way.
 */
final class FakeSysfs {

    private final Path root;
    private final Path sys;
    private final Path mountinfo;
    private final Path dev;
    private int mountId = 100;

    FakeSysfs(Path root) {
        this.root = root;
        this.sys = root.resolve("sys");
        this.mountinfo = root.resolve("mountinfo");
        this.dev = root.resolve("dev");
        try {
            Files.createDirectories(sys.resolve("bus/pci/devices"));
            Files.createDirectories(sys.resolve("class/block"));
            Files.createDirectories(dev);
            Files.writeString(mountinfo, "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
                    + "25 1 254:1 / / rw,relatime - ext4 /dev/vda1 rw\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    Path sys() {
        return sys;
    }

    Path mountinfo() {
        return mountinfo;
    }

    Path dev() {
        return dev;
    }

    /** A PCI device of another class (e.g. {@code 0x020000} ethernet). */
    FakeSysfs pciDevice(String addr, String pciClass, String driver) {
        Path d = sys.resolve("bus/pci/devices").resolve(addr);
        write(d.resolve("class"), pciClass + "\n");
        write(d.resolve("numa_node"), "-1\n");
        if (driver != null) {
            link(d, driver);
        }
        return this;
    }

    /** An NVMe controller at {@code addr}, NUMA node {@code numa}, not bound to any driver. */
    Ctrl nvme(String addr, int numa) {
        Path d = sys.resolve("bus/pci/devices").resolve(addr);
        write(d.resolve("class"), SysfsScanner.NVME_CLASS + "\n");
        write(d.resolve("numa_node"), numa + "\n");
        write(d.resolve("vendor"), "0x8086\n");
        return new Ctrl(d);
    }

    /** Appends a mountinfo line mounting device {@code majMin} at {@code mountPoint}. */
    FakeSysfs mount(String majMin, String mountPoint) {
        String mp = mountPoint.replace(" ", "\\040");
        String line = (mountId++) + " 25 " + majMin + " / " + mp + " rw,relatime shared:1 - ext4 /dev/x rw\n";
        try {
            Files.writeString(mountinfo, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void link(Path pciDev, String driver) {
        try {
            Path target = sys.resolve("bus/pci/drivers").resolve(driver);
            Files.createDirectories(target);
            Files.createSymbolicLink(pciDev.resolve("driver"), pciDev.relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builder of one controller. */
    final class Ctrl {
        final Path pci;
        Path ctrl;

        Ctrl(Path pci) {
            this.pci = pci;
        }

        /** Binds to {@code driver} (e.g. {@code vfio-pci}) without kernel view. */
        Ctrl driver(String driver) {
            link(pci, driver);
            return this;
        }

        /** Binds to the kernel nvme driver as {@code nvme<idx>} with identity files (padded as the kernel does). */
        Ctrl kernel(int idx, String model, String serial, String fw) {
            link(pci, "nvme");
            ctrl = pci.resolve("nvme/nvme" + idx);
            write(ctrl.resolve("model"), String.format("%-40s\n", model));
            write(ctrl.resolve("serial"), String.format("%-20s\n", serial));
            write(ctrl.resolve("firmware_rev"), String.format("%-8s\n", fw));
            write(ctrl.resolve("dev"), "240:" + idx + "\n");
            return this;
        }

        /** Namespace directory {@code name} (e.g. {@code nvme0n1}) of {@code sectors} × 512 bytes. */
        Path namespace(String name, long sectors, String majMin) {
            Path ns = ctrl.resolve(name);
            write(ns.resolve("size"), sectors + "\n");
            write(ns.resolve("dev"), majMin + "\n");
            try {
                Files.createDirectories(ns.resolve("holders"));
                Files.createSymbolicLink(sys.resolve("class/block").resolve(name), sys.resolve("class/block")
                        .relativize(ns));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ns;
        }

        /** Partition {@code name} (e.g. {@code nvme0n1p1}) of namespace {@code ns}. */
        Path partition(Path ns, String name, String majMin) {
            Path p = ns.resolve(name);
            write(p.resolve("partition"), "1\n");
            write(p.resolve("size"), "2048\n");
            write(p.resolve("dev"), majMin + "\n");
            return p;
        }

        /** A holder block device {@code name} (e.g. {@code dm-0}) of block device {@code blockDir}. */
        void holder(Path blockDir, String name, String majMin) {
            Path h = sys.resolve("class/block").resolve(name);
            write(h.resolve("dev"), majMin + "\n");
            try {
                Files.createDirectories(blockDir.resolve("holders"));
                Files.createSymbolicLink(blockDir.resolve("holders").resolve(name), blockDir.resolve("holders")
                        .relativize(h));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The controller's nvme dir (kernel-bound only). */
        Path ctrlDir() {
            return ctrl;
        }
    }
}
