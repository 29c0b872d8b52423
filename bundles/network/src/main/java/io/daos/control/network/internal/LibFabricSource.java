package io.daos.control.network.internal;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.jna.LibFabric;
import io.daos.control.jna.LibraryNotInstalledException;

/**
 * The real records: {@code fi_getinfo(FI_VERSION(1,7), NULL, NULL, 0, hints)} as the reference
 * asks, hints from {@code fi_allocinfo()} with only {@code fabric_attr->prov_name} set (when a
 * provider is given). libfabric is loaded on first use.
 */
final class LibFabricSource implements FabricInfoSource {

    /** psm2's domain name; only these records carry a {@code psmx2_ep_name} source address. */
    static final String PSM2_DOMAIN = "psm2";

    /** How libfabric is obtained ({@link LibFabric#load()}; tests substitute a missing library). */
    interface Loader {
        /** The library. */
        LibFabric load() throws LibraryNotInstalledException;
    }

    private final Loader loader;

    /** The real library, loaded on the first query. */
    LibFabricSource() {
        this(LibFabric::load);
    }

    LibFabricSource(Loader loader) {
        this.loader = loader;
    }

    @Override
    public List<FabricRecord> getinfo(String provider) throws NetworkScanException {
        LibFabric fabric = load();
        Pointer hints = fabric.fi_dupinfo(null);
        if (hints == null) {
            throw new NetworkScanException("unable to allocate memory for libfabric query");
        }
        PointerByReference info = new PointerByReference();
        try {
            if (provider != null && !provider.isEmpty()) {
                LibFabric.setProviderName(hints, provider);
            }
            int rc = fabric.fi_getinfo(LibFabric.API_VERSION_1_7, null, null, 0, hints, info);
            if (rc == -LibFabric.FI_ENODATA) {
                return List.of();
            }
            if (rc != 0) {
                throw new NetworkScanException("fi_getinfo failed: " + fabric.fi_strerror(-rc));
            }
            List<FabricRecord> records = new ArrayList<>();
            for (Pointer p = info.getValue(); p != null; p = LibFabric.next(p)) {
                String domain = LibFabric.domainName(p);
                boolean source = LibFabric.sourceAddress(p) != null;
                Integer unit = source && PSM2_DOMAIN.equals(domain) ? LibFabric.psm2Unit(p) : null;
                records.add(new FabricRecord(LibFabric.providerName(p), domain, LibFabric.fabricName(p), source,
                        unit));
            }
            return records;
        } finally {
            if (info.getValue() != null) {
                fabric.fi_freeinfo(info.getValue());
            }
            fabric.fi_freeinfo(hints); // frees the malloc'ed prov_name too
        }
    }

    private LibFabric load() throws NetworkScanException {
        try {
            return loader.load();
        } catch (LibraryNotInstalledException e) {
            Fault fault = Faults.missingLibrary(Faults.DOMAIN_NETWORK, e.library(), e.debianPackage());
            throw new NetworkScanException(fault.toString(), fault, e);
        }
    }
}
