package io.daos.control.api.network;

import java.util.ArrayList;
import java.util.List;

/**
 * A configurable {@link NetworkScanner} for tests of its users (shipped in the api test-jar):
 * returns {@link #result} or throws the configured failure; records the providers asked for.
 */
public final class FakeNetworkScanner implements NetworkScanner {

    /** The providers of the scans, in call order. */
    public final List<String> asked = new ArrayList<>();
    /** What {@link #scan} returns: nothing unless set. */
    public List<FabricInterface> result = List.of();
    /** Thrown by {@link #scan} when set. */
    public NetworkScanException error;
    private RuntimeException crash;

    /** Makes {@link #scan} throw {@code crash}, unchecked (a provider bug). */
    public void crashScan(RuntimeException crash) {
        this.crash = crash;
    }

    @Override
    public List<FabricInterface> scan(String provider) throws NetworkScanException {
        asked.add(provider);
        if (error != null) {
            throw error;
        }
        if (crash != null) {
            throw crash;
        }
        return result;
    }
}
