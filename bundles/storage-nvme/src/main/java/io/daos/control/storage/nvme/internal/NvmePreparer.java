package io.daos.control.storage.nvme.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import io.daos.control.api.exec.Command;
import io.daos.control.api.exec.CommandResult;
import io.daos.control.api.exec.CommandRunner;
import io.daos.control.api.exec.Executables;
import io.daos.control.api.grpc.ClientValues;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.StorageException;
import io.daos.control.jna.LibraryNotInstalledException;
import io.daos.control.jna.NativeLibraries;

/**
 * NVMe prepare (SPEC-SERVER §2.4, §4.7 "Prepare"). Root only ({@code must be run with root
 * privileges}).
 *
 * <p><b>With a setup script</b> (first found of: system property or environment variable
 * {@code DAOS_SPDK_SETUP}, {@code /usr/share/daos/control/setup_spdk.sh},
 * {@code /usr/share/spdk/scripts/setup.sh}, {@code /usr/local/share/spdk/scripts/setup.sh}):
 * {@code <script> reset} with an empty environment, then, unless {@code resetOnly},
 * {@code <script>} with the environment of {@link #setupEnv}. A script named {@code setup.sh}
 * is SPDK's own, which reads {@code NRHUGE}/{@code TARGET_USER}/{@code PCI_WHITELIST}
 * (≤ 20.x)/{@code PCI_ALLOWED} (≥ 21.x) and the block-list counterparts instead of DAOS's
 * underscore names, and does not chown the hugepage mount: that is done here afterwards.
 *
 * <p><b>Without a script</b> (no SPDK on the host): what can be done natively is done — the
 * hugepage pool is raised to the requested count when it is lower (never shrunk: other
 * processes may hold hugepages; the start-up check of §3.3 reports a shortfall as fault 646),
 * the hugepage mount is chowned to the target user — and the driver binding fails with a clear
 * error naming the NVMe SSDs that would have to be bound to vfio-pci. Nothing to bind is
 * success. With {@code resetOnly}, controllers still bound to an SPDK driver are reported the
 * same way (only the script can return them to the kernel).
 */
final class NvmePreparer {

    private static final Logger LOG = Logger.getLogger(NvmePreparer.class.getName());

    /** Property / environment variable naming the setup script. */
    static final String SETUP_VARIABLE = "DAOS_SPDK_SETUP";
    /** Where the setup script is looked for when {@link #SETUP_VARIABLE} is unset, in order. */
    static final List<Path> DEFAULT_SCRIPTS = List.of(Path.of("/usr/share/daos/control/setup_spdk.sh"),
            Path.of("/usr/share/spdk/scripts/setup.sh"), Path.of("/usr/local/share/spdk/scripts/setup.sh"));
    /** Drivers that mean "owned by SPDK" (user-space PCI access). */
    static final Set<String> SPDK_DRIVERS = Set.of("vfio-pci", "uio_pci_generic", "igb_uio");

    static final String RESET_PREFIX = "SPDK setup reset: ";
    static final String PREPARE_PREFIX = "SPDK prepare: ";
    static final String NOT_ROOT = "must be run with root privileges";

    /** The effective uid of this process. */
    @FunctionalInterface
    interface Euid {
        /** The effective uid. */
        int get() throws StorageException;
    }

    /**
     * Where everything is.
     *
     * @param euid          effective uid source
     * @param variable      property/environment lookup of {@link #SETUP_VARIABLE} (null/empty: unset)
     * @param scripts       default script locations, in order
     * @param path          {@code PATH} given to the setup script
     * @param timeout       how long the script may run
     * @param meminfo       {@code /proc/meminfo}
     * @param nrHugepages   {@code /proc/sys/vm/nr_hugepages}
     * @param hugepageMount {@code /dev/hugepages}
     * @param scanner       the controller scan (driver binding and in-use checks)
     */
    record Settings(Euid euid, UnaryOperator<String> variable, List<Path> scripts, String path, Duration timeout,
            Path meminfo, Path nrHugepages, Path hugepageMount, SysfsScanner scanner) {

        /** This host's paths, with {@code scanner} for the controllers. */
        static Settings system(SysfsScanner scanner) {
            UnaryOperator<String> variable = k -> {
                String v = System.getProperty(k);
                return v != null && !v.isEmpty() ? v : System.getenv(k);
            };
            String path = System.getenv("PATH");
            path = path == null || path.isEmpty() ? "/usr/sbin:/usr/bin:/sbin:/bin" : path;
            if (!Arrays.asList(path.split(":")).contains("/usr/sbin")) {
                path = path + ":/usr/sbin"; // as daos_server gives its helper (§4.2)
            }
            return new Settings(NvmePreparer::systemEuid, variable, DEFAULT_SCRIPTS, path, Duration.ofMinutes(10),
                    Path.of("/proc/meminfo"), Path.of("/proc/sys/vm/nr_hugepages"), Path.of("/dev/hugepages"),
                    scanner);
        }
    }

