package io.daos.control.fanout.internal;

import java.util.function.Supplier;

import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.SystemMembership;

/**
 * What the system commands work with: the local harness and the harness client (each null while
 * no such service is registered), the membership, and the member hosts the last command reached
 * (shared by the commands, so that a host that left is forgotten whichever command notices).
 */
record SystemScope(Supplier<Harness> harness, SystemMembership membership, Supplier<HarnessClient> client,
        MemberHosts hosts) {

    /** The local harness once it has started its instances; else fault 647, as the reference. */
    Harness startedHarness() {
        Harness h = harness.get();
        if (h == null || !h.isStarted()) {
            throw GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        return h;
    }
}
