package io.daos.control.api.harness;

/**
 * Test helper of the api test-jar: a {@link Harness} with one instance that is started or not, as
 * the test sets it, and the interface's defaults for everything else (subclass to answer
 * {@link #callMsReplica}).
 */
public class StubHarness implements Harness {

    /** What {@link #isStarted()} answers. */
    public volatile boolean started;

    public StubHarness(boolean started) {
        this.started = started;
    }

    @Override
    public int instanceCount() {
        return 1;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void storageReady(int index) {
    }
}
