package io.daos.control.api.network;

import java.util.List;

/**
 * Fabric discovery (SPEC-SERVER §5): libfabric's providers and devices, resolved to kernel
 * interfaces with their NUMA node. Registered as an OSGi service by the network bundle; also
 * found through {@link java.util.ServiceLoader} by the {@code daos_server network} commands.
 */
public interface NetworkScanner {

    /** The supported Mercury providers in the reference's order (§5.1). */
    List<String> SUPPORTED_PROVIDERS = List.of("ofi+gni", "ofi+psm2", "ofi+tcp", "ofi+sockets", "ofi+verbs",
            "ofi_rxm");

    /** {@code ofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm} (wire {@code ProviderListReply}). */
    static String providerList() {
        return String.join(", ", SUPPORTED_PROVIDERS);
    }

    /**
     * Scans the fabric (§5.2).
     *
     * @param provider Mercury provider ({@code ofi+verbs;ofi_rxm}); empty means all
     * @return one entry per distinct (interface, provider, NUMA node), in libfabric's order
     * @throws NetworkScanException an unknown provider component ({@code fabric provider:
     *                              '<c>' is not known by libfabric.  Use 'daos_server network
     *                              list' to view supported providers}), libfabric missing, or a
     *                              topology error
     */
    List<FabricInterface> scan(String provider) throws NetworkScanException;
}
