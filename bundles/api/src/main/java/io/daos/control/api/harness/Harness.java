package io.daos.control.api.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * A format runs as a whole through {@link #atFormatGate(GateWork)}, so that it never overlaps the
 * harness's own use of the storage (its checks at the gate, the superblocks it creates).
 */
public interface Harness {

    /**
     * What runs at the format gate: a whole storage format, releasing instances as it goes.
     *
     * @param <T> the result (never null)
     * @param <E> what the work may throw
     */
    @FunctionalInterface
    interface GateWork<T, E extends Exception> {
        T run() throws E;
    }

    /** Number of configured (managed) instances. */
    int instanceCount();

    /**
     * True once the harness has started its instances (SPEC-SERVER §3.7): storage format is
     * refused from then on, until the process exits.
     */
    boolean isStarted();

    /**
     * Runs {@code work} holding the format gate: while it runs the harness neither looks at nor
     * writes the instances' storage, and a harness released by the work goes on only after the
     * work has returned. Once the harness has left the gate (it creates the superblocks and
     * starts holding it, so there is no moment in between) the work does not run.
     *
     * <p>The default, for implementations without a gate, runs the work unless
     * {@link #isStarted()}.
     *
     * @return the work's result, or empty when the harness has left the gate: format refused
     * @throws E what the work threw
     * @throws InterruptedException interrupted while waiting for the gate (the work did not run)
     */
    default <T, E extends Exception> Optional<T> atFormatGate(GateWork<T, E> work)
            throws E, InterruptedException {
        return isStarted() ? Optional.empty() : Optional.of(work.run());
    }

    /**
     * Releases instance {@code index} from the format gate after its storage was formatted; a
     * format calls it from inside its {@link #atFormatGate(GateWork) gate work}, on the thread
     * that runs the work. Once the harness has left the gate it does nothing. Idempotent (the
     * reference crashes on a second release; we do not).
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

    /**
     * The target count of the local management-service replica instance, selected as
     * {@link #callMsReplica} selects it (SPEC-SYSTEM §4.2): the count the PoolCreate size checks
     * multiply by (§4.3). 0 until the instance has announced itself. The default answers fault 647.
     *
     * @throws FaultException fault 647 when the instances are not started
     * @throws IOException the selection failed ({@code instance is not an access point}, …)
     */
    default int msReplicaTargets() throws FaultException, IOException {
        throw new FaultException(io.daos.control.api.fault.Faults.SERVER_HARNESS_NOT_STARTED);
    }

    /**
     * Calls a module-2 method on local instance {@code index} (the SMD, BIO health and device
     * methods go to each local instance in index order, SPEC-SYSTEM §4.3). The default answers
     * fault 647.
     *
     * @throws FaultException fault 647 when the instances are not started
     * @throws IOException the instance has no dRPC client (not running), or the transport failed
     * @throws DrpcException the instance answered with a non-SUCCESS dRPC status
     * @throws IllegalArgumentException if the index is out of range
     */
    default byte[] callInstance(int index, int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        throw new FaultException(io.daos.control.api.fault.Faults.SERVER_HARNESS_NOT_STARTED);
    }

    /**
     * The managed instances in index order, each as its current superblock describes it (see
     * {@link LocalInstance}); an instance without a superblock yet has no UUID and no rank. The
     * default, for implementations without instances, is an empty list.
     */
    default List<LocalInstance> localInstances() {
        return List.of();
    }
}
