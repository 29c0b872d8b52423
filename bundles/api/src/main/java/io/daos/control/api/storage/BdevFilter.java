package io.daos.control.api.storage;

import java.util.List;

/**
 * Which NVMe controllers a scan reports: the {@code bdev_include} / {@code bdev_exclude} PCI
 * address lists of {@code daos_server.yml}. An empty include list includes every controller;
 * exclusion wins.
 *
 * @param include PCI addresses to report (empty: all)
 * @param exclude PCI addresses never to report
 */
public record BdevFilter(List<String> include, List<String> exclude) {

    /** No filtering. */
    public static final BdevFilter ALL = new BdevFilter(List.of(), List.of());

    /** Defensive copies; null lists are empty. */
    public BdevFilter {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Whether the controller at {@code pciAddr} is reported (case-insensitive address match). */
    public boolean accepts(String pciAddr) {
        String a = pciAddr.toLowerCase(java.util.Locale.ROOT);
        if (exclude.stream().anyMatch(e -> e.equalsIgnoreCase(a))) {
            return false;
        }
        return include.isEmpty() || include.stream().anyMatch(i -> i.equalsIgnoreCase(a));
    }
}
