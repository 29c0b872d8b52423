package io.daos.control.dmg.cli;

import java.util.List;

/**
 * The {@code -l} expansion of SPEC-SYSTEM §6.3 ({@code io.daos.control.dmg.text.HostList#expandAddresses}
 * in production, a fake in tests).
 */
@FunctionalInterface
public interface HostExpander {

    /**
     * Every host of {@code value} as {@code host:port}, sorted as strings.
     *
     * @throws IllegalArgumentException with the reference's message
     */
    List<String> expand(String value, int defaultPort);
}
