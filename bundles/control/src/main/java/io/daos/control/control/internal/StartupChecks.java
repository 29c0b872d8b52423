package io.daos.control.control.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.StorageException;

/**
 * The storage checks of {@code daos_server start} (SPEC-SERVER §3.2 steps 5 and 7, §3.3), in the
 * reference's order, without OSGi:
 * <ol>
 * <li><b>Automatic NVMe prepare</b> (§3.3 steps 1–3): hugepages = {@code nr_hugepages} × number of
 * server entries (0: the provider's default), target user = the user running daos_server, PCI
 * whitelist = {@code bdev_include} (when empty: the NVMe addresses the servers use, see
 * {@link #prepareRequest()}) and blacklist = {@code bdev_exclude}, each space-separated (the
 * form SPDK's {@code PCI_WHITELIST} takes; the reference joined the whitelist with commas). A
 * failure is only logged. <em>Better than the reference</em>, which prepares on every start: with
 * an empty whitelist its script rebinds every NVMe SSD of the host to a user-space driver and
 * reserves 4096 hugepages (8 GiB) even when the configuration uses only file, kdev or malloc
 * devices. Here the prepare runs only when some server uses NVMe SSDs: a non-empty
 * {@code bdev_list} with class {@code nvme}, or with the key omitted (the empty-class quirk of
 * §1.4, which the I/O server treats as NVMe).</li>
 * <li><b>Hugepage checks</b> (§3.3 steps 4–5), only when some {@code bdev_list} is non-empty: the
 * hugepage counters must be readable (else fatal); fewer free hugepages than requested is fault
 * 646; a non-root daos_server without an IOMMU is fault 643. <em>Better than the reference</em>,
 * which raises 643 for any non-empty {@code bdev_list}: only NVMe SSDs need vfio and hence an
 * IOMMU, so 643 is raised only when a server uses NVMe SSDs (as in step 1); file, kdev and malloc
 * devices work without one. (The reference reads {@code /proc/meminfo} on every start; here it
 * is read only when the result is used.)</li>
 * <li><b>NVMe presence</b> (§3.2 step 7): a scan of all controllers ({@link BdevFilter#ALL}, as
 * the reference: a configured address listed in {@code bdev_exclude} is still found, the exclude
 * list governs prepare and scan output, not this check); a failed scan is only logged (FINE);
 * otherwise every {@code bdev_list} entry of every server with class {@code nvme} (exactly: the
 * empty-class quirk skips the check, §1.4) must be among the scanned PCI addresses
 * (case-insensitive), else fatal fault 637 {@code setup control service: server: code = 637
 * description = "NVMe SSD[s] [<missing...>] not found"}, addresses in configuration order.</li>
 * <li><b>SCM scan</b> (§3.2 step 7): warms the SCM provider's cache; errors logged (FINE). It
 * decides nothing, so it runs through the executor given (the component's: a thread of its own,
 * off the start-up path; a StorageScan meanwhile waits for it in the provider).</li>
 * </ol>
 * Each provider call is bounded by the provider (the SPDK setup script has its own timeout).
 */
