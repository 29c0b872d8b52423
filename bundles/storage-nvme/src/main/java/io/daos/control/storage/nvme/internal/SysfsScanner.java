package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.MountTable;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeNamespace;
import io.daos.control.api.storage.StorageException;

/**
 * NVMe controller scan from the kernel's view (SPEC-SERVER §4.7 without SPDK): every
 * {@code <sys>/bus/pci/devices/<addr>} whose {@code class} is {@code 0x010802}.
 *
 * <p>Per controller: PCI address; NUMA node ({@code numa_node}, −1 or absent → 0); driver
 * (basename of the {@code driver} link, empty when unbound). When bound to the kernel
 * {@code nvme} driver, {@code nvme/nvmeX/} gives {@code model}, {@code serial},
 * {@code firmware_rev} (trimmed), the namespaces {@code nvmeXnY} (or, with native multipath,
 * the path devices {@code nvmeAcXnY} whose block device is {@code nvmeAnY}) with id
 * {@code nsid} (or Y) and size {@code size} × 512, health through the {@link HealthReader}, and
 * mounts: the mount points (field 5 of mountinfo) of every line whose major:minor (field 3)
 * is the {@code dev} of a namespace block device, one of its partitions, or a holder (device
 * mapper, md …, recursively).
 *
 * <p>A controller bound to {@code vfio-pci}/{@code uio_pci_generic} (owned by SPDK) has no
 * {@code nvme/} directory: it is reported with address, NUMA node and driver only — empty
 * model, serial and firmware, no namespaces, no health, no mounts (only SPDK could read more).
 *
 * <p>Nothing is cached: every call reads sysfs and mountinfo again. A host without
 * {@code <sys>/bus/pci/devices} has no controllers.
 */
final class SysfsScanner {

    /** PCI class code of NVMe controllers (mass storage, non-volatile memory, NVMe). */
    static final String NVME_CLASS = "0x010802";
    /** The kernel's NVMe driver. */
    static final String KERNEL_DRIVER = "nvme";

    private static final Pattern CTRL = Pattern.compile("nvme(\\d+)");
    private static final Pattern NS = Pattern.compile("nvme(\\d+)n(\\d+)");
    private static final Pattern NS_PATH = Pattern.compile("nvme(\\d+)c(\\d+)n(\\d+)");
    private static final long SECTOR = 512;

    private final Path sysRoot;
    private final Path mountinfo;
    private final HealthReader health;

    /**
     * @param sysRoot   sysfs root, normally {@code /sys}
     * @param mountinfo normally {@code /proc/self/mountinfo}
     * @param health    health source for kernel-bound controllers
     */
    SysfsScanner(Path sysRoot, Path mountinfo, HealthReader health) {
        this.sysRoot = sysRoot;
        this.mountinfo = mountinfo;
        this.health = health;
    }

    /** Whether {@code <sys>/class/iommu} exists and has an entry (SPEC-SERVER §3.3 step 5). */
    boolean iommuPresent() {
        try (java.util.stream.Stream<Path> entries = Files.list(sysRoot.resolve("class/iommu"))) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The sysfs root. */
    Path sysRoot() {
        return sysRoot;
    }

    /**
     * The NVMe controllers accepted by {@code filter}, sorted by PCI address.
     *
     * @throws StorageException sysfs or mountinfo cannot be read
     */
    List<NvmeController> scan(BdevFilter filter) throws StorageException {
        Path devices = sysRoot.resolve("bus/pci/devices");
        if (!Files.isDirectory(devices)) {
            return List.of();
        }
        List<Path> nvme = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(devices)) {
            for (Path d : ds) {
                if (NVME_CLASS.equalsIgnoreCase(read(d.resolve("class"))) && filter.accepts(name(d))) {
                    nvme.add(d);
                }
            }
        } catch (IOException e) {
            throw new StorageException("NVMe scan: reading " + devices + ": " + e, e);
        }
        if (nvme.isEmpty()) {
            return List.of();
        }
        nvme.sort(Comparator.comparing(d -> name(d).toLowerCase(Locale.ROOT)));
        MountTable mounts = readMountinfo();
        List<NvmeController> out = new ArrayList<>(nvme.size());
        for (Path d : nvme) {
            out.add(controller(d, mounts));
        }
        out.sort(Comparator.comparing(c -> c.pciAddr().toLowerCase(Locale.ROOT)));
        return out;
    }

