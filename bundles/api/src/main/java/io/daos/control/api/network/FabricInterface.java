package io.daos.control.api.network;

/**
 * One result of a fabric scan (SPEC-SERVER §5.2; wire {@code ctl.DeviceScanReply}).
 *
 * @param provider Mercury provider string, e.g. {@code ofi+tcp;ofi_rxm}
 * @param device   kernel network interface name, e.g. {@code ib0}
 * @param numaNode NUMA node of the interface (0 when the platform reports none)
 */
public record FabricInterface(String provider, String device, int numaNode) {
}
