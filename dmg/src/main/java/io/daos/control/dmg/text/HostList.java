package io.daos.control.dmg.text;

import java.util.List;

/**
 * The {@code -l} option's host list (SPEC-SYSTEM §6.3), for the command line. The host-list
 * syntax itself (tokens, bracket ranges with zero padding, the sorted and merged set form, the
 * ranged and spelled-out renderings) is {@link io.daos.control.api.net.HostList}, and the
 * {@code host:port} split is {@link io.daos.control.api.net.HostPort}: this class only names the
 * expansion the way the command line calls it.
 */
public final class HostList {

    private HostList() {
    }

    /**
     * The {@code -l} expansion: every host of {@code value} as {@code host:port} ({@code defaultPort}
     * where a host has none), without duplicates, sorted as strings, as §6.3 "-l expansion to
     * addresses" says.
     *
     * @throws IllegalArgumentException with the reference's message, e.g. {@code invalid hostname "1001"},
     *         {@code address a:b:c: too many colons in address} or {@code invalid port "x"}
     */
    public static List<String> expandAddresses(String value, int defaultPort) {
        return io.daos.control.api.net.HostList.expandAddresses(value, defaultPort);
    }
}
