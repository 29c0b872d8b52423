package io.daos.control.network.internal;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.api.network.NetworkScanner;

/**
 * The fabric scan of SPEC-SERVER §5.2: libfabric's records ({@code fi_getinfo}, API 1.7, through
 * native/jna) resolved to kernel interfaces and NUMA nodes from sysfs ({@link SysfsTopology}; the
 * issue allows hwloc or sysfs, sysfs needs no second native library).
 *
 * <ol>
 * <li>{@code ""} means all providers; otherwise every {@code ;} component must be a known Mercury
 * provider.</li>
 * <li>No libfabric records → empty result.</li>
 * <li>Records without domain or provider are skipped; the provider is converted back to Mercury
 * per component (unknown components dropped, none left → skipped).</li>
 * <li>The domain is resolved to an interface ({@link SysfsTopology#resolve}); unresolvable →
 * skipped. psm2 records (domain {@code psm2}): without source address skipped; unit −1 → one
 * entry per {@code hfi1_<n>}; an explicit unit is skipped (the reference's quirk).</li>
 * <li>Identical (interface, provider, NUMA) results are reported once, in libfabric's order.</li>
 * </ol>
 *
 * <p>Registered as an OSGi service (immediate; no threads) and listed in
 * {@code META-INF/services} for {@link java.util.ServiceLoader}: the public constructor is the
 * real scanner; libfabric is loaded on the first scan.
 */
@Component(service = NetworkScanner.class, immediate = true)
public final class FabricScanner implements NetworkScanner {

    private final FabricInfoSource source;
    private final Path sysfs;

    /** The real scanner: libfabric and {@code /sys}. */
    public FabricScanner() {
        this(new LibFabricSource(), Path.of("/sys"));
    }

    FabricScanner(FabricInfoSource source, Path sysfs) {
        this.source = source;
        this.sysfs = sysfs;
    }

    @Override
    public List<FabricInterface> scan(String provider) throws NetworkScanException {
        String hint = provider == null || provider.isEmpty() ? "" : Providers.toLibfabric(provider);
        List<FabricRecord> records = source.getinfo(hint);
        if (records.isEmpty()) {
            return List.of();
        }
        SysfsTopology topology = SysfsTopology.read(sysfs);
        Set<FabricInterface> found = new LinkedHashSet<>();
        for (FabricRecord record : records) {
            if (isEmpty(record.domain()) || isEmpty(record.provider())) {
                continue;
            }
            Optional<String> mercury = Providers.toMercury(record.provider());
            if (mercury.isEmpty()) {
                continue;
            }
            for (String device : devices(record, topology)) {
                topology.resolve(device).ifPresent(
                        iface -> found.add(new FabricInterface(mercury.get(), iface, topology.numaNode(iface))));
            }
        }
        return List.copyOf(found);
    }

    /** The device names a record stands for: its domain, or the HFI units of a psm2 "any unit" record. */
    private static List<String> devices(FabricRecord record, SysfsTopology topology) {
        if (!LibFabricSource.PSM2_DOMAIN.equals(record.domain())) {
            return List.of(record.domain());
        }
        if (!record.sourceAddress() || record.psm2Unit() == null || record.psm2Unit() != -1) {
            return List.of(); // no source address, or an explicit unit (reference quirk)
        }
        return topology.hfiUnits();
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