    private final Settings s;

    NvmePreparer(Settings settings) {
        this.s = settings;
    }

    static int systemEuid() throws StorageException {
        try {
            return NativeLibraries.libc().geteuid();
        } catch (LibraryNotInstalledException e) {
            throw new StorageException("unable to determine the effective user: " + e.getMessage(), e);
        }
    }

    /** Runs the prepare (or reset) of {@code req}. */
    void prepare(BdevPrepareRequest req) throws StorageException {
        if (s.euid().get() != 0) {
            throw new StorageException(NOT_ROOT);
        }
        check(req);
        Path script = findScript(req.resetOnly() ? RESET_PREFIX : PREPARE_PREFIX);
        if (script != null) {
            withScript(script, req);
        } else if (req.resetOnly()) {
            resetWithoutScript();
        } else {
            prepareWithoutScript(req);
        }
    }

    /**
     * What the gRPC edge checks already, checked again before anything reaches a system lookup or
     * the kernel (issue 10): the target user is a POSIX user name (a megabyte-long name once
     * overflowed the stack of libc {@code getpwnam}), and an explicit hugepage count is no more
     * than the host's memory can hold ({@link HugepageInfo#maxPages()}; not checked when unknown,
     * nor for a reset).
     */
    void check(BdevPrepareRequest req) throws StorageException {
        if (!req.targetUser().isEmpty()) {
            requirePosixName(req.targetUser());
        }
        if (req.resetOnly() || req.hugePageCount() <= 0) {
            return;
        }
        HugepageInfo h = hugepages();
        OptionalLong max = h.maxPages();
        if (max.isPresent() && req.hugePageCount() > max.getAsLong()) {
            throw new StorageException(PREPARE_PREFIX + "requested " + req.hugePageCount() + " hugepages of "
                    + h.pageSizeKb() + " kB, more than the host's memory holds (" + max.getAsLong() + ")");
        }
    }

    private static void requirePosixName(String user) throws StorageException {
        if (!ClientValues.isPosixName(user)) {
            throw new StorageException(PREPARE_PREFIX + "invalid target user " + ClientValues.quote(user)
                    + ": not a POSIX user name");
        }
    }

    // ---------------------------------------------------------------- script

    /** The script to run, or null when none is installed. */
    Path findScript(String prefix) throws StorageException {
        String explicit = s.variable().apply(SETUP_VARIABLE);
        if (explicit != null && !explicit.isEmpty()) {
            Path p = Path.of(explicit);
            if (!Executables.isExecutable(p)) {
                throw new StorageException(prefix + SETUP_VARIABLE + " names " + explicit
                        + ", which is not an executable file");
            }
            return p;
        }
        return s.scripts().stream().filter(Executables::isExecutable).findFirst().orElse(null);
    }

    /** Whether {@code script} is SPDK's own {@code scripts/setup.sh} rather than DAOS's wrapper. */
    static boolean isSpdkScript(Path script) {
        return "setup.sh".equals(String.valueOf(script.getFileName()));
    }

