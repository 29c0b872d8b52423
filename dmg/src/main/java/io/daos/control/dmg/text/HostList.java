package io.daos.control.dmg.text;

import java.util.List;

/**
 * Host lists as the v1.0 tools read and write them (SPEC-SYSTEM §6.3). STUB of the lead: the text
 * helper replaces it with the implementation; the signature of {@link #expandAddresses} is the
 * contract the command line uses.
 */
public final class HostList {

    private HostList() {
    }

    /**
     * The {@code -l} expansion: every host of {@code value} as {@code host:port} ({@code defaultPort}
     * where a host has none), sorted as strings, as §6.3 "-l expansion to addresses" says.
     *
     * @throws IllegalArgumentException with the reference's message (e.g. {@code invalid hostname "1001"})
     */
    public static List<String> expandAddresses(String value, int defaultPort) {
        throw new UnsupportedOperationException("HostList.expandAddresses: not implemented yet");
    }
}
