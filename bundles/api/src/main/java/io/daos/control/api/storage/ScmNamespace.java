package io.daos.control.api.storage;

/**
 * A pmem namespace as {@code ndctl list -N -v} reports it (SPEC-SERVER §4.3; wire
 * {@code ctl.ScmNamespace}).
 *
 * @param uuid        namespace UUID
 * @param blockDevice block device name, e.g. {@code pmem0}
 * @param name        ndctl device name, e.g. {@code namespace0.0}
 * @param numaNode    NUMA node
 * @param size        bytes
 */
public record ScmNamespace(String uuid, String blockDevice, String name, int numaNode, long size) {
}
