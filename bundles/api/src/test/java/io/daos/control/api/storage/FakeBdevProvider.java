package io.daos.control.api.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.fault.Fault;

/**
 * A configurable {@link BdevProvider} for tests of the provider's users (there is no NVMe or
 * SPDK here; shipped in the api test-jar). Format succeeds for every device of
 * {@code bdev_list} except those given a fault; scan and prepare return the configured results
 * or throw the configured errors, recording the filters and requests; the emulated devices are
 * configured by instance index. Instance-start preparation and {@code daos_nvme.conf} do nothing.
 */
public final class FakeBdevProvider implements BdevProvider {

    /** Per-device format faults, by {@code bdev_list} entry. */
    public final Map<String, Fault> faults = new HashMap<>();
    /** The devices formatted, in call order. */
    public final List<String> formatted = new ArrayList<>();
    /** The filters of the scans, in call order. */
    public final List<BdevFilter> filters = new ArrayList<>();
    /** The requests of {@link #prepareDevices}, in call order. */
    public final List<BdevPrepareRequest> prepared = new ArrayList<>();
    /** What {@link #configured} returns, by instance index (none unless set). */
    public final Map<Integer, List<NvmeController>> configuredDevices = new HashMap<>();
    /** Call-level failure of {@link #format} when set (nothing is formatted). */
    public StorageException formatError;
    /** What {@link #scan} returns: no controllers unless set. */
    public List<NvmeController> scanResult = List.of();
    /** Thrown by {@link #scan} when set. */
    public StorageException scanError;
    /** Thrown by {@link #prepareDevices} when set (the request is still recorded). */
    public StorageException prepareError;
    /** What {@link #hugepages()} returns (none free unless set). */
    public HugepageInfo hugepages = new HugepageInfo(0, 0, 0, 0, 2048);
    /** What {@link #hugepages()} throws instead, when set. */
    public StorageException hugepagesError;
    /** What {@link #iommuEnabled()} answers. */
    public boolean iommu;
    private Throwable scanCrash;

    /** Makes {@link #scan} throw {@code crash}: a RuntimeException (a provider bug) or an Error. */
    public void crashScan(Throwable crash) {
        scanCrash = unchecked(crash);
    }

    @Override
    public List<BdevFormatResult> format(IOServerConfig config) throws StorageException {
        if (formatError != null) {
            throw formatError;
        }
        List<BdevFormatResult> r = new ArrayList<>();
        for (String d : config.bdevList()) {
            formatted.add(d);
            r.add(new BdevFormatResult(d, faults.get(d)));
        }
        return r;
    }

    @Override
    public void prepare(IOServerConfig config) {
    }

    @Override
    public Optional<String> renderNvmeConf(IOServerConfig config) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> writeNvmeConf(IOServerConfig config) {
        return Optional.empty();
    }

    @Override
    public List<NvmeController> scan(BdevFilter filter) throws StorageException {
        filters.add(filter);
        rethrowUnchecked(scanCrash);
        if (scanError != null) {
            throw scanError;
        }
        return scanResult;
    }

    @Override
    public void prepareDevices(BdevPrepareRequest request) throws StorageException {
        prepared.add(request);
        if (prepareError != null) {
            throw prepareError;
        }
    }

    @Override
    public List<NvmeController> configured(IOServerConfig config) {
        return configuredDevices.getOrDefault(config.index(), List.of());
    }

    /** {@code t}, which must be unchecked (an Error or a RuntimeException). */
    static Throwable unchecked(Throwable t) {
        if (t instanceof RuntimeException || t instanceof Error) {
            return t;
        }
        throw new IllegalArgumentException("a checked exception cannot be thrown by scan: " + t);
    }

    /** Throws {@code t} when it is set (only an Error or RuntimeException can be). */
    static void rethrowUnchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    @Override
    public HugepageInfo hugepages() throws StorageException {
        if (hugepagesError != null) {
            throw hugepagesError;
        }
        return hugepages;
    }

    @Override
    public boolean iommuEnabled() {
        return iommu;
    }
}
