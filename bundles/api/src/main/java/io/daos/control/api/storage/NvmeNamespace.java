package io.daos.control.api.storage;

/**
 * A namespace of an NVMe controller (wire {@code ctl.NvmeController.Namespace}).
 *
 * @param id   namespace id
 * @param size bytes
 */
public record NvmeNamespace(int id, long size) {
}
