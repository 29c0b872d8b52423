package io.daos.control.network.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.daos.control.api.grpc.ClientValues;
import io.daos.control.api.network.NetworkScanException;

/**
 * Mercury ↔ libfabric provider names (SPEC-SERVER §5.1), converted per {@code ;}-separated
 * component: {@code ofi+verbs;ofi_rxm} ↔ {@code verbs;ofi_rxm}.
 */
final class Providers {

    private static final Map<String, String> MERCURY_TO_LIBFABRIC = Map.of("ofi+sockets", "sockets",
            "ofi+tcp", "tcp", "ofi+verbs", "verbs", "ofi_rxm", "ofi_rxm", "ofi+psm2", "psm2", "ofi+gni", "gni");

    private static final Map<String, String> LIBFABRIC_TO_MERCURY = Map.of("sockets", "ofi+sockets",
            "tcp", "ofi+tcp", "verbs", "ofi+verbs", "ofi_rxm", "ofi_rxm", "psm2", "ofi+psm2", "gni", "ofi+gni");

    private Providers() {
    }

    /**
     * A Mercury provider as libfabric names it; every component must convert (§5.2 step 1).
     *
     * @throws NetworkScanException {@code fabric provider: '<c>' is not known by libfabric.  Use
     *                              'daos_server network list' to view supported providers}, a
     *                              long or unprintable {@code <c>} shortened ({@link ClientValues#shorten})
     */
    static String toLibfabric(String mercury) throws NetworkScanException {
        List<String> out = new ArrayList<>();
        for (String component : mercury.split(";", -1)) {
            String converted = MERCURY_TO_LIBFABRIC.get(component);
            if (converted == null) {
                throw new NetworkScanException("fabric provider: '" + ClientValues.shorten(component)
                        + "' is not known by libfabric.  Use 'daos_server network list' to view supported providers");
            }
            out.add(converted);
        }
        return String.join(";", out);
    }

    /**
     * A libfabric provider as Mercury names it (§5.2 step 6): unknown components are dropped
     * ({@code net;ofi_rxm} → {@code ofi_rxm}); empty when none converts ({@code udp;ofi_rxd}).
     */
    static Optional<String> toMercury(String libfabric) {
        List<String> out = new ArrayList<>();
        for (String component : libfabric.split(";", -1)) {
            String converted = LIBFABRIC_TO_MERCURY.get(component);
            if (converted != null) {
                out.add(converted);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join(";", out));
    }
}
