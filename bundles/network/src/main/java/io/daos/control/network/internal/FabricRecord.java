package io.daos.control.network.internal;

/**
 * One libfabric {@code fi_info} record, reduced to what the scan uses.
 *
 * @param provider      {@code fabric_attr->prov_name} (libfabric names, e.g. {@code tcp;ofi_rxm}),
 *                      null when absent
 * @param domain        {@code domain_attr->name} (e.g. {@code eth0}, {@code mlx4_0},
 *                      {@code hfi1_0-dgram}, {@code psm2}), null when absent
 * @param fabric        {@code fabric_attr->name} (e.g. {@code 127.0.0.1/32}), null when absent
 * @param sourceAddress whether {@code src_addr} is set
 * @param psm2Unit      the HFI unit in a psm2 source address (−1 = any), null when not read
 */
record FabricRecord(String provider, String domain, String fabric, boolean sourceAddress, Integer psm2Unit) {

    /** A record without a source address. */
    static FabricRecord of(String provider, String domain) {
        return new FabricRecord(provider, domain, null, false, null);
    }
}
