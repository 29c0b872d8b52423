package io.daos.control.launcher.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.Humanize;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeHealth;
import io.daos.control.api.storage.NvmeNamespace;
import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmMountUsage;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.launcher.Log;

/**
 * {@code daos_server storage scan [-v]} (SPEC-SERVER §2.3): the NVMe controllers and the SCM
 * namespaces (or modules) of this host, without a config file (one given with {@code -o} adds its
 * emulated devices and include/exclude lists). Failures of either part are
 * collected and reported together (exit 1) after the part that worked is printed.
 *
 * <p>{@code -v} (beyond the reference) adds per controller its serial, driver, mounts, namespaces
 * and health, both the SCM modules and namespaces with every field, and the region state; with a
 * config file it ends with the state of every server's {@code scm_mount} ({@code SCM mount
 * points:}, one line each: class, mounted, and when mounted the size and free space).
 */
final class StorageScanCommand {

    private final ScmProvider scm;
    private final BdevProvider bdev;
    private final boolean verbose;
    private final Log log;
    private final BdevFilter filter;
    private final List<NvmeController> extraControllers;
    private final List<IOServerConfig> servers;

    /**
     * @param scm     the SCM provider, or null when none is on the class path (a scan error)
     * @param bdev    the NVMe provider, or null when none is on the class path (a scan error)
     * @param verbose {@code -v}
     * @param log     the console
     */
    StorageScanCommand(ScmProvider scm, BdevProvider bdev, boolean verbose, Log log) {
        this(scm, bdev, verbose, log, BdevFilter.ALL, List.of());
    }

    /**
     * With a config file given ({@code -o}): its {@code bdev_include}/{@code bdev_exclude} as
     * {@code filter}, and its emulated devices ({@link BdevProvider#configured}) listed after the
     * scanned controllers.
     */
    StorageScanCommand(ScmProvider scm, BdevProvider bdev, boolean verbose, Log log, BdevFilter filter,
            List<NvmeController> extraControllers) {
        this(scm, bdev, verbose, log, filter, extraControllers, List.of());
    }

    /**
     * As above, plus the config's server entries: with {@code -v} the state of each one's
     * {@code scm_mount} is printed after the SCM part ({@link ScmProvider#usage}).
     */
    StorageScanCommand(ScmProvider scm, BdevProvider bdev, boolean verbose, Log log, BdevFilter filter,
            List<NvmeController> extraControllers, List<IOServerConfig> servers) {
        this.servers = List.copyOf(servers);
        this.scm = scm;
        this.bdev = bdev;
        this.verbose = verbose;
        this.log = log;
        this.filter = filter;
        this.extraControllers = List.copyOf(extraControllers);
    }

    int run() {
        Failures failures = new Failures();
        log.info("Scanning locally-attached storage...");

        if (bdev == null) {
            failures.add(Inventory.missingProvider("NVMe", BdevProvider.class, "storage.nvme"), null);
        } else {
            failures.attempt(() -> bdev.scan(filter)).ifPresent(scanned -> {
                List<NvmeController> ctrlrs = new ArrayList<>(scanned);
                ctrlrs.sort(Comparator.comparing(NvmeController::pciAddr));
                ctrlrs.addAll(extraControllers);
                Failures.info(log, nvme(ctrlrs));
            });
        }

        if (scm == null) {
            failures.add(Inventory.missingProvider("SCM", ScmProvider.class, "storage.scm"), null);
        } else {
            failures.attempt(scm::scan).ifPresent(scan -> Failures.info(log, scm(scan)));
            if (verbose && !servers.isEmpty()) {
                Failures.info(log, mounts(failures));
            }
        }
        return failures.isEmpty() ? 0 : failures.report(log);
    }