    private NvmeController controller(Path pci, MountTable mountTable) throws StorageException {
        String addr = name(pci);
        int numa = numa(pci);
        String driver = driver(pci);
        Path ctrl = KERNEL_DRIVER.equals(driver) ? kernelController(pci) : null;
        if (ctrl == null) {
            return new NvmeController("", "", addr, "", numa, null, List.of(), driver, List.of());
        }
        try {
            List<NvmeNamespace> namespaces = new ArrayList<>();
            Set<String> devs = new LinkedHashSet<>();
            List<Path> nsDirs;
            try (Stream<Path> s = Files.list(ctrl)) {
                nsDirs = s.filter(p -> isNamespace(name(p))).sorted().toList();
            }
            for (Path ns : nsDirs) {
                List<Path> blocks = blockDirs(ns);
                namespaces.add(new NvmeNamespace(nsid(ns), nsSize(ns, blocks)));
                for (Path b : blocks) {
                    collectDevs(b, devs, new HashSet<>());
                }
            }
            namespaces.sort(Comparator.comparingInt(NvmeNamespace::id));
            List<String> mountPoints = new ArrayList<>();
            for (MountTable.Entry m : mountTable.entries()) {
                if (devs.contains(m.majorMinor()) && !mountPoints.contains(m.mountPoint())) {
                    mountPoints.add(m.mountPoint());
                }
            }
            return new NvmeController(read(ctrl.resolve("model")), read(ctrl.resolve("serial")), addr,
                    read(ctrl.resolve("firmware_rev")), numa, health.read(name(ctrl)), namespaces, driver,
                    mountPoints);
        } catch (IOException e) {
            throw new StorageException("NVMe scan: reading " + ctrl + ": " + e, e);
        }
    }

    /** {@code <pci>/nvme/nvmeX}, or null when absent. */
    private static Path kernelController(Path pci) throws StorageException {
        Path dir = pci.resolve("nvme");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> CTRL.matcher(name(p)).matches()).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new StorageException("NVMe scan: reading " + dir + ": " + e, e);
        }
    }

    private static boolean isNamespace(String n) {
        return NS.matcher(n).matches() || NS_PATH.matcher(n).matches();
    }

    /** The namespace directory plus, for a multipath path device, the head block device. */
    private List<Path> blockDirs(Path ns) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(ns);
        Matcher m = NS_PATH.matcher(name(ns));
        if (m.matches()) {
            Path head = sysRoot.resolve("class/block/nvme" + m.group(1) + "n" + m.group(3));
            if (Files.isDirectory(head)) {
                dirs.add(head);
            }
        }
        return dirs;
    }

    private static int nsid(Path ns) throws IOException {
        String v = read(ns.resolve("nsid"));
        if (!v.isEmpty()) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                // fall back to the name
            }
        }
        String n = name(ns);
        return Integer.parseInt(n.substring(n.lastIndexOf('n') + 1));
    }

    private static long nsSize(Path ns, List<Path> blocks) throws IOException {
        for (Path b : blocks) {
            String v = read(b.resolve("size"));
            if (!v.isEmpty()) {
                try {
                    return Long.parseLong(v) * SECTOR;
                } catch (NumberFormatException e) {
                    throw new IOException("unexpected size \"" + v + "\" in " + b.resolve("size"));
                }
            }
        }
        return 0;
    }

    /** major:minor of the block device at {@code dir}, its partitions and holders (recursively). */
    private void collectDevs(Path dir, Set<String> devs, Set<Path> seen) throws IOException {
        if (!seen.add(dir.toAbsolutePath().normalize())) {
            return;
        }
        String dev = read(dir.resolve("dev"));
        if (!dev.isEmpty()) {
            devs.add(dev);
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p) && Files.exists(p.resolve("partition"))) {
                    collectDevs(p, devs, seen);
                }
            }
        }
        Path holders = dir.resolve("holders");
        if (Files.isDirectory(holders)) {
            try (Stream<Path> s = Files.list(holders)) {
                for (Path h : s.toList()) {
                    Path block = sysRoot.resolve("class/block").resolve(name(h));
                    collectDevs(Files.isDirectory(block) ? block : h, devs, seen);
                }
            }
        }
    }

    private static int numa(Path pci) throws StorageException {
        String v = readQuietly(pci.resolve("numa_node"));
        try {
            int n = v.isEmpty() ? 0 : Integer.parseInt(v);
            return Math.max(n, 0);
        } catch (NumberFormatException e) {
            throw new StorageException("NVMe scan: unexpected numa_node \"" + v + "\" of " + name(pci));
        }
    }

    private static String driver(Path pci) {
        Path link = pci.resolve("driver");
        try {
            return name(Files.readSymbolicLink(link));
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private MountTable readMountinfo() throws StorageException {
        try {
            return MountTable.parse(Files.readString(mountinfo, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("NVMe scan: reading " + mountinfo + ": " + e, e);
        }
    }

    /** Trimmed file content, empty when the file does not exist. */
    static String read(Path p) throws IOException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static String readQuietly(Path p) {
        try {
            return read(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? "" : f.toString();
    }
}
