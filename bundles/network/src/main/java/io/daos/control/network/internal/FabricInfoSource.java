package io.daos.control.network.internal;

import java.util.List;

import io.daos.control.api.network.NetworkScanException;

/** Where fabric records come from: libfabric's {@code fi_getinfo} ({@link LibFabricSource}) or a test fake. */
interface FabricInfoSource {

    /**
     * The records for a provider, in libfabric's order.
     *
     * @param provider libfabric provider name ({@code tcp;ofi_rxm}); empty means all
     * @return the records; empty when libfabric has none ({@code FI_ENODATA})
     * @throws NetworkScanException libfabric is not installed (a code 1 fault) or fi_getinfo failed
     */
    List<FabricRecord> getinfo(String provider) throws NetworkScanException;
}
