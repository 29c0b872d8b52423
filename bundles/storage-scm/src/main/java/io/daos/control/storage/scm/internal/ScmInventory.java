package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;

import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;
import io.daos.control.jna.LibraryNotInstalledException;

/**
 * SCM scan (SPEC-SERVER §4.3) and prepare/reset (§4.4) over a {@link PmemBackend}. The first
 * successful scan is cached for the life of this object; every prepare drops it afterwards.
 * Scan and prepare are serialised; they do not hold the format/mount lock.
 */
final class ScmInventory {

    /** The logger of §4.4's INFO lines. */
    static final Logger LOG = Logger.getLogger("io.daos.control.storage.scm");

    static final List<String> LIST_NAMESPACES = List.of("ndctl", "list", "-N", "-v");
    static final List<String> SHOW_REGIONS = List.of("ipmctl", "show", "-d", "PersistentMemoryType,FreeCapacity",
            "-region");
    static final List<String> DELETE_GOAL = List.of("ipmctl", "delete", "-goal");
    static final List<String> CREATE_APPDIRECT_GOAL = List.of("ipmctl", "create", "-f", "-goal",
            "PersistentMemoryType=AppDirect");
    static final List<String> CREATE_MEMORYMODE_GOAL = List.of("ipmctl", "create", "-f", "-goal", "MemoryMode=100");
    static final List<String> CREATE_NAMESPACE = List.of("ndctl", "create-namespace");

    /**
     * Bound on namespace-creation rounds in one prepare (one namespace per AppDirect region;
     * a host has a handful): protects against a tool that keeps reporting free capacity.
     */
    static final int MAX_NAMESPACE_ROUNDS = 64;

    /** The mount-table operations a reset needs (unmounting namespaces in use). */
    interface Mounts {
        /** Mount points of the device node {@code device}; empty when not mounted or absent. */
        List<String> mountPointsOf(String device) throws IOException;

        /** umount2(2) of a mount point. */
        void unmount(String mountPoint) throws IOException;
    }

    private final PmemBackend pmem;
    private final Mounts mounts;
    private final Object lock = new Object();
    private ScmScan cached;

    ScmInventory(PmemBackend pmem, Mounts mounts) {
        this.pmem = pmem;
        this.mounts = mounts;
    }

    /** Replaces the cached scan (tests: states a real scan cannot produce, e.g. Unknown with modules). */
    void setCachedScan(ScmScan scan) {
        synchronized (lock) {
            cached = scan;
        }
    }

    /** §4.3, cached after the first success. */
    ScmScan scan() throws StorageException {
        synchronized (lock) {
            if (cached == null) {
                cached = freshScan();
            }
            return cached;
        }
    }

    private ScmScan freshScan() throws StorageException {
        List<ScmModule> modules;
        try {
            modules = new ArrayList<>(pmem.discoverModules());
        } catch (LibraryNotInstalledException e) {
            throw new StorageException(Faults.missingLibrary(Faults.DOMAIN_SCM, e.library(), e.debianPackage()));
        } catch (IOException e) {
            throw new StorageException("failed to discover SCM modules: " + e.getMessage(), e);
        }
        if (modules.isEmpty()) {
            return new ScmScan(ScmRegionState.UNKNOWN, List.of(), List.of());
        }
        modules.sort(Comparator.comparingInt(ScmModule::physicalId));
        requireNdctl();
        List<ScmNamespace> namespaces = new ArrayList<>(listNamespaces());
        namespaces.sort(Comparator.comparing(ScmNamespace::blockDevice));
        ScmRegionState state;
        try {
            state = state();
        } catch (IOException e) {
            throw new StorageException("getting state: " + e.getMessage(), e);
        }
        return new ScmScan(state, modules, namespaces);
    }

    private void requireNdctl() throws StorageException {
        if (!pmem.hasCommand("ndctl")) {
            throw new StorageException(Faults.MISSING_SOFTWARE_DEPENDENCY);
        }
    }

    /** {@code ndctl list -N -v}, parsed. */
    private List<ScmNamespace> listNamespaces() throws StorageException {
        String out;
        try {
            out = pmem.run(LIST_NAMESPACES, PmemBackend.QUERY_TIMEOUT_S);
        } catch (IOException e) {
            throw new StorageException("list namespaces: " + e.getMessage(), e);
        }
        try {
            return NdctlOutput.namespaces(out);
        } catch (IOException e) {
            throw new StorageException("parsing pmem devs: " + e.getMessage(), e);
        }
    }

    /** §4.3 step 4 (needs ndctl too, as in the reference). */
    private ScmRegionState state() throws IOException, StorageException {
        requireNdctl();
        return NdctlOutput.regionState(pmem.run(SHOW_REGIONS, PmemBackend.QUERY_TIMEOUT_S));
    }

