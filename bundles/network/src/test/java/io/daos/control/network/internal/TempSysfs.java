package io.daos.control.network.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sysfs tree in a temporary directory, shaped like the kernel's: PCI functions under
 * {@code devices/pci0000:00/<addr>} with {@code numa_node}, {@code class/net/<if>/device} and
 * {@code class/infiniband/<dev>/device} symlinks to them, {@code <function>/net/<if>} directories.
 */
final class TempSysfs {

    final Path root;

    TempSysfs(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("class/net"));
    }

    /** A PCI function; {@code numa} null means no numa_node file. */
    Path pci(String address, Integer numa) throws IOException {
        Path dir = Files.createDirectories(root.resolve("devices/pci0000:00").resolve(address));
        if (numa != null) {
            Files.writeString(dir.resolve("numa_node"), numa + "\n");
        }
        return dir;
    }

    /** An interface backed by {@code device} (a PCI function or a child of one). */
    TempSysfs iface(String name, Path device) throws IOException {
        Path dir = Files.createDirectories(root.resolve("class/net").resolve(name));
        Files.createSymbolicLink(dir.resolve("device"), device);
        Files.createDirectories(device.resolve("net").resolve(name));
        return this;
    }

    /** An interface without a device (lo, bridges, ifb). */
    TempSysfs virtualIface(String name) throws IOException {
        Files.createDirectories(root.resolve("class/net").resolve(name));
        return this;
    }

    /** An RDMA device on a PCI function. */
    TempSysfs rdma(String name, Path device) throws IOException {
        Path dir = Files.createDirectories(root.resolve("class/infiniband").resolve(name));
        Files.createSymbolicLink(dir.resolve("device"), device);
        return this;
    }
}