final class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    /** Prefix of the 637 message (the reference's wrapping of the control-service set-up error). */
    static final String SETUP_PREFIX = "setup control service: ";
    /** Logged when the automatic prepare is not needed. */
    static final String PREPARE_SKIPPED = "automatic NVMe prepare skipped: no server uses NVMe SSDs "
            + "(no bdev_list with bdev_class nvme)";
    /** Prefix of the logged prepare failure (§3.3 step 3). */
    static final String PREPARE_FAILED = "automatic NVMe prepare failed (check configuration?)\n";

    /**
     * A fatal start-up error.
     *
     * @param message the line the launcher prints after {@code ERROR: }
     * @param fault   the fault (domain, code, resolution), or null for a plain error
     */
    record Failure(String message, Fault fault) {
    }

    private final ServerConfig config;
    private final BdevProvider bdev;
    private final ScmProvider scm;
    private final String user;
    private final IntSupplier uid;
    private final Executor scmScanRunner;

    /**
     * @param config the server configuration
     * @param bdev   the block-device provider
     * @param scm    the SCM provider, or null when there is none
     * @param user   name of the user running daos_server (the prepare's target user)
     * @param uid    the real uid of the process, asked only for the IOMMU check
     */
    StartupChecks(ServerConfig config, BdevProvider bdev, ScmProvider scm, String user, IntSupplier uid) {
        this(config, bdev, scm, user, uid, Runnable::run);
    }

    /** As above; the SCM scan (step 4) runs through {@code scmScanRunner}. */
    StartupChecks(ServerConfig config, BdevProvider bdev, ScmProvider scm, String user, IntSupplier uid,
            Executor scmScanRunner) {
        this.scmScanRunner = scmScanRunner;
        this.config = config;
        this.bdev = bdev;
        this.scm = scm;
        this.user = user == null ? "" : user;
        this.uid = uid;
    }

    /** Runs the checks in order; the first fatal failure, or empty when start-up may go on. */
    Optional<Failure> run() {
        long t0 = System.nanoTime();
        prepare();
        long t1 = System.nanoTime();
        Optional<Failure> f = hugepages();
        long t2 = System.nanoTime();
        if (f.isEmpty()) {
            f = nvmePresence();
        }
        long t3 = System.nanoTime();
        LOG.fine(() -> "start-up storage checks done in " + ms(t0, t3) + " ms (prepare " + ms(t0, t1)
                + ", hugepages " + ms(t1, t2) + ", NVMe scan " + ms(t2, t3) + ")");
        if (f.isEmpty()) {
            scmScanRunner.execute(this::scmScan);
        }
        return f;
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Whether the server uses NVMe SSDs: a non-empty bdev_list with class nvme or none (§1.4 quirk). */
    static boolean usesNvme(IOServerConfig s) {
        return (s.bdevClass() == BdevClass.NVME || s.bdevClass() == BdevClass.NONE) && !s.bdevList().isEmpty();
    }

    private boolean anyUsesNvme() {
        return config.servers().stream().anyMatch(StartupChecks::usesNvme);
    }

    private boolean anyBdevList() {
        return config.servers().stream().anyMatch(s -> !s.bdevList().isEmpty());
    }

    /** nr_hugepages × number of server entries (§3.3 step 2). */
    int requestedHugepages() {
        return config.nrHugepages() * config.servers().size();
    }

    /**
     * The automatic prepare's request (§3.3 step 1–2). The whitelist is {@code bdev_include}, or,
     * when that is empty, the NVMe addresses the servers use: better than the reference, whose
     * empty whitelist rebinds every NVMe SSD of the host without active mounts, including SSDs the
     * configuration never names.
     */
    BdevPrepareRequest prepareRequest() {
        List<String> whitelist = config.bdevInclude();
        if (whitelist.isEmpty()) {
            Set<String> used = new LinkedHashSet<>();
            for (IOServerConfig s : config.servers()) {
                if (usesNvme(s)) {
                    used.addAll(s.bdevList());
                }
            }
            whitelist = List.copyOf(used);
        }
        return new BdevPrepareRequest(requestedHugepages(), String.join(" ", whitelist),
                String.join(" ", config.bdevExclude()), user, false);
    }

    private void prepare() {
        if (!anyUsesNvme()) {
            LOG.info(PREPARE_SKIPPED);
            return;
        }
        BdevPrepareRequest req = prepareRequest();
        LOG.fine(() -> "automatic NVMe prepare: " + req);
        try {
            bdev.prepareDevices(req);
        } catch (StorageException | RuntimeException | LinkageError e) {
            LOG.severe(PREPARE_FAILED + text(e));
        }
    }

    private Optional<Failure> hugepages() {
        if (!anyBdevList()) {
            return Optional.empty();
        }
        HugepageInfo info;
        try {
            info = bdev.hugepages();
        } catch (StorageException e) {
            return Optional.of(new Failure(e.getMessage(), e.fault().orElse(null)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(new Failure("unable to read system hugepage info: " + text(e), null));
        }
        int requested = requestedHugepages();
        if (info.free() < requested) {
            Fault f = Faults.serverInsufficientFreeHugePages(requested, info.free());
            return Optional.of(new Failure(f.toString(), f));
        }
        if (anyUsesNvme() && uid.getAsInt() != 0 && !bdev.iommuEnabled()) {
            return Optional.of(new Failure(Faults.SERVER_IOMMU_DISABLED.toString(), Faults.SERVER_IOMMU_DISABLED));
        }
        return Optional.empty();
    }

    private Optional<Failure> nvmePresence() {
        List<String> wanted = new ArrayList<>();
        for (IOServerConfig s : config.servers()) {
            if (s.bdevClass() == BdevClass.NVME) {
                wanted.addAll(s.bdevList());
            }
        }
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        List<NvmeController> found;
        try {
            found = bdev.scan(BdevFilter.ALL);
        } catch (StorageException e) {
            LOG.fine(() -> "NVMe scan at start-up failed, configured SSDs not checked: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "NVMe scan at start-up crashed, configured SSDs not checked: " + text(e), e);
            return Optional.empty();
        }
        Set<String> present = new HashSet<>();
        for (NvmeController c : found) {
            present.add(c.pciAddr().toLowerCase(Locale.ROOT));
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String a : wanted) {
            if (!present.contains(a.toLowerCase(Locale.ROOT))) {
                missing.add(a);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        Fault f = Faults.serverBdevNotFound(List.copyOf(missing));
        return Optional.of(new Failure(SETUP_PREFIX + f, f));
    }

    private void scmScan() {
        long t0 = System.nanoTime();
        try {
            scanScm();
        } finally {
            LOG.fine(() -> "start-up SCM scan done in " + ms(t0, System.nanoTime()) + " ms");
        }
    }

    private void scanScm() {
        if (scm == null) {
            LOG.fine("no SCM provider: SCM scan at start-up skipped");
            return;
        }
        try {
            scm.scan();
        } catch (StorageException e) {
            LOG.fine(() -> "SCM scan at start-up failed: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "SCM scan at start-up crashed: " + text(e), e);
        }
    }

    /** A StorageException's text; anything else (a provider bug) with its class name. */
    private static String text(Throwable e) {
        return e instanceof StorageException && e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