    /** §4.4; the cached scan is dropped afterwards, whatever the outcome. */
    ScmPrepareResult prepare(boolean reset) throws StorageException {
        synchronized (lock) {
            try {
                ScmScan scan = cached != null ? cached : freshScan();
                if (scan.modules().isEmpty()) {
                    LOG.info("skipping SCM prepare; no modules detected");
                    return new ScmPrepareResult(scan.state(), false, List.of());
                }
                boolean reboot;
                List<ScmNamespace> namespaces = List.of();
                if (reset) {
                    reboot = reset(scan);
                } else {
                    switch (scan.state()) {
                        case NO_REGIONS:
                            setGoal(CREATE_APPDIRECT_GOAL);
                            reboot = true;
                            break;
                        case FREE_CAPACITY:
                            namespaces = createNamespaces();
                            reboot = false;
                            break;
                        case NO_CAPACITY:
                            namespaces = listNamespaces();
                            reboot = false;
                            break;
                        default:
                            throw new StorageException("unknown scm state");
                    }
                }
                ScmRegionState after;
                try {
                    after = state();
                } catch (IOException e) {
                    throw new StorageException("getting state: " + e.getMessage(), e);
                }
                return new ScmPrepareResult(after, reboot, namespaces);
            } finally {
                cached = null;
            }
        }
    }

    /** {@code ipmctl delete -goal}, then the given create-goal command. */
    private void setGoal(List<String> createGoal) throws StorageException {
        run(DELETE_GOAL, "clear goal");
        run(createGoal, "create goal");
    }

    private String run(List<String> argv, String context) throws StorageException {
        try {
            return pmem.run(argv, PmemBackend.CHANGE_TIMEOUT_S);
        } catch (IOException e) {
            throw new StorageException(context + ": " + e.getMessage(), e);
        }
    }

    private List<ScmNamespace> createNamespaces() throws StorageException {
        List<ScmNamespace> created = new ArrayList<>();
        for (int round = 1;; round++) {
            LOG.info("creating SCM namespace, may take a few minutes...");
            String out = run(CREATE_NAMESPACE, "create namespace cmd");
            try {
                created.addAll(NdctlOutput.namespaces(out));
            } catch (IOException e) {
                throw new StorageException("parsing pmem devs: " + e.getMessage(), e);
            }
            ScmRegionState state;
            try {
                state = state();
            } catch (IOException e) {
                throw new StorageException("getting state: " + e.getMessage(), e);
            }
            if (state == ScmRegionState.NO_CAPACITY) {
                return created;
            }
            if (state != ScmRegionState.FREE_CAPACITY) {
                throw new StorageException("unexpected state: want " + ScmRegionState.FREE_CAPACITY.referenceName()
                        + ", got " + state.referenceName());
            }
            if (round >= MAX_NAMESPACE_ROUNDS) {
                throw new StorageException("unexpected state: want " + ScmRegionState.NO_CAPACITY.referenceName()
                        + " after " + round + " namespaces created, got " + state.referenceName());
            }
        }
    }

    /** §4.4 step 3: unmount, then by state. Returns whether a reboot is required. */
    private boolean reset(ScmScan scan) throws StorageException {
        for (ScmNamespace ns : scan.namespaces()) {
            String dev = "/dev/" + ns.blockDevice();
            try {
                for (String mp : mounts.mountPointsOf(dev)) {
                    try {
                        mounts.unmount(mp);
                    } catch (IOException e) {
                        throw new StorageException("failed to unmount " + dev + " from " + mp + ": "
                                + e.getMessage(), e);
                    }
                }
            } catch (IOException e) {
                throw new StorageException("failed to check if " + dev + " is mounted: " + e.getMessage(), e);
            }
        }
        switch (scan.state()) {
            case NO_REGIONS:
                LOG.info("SCM is already reset");
                return false;
            case FREE_CAPACITY:
            case NO_CAPACITY:
                // the namespaces as they are now (the cached scan may predate changes made with ndctl)
                for (ScmNamespace ns : listNamespaces()) {
                    LOG.info("removing SCM namespace \"" + ns.name() + "\", may take a few minutes...");
                    run(List.of("ndctl", "disable-namespace", ns.name()), "disable namespace cmd");
                    run(List.of("ndctl", "destroy-namespace", ns.name()), "destroy namespace cmd");
                }
                LOG.info("resetting SCM memory allocations");
                setGoal(CREATE_MEMORYMODE_GOAL);
                return true;
            default:
                throw new StorageException("unknown scm state");
        }
    }
}
