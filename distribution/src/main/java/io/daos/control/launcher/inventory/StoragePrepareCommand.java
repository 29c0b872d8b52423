package io.daos.control.launcher.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.BdevProvider;
import io.daos.control.api.storage.Humanize;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmProvider;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;
import io.daos.control.launcher.Log;

/**
 * {@code daos_server storage prepare [-n|-s] [--reset] [-f] [-w list] [-p n] [-u user]}
 * (SPEC-SERVER §2.4, steps 1–6): NVMe prepare through {@link BdevProvider#prepareDevices}, SCM
 * scan, confirmation by region state, SCM prepare or reset through {@link ScmProvider#prepare}.
 */
final class StoragePrepareCommand {

    static final String BOTH_SET = "nvme-only and scm-only options should not be set together";
    static final String WARNING = "Memory allocation goals for SCM will be changed and namespaces modified, this "
            + "will be a destructive operation. Please ensure namespaces are unmounted and locally attached SCM & "
            + "NVMe devices are not in use. Please be patient as it may take several minutes and subsequent reboot "
            + "maybe required.";
    static final String PROMPT = "Are you sure you want to continue? (yes/no)";
    static final String RETRY = "Please type yes or no and then press enter:";
    static final String NO_CONSENT = "consent not given";
    static final String NO_MODULES = "No SCM modules detected; skipping operation";

    /** The command's flags. */
    record Options(boolean nvmeOnly, boolean scmOnly, boolean reset, boolean force, String pciWhitelist,
            String hugepages, String targetUser) {
    }

    /** Not consenting, or not being able to ask. */
    private static final class NoConsent extends Exception {
        private static final long serialVersionUID = 1L;

        NoConsent(String message) {
            super(message);
        }
    }

    private final ScmProvider scm;
    private final BdevProvider bdev;
    private final Options opts;
    private final BufferedReader stdin;
    private final Log log;

    /**
     * @param scm   SCM provider, or null when none is on the class path
     * @param bdev  NVMe provider, or null when none is on the class path
     * @param opts  the flags
     * @param stdin where the confirmation is read from
     * @param log   the console
     */
    StoragePrepareCommand(ScmProvider scm, BdevProvider bdev, Options opts, BufferedReader stdin, Log log) {
        this.scm = scm;
        this.bdev = bdev;
        this.opts = opts;
        this.stdin = stdin;
        this.log = log;
    }

    /**
     * {@code -p}: a decimal int as go-flags parses it; empty or ≤ 0 means the default.
     *
     * @throws IllegalArgumentException go-flags' message for a malformed value
     */
    static int hugepages(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            boolean digits = value.matches("[+-]?[0-9]+");
            throw new IllegalArgumentException("invalid argument for flag `-p, --hugepages' (expected int): "
                    + "strconv.ParseInt: parsing \"" + value + "\": " + (digits ? "value out of range" : "invalid syntax"));
        }
    }

    int run() {
        if (opts.nvmeOnly() && opts.scmOnly()) {
            log.error(BOTH_SET);
            return 1;
        }
        int pages;
        try {
            pages = hugepages(opts.hugepages());
        } catch (IllegalArgumentException e) {
            log.error(e.getMessage());
            return 1;
        }
        String verb = opts.reset() ? "Resetting" : "Preparing";
        Failures failures = new Failures();

        // 3. NVMe: an error is remembered, not yet fatal
        if (!opts.scmOnly()) {
            log.info(verb + " locally-attached NVMe storage...");
            if (bdev == null) {
                failures.add(Inventory.missingProvider("NVMe", BdevProvider.class, "storage.nvme"), null);
            } else {
                failures.attempt(() -> {
                    bdev.prepareDevices(new BdevPrepareRequest(pages, opts.pciWhitelist(), "", opts.targetUser(),
                            opts.reset()));
                    return null;
                });
            }
        }

        // 4. SCM scan, always
        if (scm == null) {
            failures.add(Inventory.missingProvider("SCM", ScmProvider.class, "storage.scm"), null);
            return failures.report(log);
        }
        ScmScan scan = failures.attempt(scm::scan).orElse(null);
        if (scan == null) {
            return failures.report(log);
        }

        // 5. SCM prepare
        if (!opts.nvmeOnly()) {
            if (scan.modules().isEmpty()) {
                log.info(NO_MODULES);
            } else {
                log.info(verb + " locally-attached SCM...");
                try {
                    confirm(scan.state());
                    ScmPrepareResult r = scm.prepare(opts.reset());
                    if (r.rebootRequired()) {
                        log.info(ScmPrepareResult.REBOOT_REQUIRED);
                    } else if (!r.namespaces().isEmpty()) {
                        log.info("SCM namespaces:\n" + namespaceList(r.namespaces()));
                    } else {
                        log.info("no SCM namespaces");
                    }
                } catch (NoConsent e) {
                    failures.add(e.getMessage(), null);
                } catch (StorageException e) {
                    failures.add(e);
                } catch (RuntimeException | LinkageError e) {
                    failures.addUnexpected(e);
                }
            }
        }

        // 6.
        return failures.isEmpty() ? 0 : failures.report(log);
    }

    /** One {@code \t<Device:pmem0 Socket:0 Capacity:3.2 TB>} line per namespace (block device order). */
    static String namespaceList(List<ScmNamespace> namespaces) {
        List<ScmNamespace> sorted = new ArrayList<>(namespaces);
        sorted.sort(Comparator.comparing(ScmNamespace::blockDevice));
        List<String> lines = new ArrayList<>();
        for (ScmNamespace ns : sorted) {
            lines.add("\tDevice:" + ns.blockDevice() + " Socket:" + ns.numaNode() + " Capacity:"
                    + Humanize.si(ns.size()));
        }
        return String.join("\n", lines);
    }

    /**
     * The confirmation of §2.4: needed for NoRegions without {@code --reset} and for
     * FreeCapacity/NoCapacity with it; skipped with {@code --force} (the warning is still shown).
     */
    private void confirm(ScmRegionState state) throws NoConsent, StorageException {
        boolean destructive;
        switch (state) {
            case NO_REGIONS -> destructive = !opts.reset();
            case FREE_CAPACITY, NO_CAPACITY -> destructive = opts.reset();
            default -> throw new StorageException("unknown scm state");
        }
        if (!destructive) {
            return;
        }
        log.info(WARNING);
        if (opts.force()) {
            return;
        }
        log.info(PROMPT);
        while (true) {
            String line;
            try {
                line = stdin.readLine();
            } catch (IOException e) {
                log.error("Error reading input: " + Log.oneLine(e));
                throw new NoConsent(NO_CONSENT);
            }
            if (line == null) {
                log.error("Error reading input: EOF");
                throw new NoConsent(NO_CONSENT);
            }
            String answer = line.strip();
            if (answer.equals("yes")) {
                return;
            }
            if (answer.equals("no")) {
                throw new NoConsent(NO_CONSENT);
            }
            log.info(RETRY);
        }
    }
}
