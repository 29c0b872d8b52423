package io.daos.control.api.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.daos.control.api.config.IOServerConfig;

/**
 * A configurable {@link ScmProvider} for tests of the provider's users (there is no PMem here;
 * shipped in the api test-jar). Mounts are tracked per mount point: {@link #format} and
 * {@link #mount} add the instance's {@code scm_mount}, {@link #check} and {@link #isMounted}
 * report it. Scan and prepare return the configured results or throw the configured errors;
 * their calls are recorded in {@link #calls}. {@link #usage(IOServerConfig)} answers from the {@code usage} map
 * by mount point (else mounted per {@link #mounted}, with zero sizes).
 */
public final class FakeScmProvider implements ScmProvider {

    /** Mounted mount points (format and mount add to it; tests may add too). */
    public final Set<String> mounted = new HashSet<>();
    /** The mount points formatted, in call order. */
    public final List<String> formatted = new ArrayList<>();
    /** {@code "scan"}, {@code "prepare reset=<reset>"} and {@code "usage <scm_mount>"}, in call order. */
    public final List<String> calls = new ArrayList<>();
    /** Thrown by {@link #checkRequest} when set. */
    public StorageException requestError;
    /** Thrown by {@link #check} when set. */
    public StorageException checkError;
    /** Thrown by {@link #format} when set (nothing is formatted). */
    public StorageException formatError;
    /** When set, {@link #format} records the format but reports (and leaves) it unformatted. */
    public boolean formatReportsUnformatted;
    /** What {@link #scan} returns: no modules, state UNKNOWN unless set. */
    public ScmScan scanResult = new ScmScan(ScmRegionState.UNKNOWN, List.of(), List.of());
    /** Thrown by {@link #scan} when set. */
    public StorageException scanError;
    /** What {@link #prepare} returns: nothing done unless set. */
    public ScmPrepareResult prepareResult = new ScmPrepareResult(ScmRegionState.UNKNOWN, false, List.of());
    /** Thrown by {@link #prepare} when set. */
    public StorageException prepareError;
    /** What {@link #usage(IOServerConfig)} returns per mount point (tests fill it). */
    public final Map<String, ScmMountUsage> usage = new HashMap<>();
    /** Thrown by {@link #usage} when set. */
    public StorageException usageError;
    private Throwable scanCrash;

    /** Makes {@link #scan} throw {@code crash}: an Error (a native library breaking) or a RuntimeException. */
    public void crashScan(Throwable crash) {
        scanCrash = FakeBdevProvider.unchecked(crash);
    }

    @Override
    public void checkRequest(IOServerConfig config) throws StorageException {
        if (requestError != null) {
            throw requestError;
        }
    }

    @Override
    public ScmState check(IOServerConfig config) throws StorageException {
        if (checkError != null) {
            throw checkError;
        }
        boolean m = mounted.contains(config.scmMount());
        return new ScmState(config.scmMount(), m, m, false);
    }

    @Override
    public ScmState format(IOServerConfig config) throws StorageException {
        if (formatError != null) {
            throw formatError;
        }
        formatted.add(config.scmMount());
        if (formatReportsUnformatted) {
            return new ScmState(config.scmMount(), false, false, false);
        }
        mounted.add(config.scmMount());
        return new ScmState(config.scmMount(), true, true, false);
    }

    @Override
    public void mount(IOServerConfig config) {
        mounted.add(config.scmMount());
    }

    @Override
    public boolean isMounted(String target) {
        return mounted.contains(target);
    }

    @Override
    public ScmMountUsage usage(IOServerConfig config) throws StorageException {
        calls.add("usage " + config.scmMount());
        if (usageError != null) {
            throw usageError;
        }
        ScmMountUsage u = usage.get(config.scmMount());
        if (u != null) {
            return u;
        }
        return new ScmMountUsage(config.scmMount(), mounted.contains(config.scmMount()), 0, 0);
    }

    @Override
    public ScmScan scan() throws StorageException {
        calls.add("scan");
        FakeBdevProvider.rethrowUnchecked(scanCrash);
        if (scanError != null) {
            throw scanError;
        }
        return scanResult;
    }

    @Override
    public ScmPrepareResult prepare(boolean reset) throws StorageException {
        calls.add("prepare reset=" + reset);
        if (prepareError != null) {
            throw prepareError;
        }
        return prepareResult;
    }
}
