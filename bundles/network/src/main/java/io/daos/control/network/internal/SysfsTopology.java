package io.daos.control.network.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.daos.control.api.network.NetworkScanException;

/**
 * The device topology the fabric scan needs, read from sysfs instead of hwloc (issue 5 allows
 * "hwloc or sysfs"; SPEC-SERVER §5.2 steps 3–5). One snapshot per scan.
 *
 * <ul>
 * <li>Kernel interfaces: the entries of {@code <sysfs>/class/net}.</li>
 * <li>The names hwloc would list as network OS devices: the interfaces backed by a device
 * ({@code class/net/<if>/device} exists; hwloc lists neither {@code lo} nor virtual interfaces
 * such as bridges or {@code ifb0}) and the RDMA devices, the entries of
 * {@code <sysfs>/class/infiniband} (verbs devices such as {@code mlx4_0}, Omni-Path
 * {@code hfi1_0}).</li>
 * <li>hwloc's "sibling under the same parent" of an RDMA device is the interface of the same PCI
 * function: {@code class/infiniband/<dev>/device/net/<if>}.</li>
 * <li>NUMA node: {@code numa_node} of the interface's device, or of its nearest ancestor that has
 * one (a virtio NIC's lies on its PCI parent), as hwloc's NUMA ancestor; missing or −1 → 0.</li>
 * </ul>
 */
final class SysfsTopology {

    /** Directories under {@code <sysfs>/class} whose entries are RDMA devices. */
    static final List<String> RDMA_CLASSES = List.of("infiniband");

    /** The loopback interface: resolved to itself with NUMA node 0 (§5.2 step 4). */
    static final String LOOPBACK = "lo";

    /** Prefix of Omni-Path HFI device names (psm2 unit expansion). */
    static final String HFI_PREFIX = "hfi1_";

    private final Path root;
    private final Set<String> interfaces;
    private final Set<String> deviceNames;

    private SysfsTopology(Path root, Set<String> interfaces, Set<String> deviceNames) {
        this.root = root;
        this.interfaces = interfaces;
        this.deviceNames = deviceNames;
    }

    /**
     * Reads the interfaces and RDMA devices.
     *
     * @param root the sysfs mount, normally {@code /sys}
     * @throws NetworkScanException {@code <sysfs>/class/net} cannot be listed
     */
    static SysfsTopology read(Path root) throws NetworkScanException {
        Path net = root.resolve("class").resolve("net");
        List<String> ifs;
        try {
            ifs = list(net);
        } catch (IOException e) {
            throw new NetworkScanException("unable to list the network interfaces in " + net + ": " + e, null, e);
        }
        Set<String> devices = new LinkedHashSet<>();
        for (String i : ifs) {
            if (Files.exists(net.resolve(i).resolve("device"))) {
                devices.add(i);
            }
        }
        for (String rdmaClass : RDMA_CLASSES) {
            try {
                devices.addAll(list(root.resolve("class").resolve(rdmaClass)));
            } catch (IOException e) {
                // no such class on this host: no RDMA devices of that kind
            }
        }
        return new SysfsTopology(root, Collections.unmodifiableSet(new LinkedHashSet<>(ifs)),
                Collections.unmodifiableSet(devices));
    }

    /** The kernel interface names, sorted. */
    Set<String> interfaces() {
        return interfaces;
    }

    /** The names hwloc would list: device-backed interfaces, then RDMA devices. */
    Set<String> deviceNames() {
        return deviceNames;
    }

    /** {@code hfi1_0} … {@code hfi1_<n-1>}, n = the number of device names containing {@code hfi1_}. */
    List<String> hfiUnits() {
        long n = deviceNames.stream().filter(d -> d.contains(HFI_PREFIX)).count();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(HFI_PREFIX + i);
        }
        return out;
    }

    /**
     * Resolves a libfabric domain name to a kernel interface (§5.2 step 4): {@code lo} → itself;
     * a device-backed interface → itself; an RDMA device → its interface; otherwise the longest
     * device name contained in the domain ({@code hfi1_0-dgram} → {@code hfi1_0}), then the same
     * two lookups.
     *
     * @return the interface, empty when unresolvable
     */
    Optional<String> resolve(String domain) {
        if (LOOPBACK.equals(domain)) {
            return Optional.of(LOOPBACK);
        }
        if (deviceNames.contains(domain)) {
            return interfaces.contains(domain) ? Optional.of(domain) : sibling(domain);
        }
        String best = "";
        for (String name : deviceNames) {
            if (domain.contains(name) && name.length() > best.length()) {
                best = name;
            }
        }
        if (best.isEmpty()) {
            return Optional.empty();
        }
        return interfaces.contains(best) ? Optional.of(best) : sibling(best);
    }

    /** The interface of the same PCI function as an RDMA device (first by name). */
    private Optional<String> sibling(String rdmaDevice) {
        for (String rdmaClass : RDMA_CLASSES) {
            Path net = root.resolve("class").resolve(rdmaClass).resolve(rdmaDevice).resolve("device").resolve("net");
            try {
                for (String candidate : list(net)) {
                    if (interfaces.contains(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            } catch (IOException e) {
                // not in this class, or no interface: try the next
            }
        }
        return Optional.empty();
    }

    /**
     * The NUMA node of a kernel interface (§5.2 step 5): {@code lo} → 0; else the
     * {@code numa_node} of its device or the nearest ancestor with one; missing, unreadable or −1 → 0.
     */
    int numaNode(String iface) {
        if (LOOPBACK.equals(iface)) {
            return 0;
        }
        Path device = root.resolve("class").resolve("net").resolve(iface).resolve("device");
        Path top;
        Path dir;
        try {
            top = root.toRealPath();
            dir = device.toRealPath();
        } catch (IOException e) {
            return 0;
        }
        for (; dir != null && dir.startsWith(top) && !dir.equals(top); dir = dir.getParent()) {
            Path file = dir.resolve("numa_node");
            if (Files.isRegularFile(file)) {
                try {
                    int node = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
                    return Math.max(node, 0);
                } catch (IOException | NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
