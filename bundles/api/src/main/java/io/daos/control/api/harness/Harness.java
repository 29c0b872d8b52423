package io.daos.control.api.harness;

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
}