    /**
     * The environment of the setup run, in this order (§4.7, §8.5): {@code PATH},
     * {@code _NRHUGE} (4096 when ≤ 0), {@code _TARGET_USER} (may be empty),
     * {@code _PCI_WHITELIST} only when non-empty, {@code _PCI_BLACKLIST} only when non-empty
     * (beyond the reference, which had no block list). For SPDK's own script ({@code spdk}):
     * {@code PATH}, {@code NRHUGE}, {@code TARGET_USER}, {@code PCI_WHITELIST} and
     * {@code PCI_ALLOWED}, {@code PCI_BLACKLIST} and {@code PCI_BLOCKED}, lists space-separated.
     */
    static List<String> setupEnv(boolean spdk, String path, BdevPrepareRequest req) {
        List<String> env = new ArrayList<>();
        env.add("PATH=" + path);
        if (!spdk) {
            env.add("_NRHUGE=" + req.effectiveHugePages());
            env.add("_TARGET_USER=" + req.targetUser());
            if (!req.pciWhitelist().isEmpty()) {
                env.add("_PCI_WHITELIST=" + req.pciWhitelist());
            }
            if (!req.pciBlacklist().isEmpty()) {
                env.add("_PCI_BLACKLIST=" + req.pciBlacklist());
            }
            return env;
        }
        env.add("NRHUGE=" + req.effectiveHugePages());
        env.add("TARGET_USER=" + req.targetUser());
        String allow = String.join(" ", addresses(req.pciWhitelist()));
        if (!allow.isEmpty()) {
            env.add("PCI_WHITELIST=" + allow);
            env.add("PCI_ALLOWED=" + allow);
        }
        String block = String.join(" ", addresses(req.pciBlacklist()));
        if (!block.isEmpty()) {
            env.add("PCI_BLACKLIST=" + block);
            env.add("PCI_BLOCKED=" + block);
        }
        return env;
    }

    private void withScript(Path script, BdevPrepareRequest req) throws StorageException {
        LOG.fine(() -> "NVMe prepare with setup script " + script);
        Result reset = run(script, List.of(), "reset");
        if (reset.failure() != null) {
            throw new StorageException(RESET_PREFIX + "spdk reset failed (" + reset.stdout() + "): " + reset.failure());
        }
        if (req.resetOnly()) {
            return;
        }
        boolean spdk = isSpdkScript(script);
        Result setup = run(script, setupEnv(spdk, s.path(), req));
        if (setup.failure() != null) {
            throw new StorageException(PREPARE_PREFIX + "spdk setup failed (" + setup.stdout() + "): "
                    + setup.failure());
        }
        LOG.fine(() -> "spdk setup run:\n" + setup.stdout());
        if (spdk && !req.targetUser().isEmpty()) {
            chownHugepages(req.targetUser());
        }
    }

    /** Outcome of a script run: stdout and, when it failed, the error text. */
    record Result(String stdout, String failure) {
    }

    /**
     * Runs {@code script args} with exactly {@code env} (nothing inherited) and a timeout.
     * Failure text: {@code exit status <n>: stdout: <stdout>; stderr: <stderr>} (§4.2).
     */
    Result run(Path script, List<String> env, String... args) throws StorageException {
        List<String> argv = new ArrayList<>();
        argv.add(script.toAbsolutePath().toString());
        argv.addAll(List.of(args));
        Command cmd = Command.of(argv).withoutInheritedEnvironment().withTimeout(s.timeout());
        for (String kv : env) {
            int eq = kv.indexOf('=');
            cmd = cmd.withEnv(kv.substring(0, eq), kv.substring(eq + 1));
        }
        CommandResult r;
        try {
            r = CommandRunner.run(cmd);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while running " + argv, e);
        } catch (IOException e) {
            return new Result("", e.getMessage() + ": stdout: ");
        }
        String streams = ": stdout: " + r.stdout() + "; stderr: " + r.stderr();
        if (r.timedOut()) {
            return new Result(r.stdout(), "timed out after " + s.timeout().toSeconds() + "s" + streams);
        }
        return new Result(r.stdout(), r.exitCode() == 0 ? null : "exit status " + r.exitCode() + streams);
    }

    // ---------------------------------------------------------------- native

    private String notFound(List<NvmeController> ctrls, String verb, String target) {
        List<String> looked = new ArrayList<>();
        looked.add(SETUP_VARIABLE);
        s.scripts().forEach(p -> looked.add(p.toString()));
        return "SPDK setup script not found (looked in " + String.join(", ", looked) + "): install SPDK or set "
                + SETUP_VARIABLE + " to " + verb + " NVMe SSD" + (ctrls.size() == 1 ? " " : "s ")
                + ctrls.stream().map(c -> c.pciAddr() + " (" + (c.driver().isEmpty() ? "no driver" : c.driver()) + ")")
                        .collect(Collectors.joining(", ")) + " " + target;
    }

    private void resetWithoutScript() throws StorageException {
        List<NvmeController> owned = new ArrayList<>();
        for (NvmeController c : s.scanner().scan(BdevFilter.ALL)) {
            if (SPDK_DRIVERS.contains(c.driver())) {
                owned.add(c);
            }
        }
        if (!owned.isEmpty()) {
            throw new StorageException(RESET_PREFIX + notFound(owned, "return", "to the kernel nvme driver"));
        }
        LOG.fine("NVMe reset without SPDK setup script: no controller bound to a user-space driver");
    }

