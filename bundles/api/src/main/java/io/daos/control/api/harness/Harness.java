package io.daos.control.api.harness;

import java.io.IOException;
import java.time.Duration;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.fault.FaultException;

/**
 * IOServerHarness: the local I/O server instances of this daos_server and their lifecycle
 * (SPEC-SERVER §3.5–3.7). Published as an OSGi service by the harness bundle.
 *
 * <p>The format gate (SPEC-SERVER §3.5, §4.10): at start every instance whose storage needs
 * format waits; a successful {@code ctl.MgmtCtl/StorageFormat} (control bundle) releases it with
 * {@link #storageReady(int)}. Once every instance is released the harness creates missing
 * superblocks and starts: from then on {@link #isStarted()} is true and StorageFormat is refused.
 */
public interface Harness {

    /** Number of configured (managed) instances. */
    int instanceCount();

    /**
     * True once the harness has started its instances (SPEC-SERVER §3.7): storage format is
     * refused from then on, until the process exits.
     */
    boolean isStarted();

    /**
     * Releases instance {@code index} from the format gate after its storage was formatted.
     * Idempotent (the reference crashes on a second release; we do not).
     *
     * @throws IllegalArgumentException if the index is out of range
     */
    void storageReady(int index);

    /**
     * Calls a module-2 method on the local management-service replica instance (instance 0 when
     * its superblock says {@code ms}), for the management bundle (Join forwarding, SPEC-SYSTEM
     * §1.6). The default implementation answers fault 647.
     *
     * @throws FaultException fault 647 ({@code DAOS I/O Server harness not started}) when the
     *         instances are not started or the replica has not announced itself yet
     * @throws IOException {@code instance is not an access point} when this host has no replica,
     *         or the dRPC transport failed
     * @throws DrpcException the instance answered with a non-SUCCESS dRPC status
     */
    default byte[] callMsReplica(int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        throw new FaultException(io.daos.control.api.fault.Faults.SERVER_HARNESS_NOT_STARTED);
    }
}
