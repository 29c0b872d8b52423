package io.daos.control.api.storage;

import java.util.Optional;

import io.daos.control.api.fault.Fault;

/**
 * Format outcome of one block device (SPEC-SERVER §4.7).
 *
 * @param device the device as configured in {@code bdev_list} (PCI address, path, …)
 * @param fault  null when formatted, else the per-device fault (319, 320, 321, …)
 */
public record BdevFormatResult(String device, Fault fault) {

    /** Whether the device was formatted. */
    public boolean formatted() {
        return fault == null;
    }

    /** The failure, empty when formatted. */
    public Optional<Fault> error() {
        return Optional.ofNullable(fault);
    }
}