    /**
     * {@code SCM mount points:} and per server {@code Mount:<scm_mount> Class:<class>
     * Mounted:<bool>}, with {@code Size:} and {@code Free:} (IEC) when mounted; a server whose
     * state cannot be read is left out and its error added to {@code failures}.
     */
    String mounts(Failures failures) {
        StringBuilder sb = new StringBuilder("SCM mount points:\n");
        for (IOServerConfig s : servers) {
            ScmMountUsage u = failures.attempt(() -> scm.usage(s)).orElse(null);
            if (u == null) {
                continue;
            }
            String cls = s.scmClass().yamlName();
            sb.append("\t\tMount:").append(u.mountPoint()).append(" Class:").append(cls.isEmpty() ? "none" : cls)
                    .append(" Mounted:").append(u.mounted());
            if (u.mounted()) {
                sb.append(" Size:").append(Humanize.iec(u.totalBytes()))
                        .append(" Free:").append(Humanize.iec(u.availableBytes()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code NVMe controllers and namespaces:} and one line per controller (or {@code none}). */
    String nvme(List<NvmeController> ctrlrs) {
        StringBuilder sb = new StringBuilder("NVMe controllers and namespaces:\n");
        if (ctrlrs.isEmpty()) {
            sb.append("\t\tnone\n");
        }
        for (NvmeController c : ctrlrs) {
            sb.append("\t\tPCI:").append(c.pciAddr()).append(" Model:").append(c.model())
                    .append(" FW:").append(c.fwRev()).append(" Socket:").append(c.socketId())
                    .append(" Capacity:").append(Humanize.si(c.capacity())).append('\n');
            if (verbose) {
                sb.append("\t\t\tSerial:").append(c.serial())
                        .append(" Driver:").append(c.driver().isEmpty() ? "none" : c.driver())
                        .append(" InUse:").append(c.inUse() ? "yes (mounted at " + String.join(", ", c.mounts()) + ")"
                                : "no")
                        .append('\n');
                for (NvmeNamespace ns : c.namespaces()) {
                    sb.append("\t\t\tNamespace:").append(ns.id()).append(" Size:").append(Humanize.si(ns.size()))
                            .append(" (").append(ns.size()).append(" bytes)\n");
                }
                sb.append("\t\t\tHealth: ").append(health(c.health())).append('\n');
            }
        }
        return sb.toString();
    }

    /** One line of health counters, or {@code not available}. */
    static String health(NvmeHealth h) {
        if (h == null) {
            return "not available";
        }
        List<String> warnings = new ArrayList<>();
        if (h.tempWarn()) {
            warnings.add("temperature");
        }
        if (h.availSpareWarn()) {
            warnings.add("available spare");
        }
        if (h.reliabilityWarn()) {
            warnings.add("reliability");
        }
        if (h.readOnlyWarn()) {
            warnings.add("read-only");
        }
        if (h.volatileWarn()) {
            warnings.add("volatile memory backup");
        }
        return "Temperature:" + h.temperature() + "K (" + (h.temperature() - 273) + " C)"
                + " PowerOnHours:" + h.powerOnHours() + " PowerCycles:" + h.powerCycles()
                + " UnsafeShutdowns:" + h.unsafeShutdowns() + " MediaErrors:" + h.mediaErrors()
                + " ErrorLogEntries:" + h.errorLogEntries() + " TempWarnTime:" + h.tempWarnTime() + "min"
                + " TempCritTime:" + h.tempCritTime() + "min" + " CtrlBusyTime:" + h.ctrlBusyTime() + "min"
                + " Warnings:" + (warnings.isEmpty() ? "none" : String.join(", ", warnings));
    }

    /** {@code SCM Namespaces:} when there are namespaces, else {@code SCM Modules:} (or {@code none}). */
    String scm(ScmScan scan) {
        List<ScmNamespace> namespaces = new ArrayList<>(scan.namespaces());
        namespaces.sort(Comparator.comparing(ScmNamespace::blockDevice));
        List<ScmModule> modules = new ArrayList<>(scan.modules());
        modules.sort(Comparator.comparingInt(ScmModule::physicalId));
        StringBuilder sb = new StringBuilder();
        if (verbose) {
            sb.append("SCM state: ").append(scan.state().referenceName()).append('\n');
            modules(sb, modules);
            if (!namespaces.isEmpty()) {
                namespaces(sb, namespaces);
            }
        } else if (!namespaces.isEmpty()) {
            namespaces(sb, namespaces);
        } else {
            modules(sb, modules);
        }
        return sb.toString();
    }

    private void namespaces(StringBuilder sb, List<ScmNamespace> namespaces) {
        sb.append("SCM Namespaces:\n");
        for (ScmNamespace ns : namespaces) {
            sb.append("\t\tDevice:").append(ns.blockDevice()).append(" Socket:").append(ns.numaNode())
                    .append(" Capacity:").append(Humanize.si(ns.size())).append('\n');
            if (verbose) {
                sb.append("\t\t\tUUID:").append(ns.uuid()).append(" Dev:").append(ns.name())
                        .append(" Size:").append(ns.size()).append(" bytes\n");
            }
        }
    }

    private void modules(StringBuilder sb, List<ScmModule> modules) {
        sb.append("SCM Modules:\n");
        if (modules.isEmpty()) {
            sb.append("\t\tnone\n");
        }
        for (ScmModule m : modules) {
            sb.append("\t\tPhysicalID:").append(m.physicalId()).append(" Capacity:").append(Humanize.iec(m.capacity()))
                    .append(" Location:(socket:").append(m.socketId()).append(" memctrlr:").append(m.controllerId())
                    .append(" chan:").append(m.channelId()).append(" pos:").append(m.channelPosition()).append(")\n");
            if (verbose) {
                sb.append("\t\t\tSize:").append(m.capacity()).append(" bytes\n");
            }
        }
    }
}