    private void prepareWithoutScript(BdevPrepareRequest req) throws StorageException {
        ensureHugepages(req.effectiveHugePages());
        if (!req.targetUser().isEmpty()) {
            chownHugepages(req.targetUser());
        }
        List<NvmeController> toBind = toBind(req);
        if (!toBind.isEmpty()) {
            throw new StorageException(PREPARE_PREFIX + notFound(toBind, "bind", "to vfio-pci"));
        }
    }

    /**
     * The controllers a setup run would bind but that are not bound to a user-space driver yet:
     * the whitelist (all when empty), minus the blacklist, minus controllers in use (logged at
     * INFO with their mounts, as the SPDK script skips them).
     */
    List<NvmeController> toBind(BdevPrepareRequest req) throws StorageException {
        List<String> allow = addresses(req.pciWhitelist());
        List<String> block = addresses(req.pciBlacklist());
        List<NvmeController> out = new ArrayList<>();
        for (NvmeController c : s.scanner().scan(new BdevFilter(allow, block))) {
            if (c.inUse()) {
                LOG.info(() -> "skipping NVMe SSD " + c.pciAddr() + ": in use (mounted at "
                        + String.join(", ", c.mounts()) + ")");
            } else if (!SPDK_DRIVERS.contains(c.driver())) {
                out.add(c);
            }
        }
        return out;
    }

    /** PCI addresses of a whitespace- or comma-separated list, lower case. */
    static List<String> addresses(String list) {
        List<String> out = new ArrayList<>();
        for (String a : list.split("[\\s,]+")) {
            if (!a.isEmpty()) {
                out.add(a.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Raises the hugepage pool to {@code count} pages when it is smaller; never shrinks it. */
    void ensureHugepages(int count) throws StorageException {
        HugepageInfo before = hugepages();
        if (before.total() >= count) {
            LOG.fine(() -> "hugepages: " + before.total() + " configured, " + count + " requested: unchanged");
            return;
        }
        try {
            Files.writeString(s.nrHugepages(), count + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StorageException(PREPARE_PREFIX + "unable to set " + s.nrHugepages() + " to " + count + ": " + e,
                    e);
        }
        HugepageInfo after = hugepages();
        if (after.total() < count) {
            LOG.warning("hugepages: requested " + count + ", the kernel allocated " + after.total()
                    + " (memory fragmented? reboot or allocate at boot)");
        } else {
            LOG.info(() -> "hugepages: raised from " + before.total() + " to " + after.total());
        }
    }

    /** The hugepage counters of meminfo ({@link io.daos.control.api.storage.BdevProvider#hugepages()}). */
    HugepageInfo hugepageInfo() throws StorageException {
        try {
            return HugepageInfo.parse(Files.readString(s.meminfo(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StorageException("unable to read system hugepage info: " + e.getMessage(), e);
        }
    }

    private HugepageInfo hugepages() throws StorageException {
        try {
            return hugepageInfo();
        } catch (StorageException e) {
            throw new StorageException(PREPARE_PREFIX + e.getMessage(), e);
        }
    }

    /**
     * chown of the hugepage mount to {@code user} (owner only, as DAOS's setup script). An unknown
     * user is an error; a host without the mount (no hugetlbfs at {@code /dev/hugepages}) only
     * gets a warning, there is nothing to chown.
     */
    void chownHugepages(String user) throws StorageException {
        requirePosixName(user);
        Path mount = s.hugepageMount();
        UserPrincipal owner;
        try {
            owner = mount.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            throw new StorageException(PREPARE_PREFIX + "unknown target user " + ClientValues.quote(user), e);
        } catch (IOException e) {
            throw new StorageException(PREPARE_PREFIX + "unable to look up target user " + ClientValues.quote(user)
                    + ": " + e, e);
        }
        if (!Files.exists(mount)) {
            LOG.warning(() -> "hugepages: " + mount + " does not exist (hugetlbfs not mounted), not chowned to "
                    + user);
            return;
        }
        try {
            Files.getFileAttributeView(mount, PosixFileAttributeView.class).setOwner(owner);
        } catch (IOException e) {
            throw new StorageException(PREPARE_PREFIX + "unable to chown " + mount + " to " + user + ": " + e, e);
        }
    }
}
