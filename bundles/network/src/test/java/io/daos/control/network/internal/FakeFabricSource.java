package io.daos.control.network.internal;

import java.util.ArrayList;
import java.util.List;

import io.daos.control.api.network.NetworkScanException;

/** Canned libfabric records; remembers the provider hints it was asked for. */
final class FakeFabricSource implements FabricInfoSource {

    final List<FabricRecord> records = new ArrayList<>();
    final List<String> hints = new ArrayList<>();
    NetworkScanException error;

    FakeFabricSource add(String provider, String domain) {
        records.add(FabricRecord.of(provider, domain));
        return this;
    }

    @Override
    public List<FabricRecord> getinfo(String provider) throws NetworkScanException {
        hints.add(provider);
        if (error != null) {
            throw error;
        }
        return List.copyOf(records);
    }
}
