package io.daos.control.api.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;

/**
 * Test helper of the api test-jar: a {@link Harness} with {@link #instances} instances (one unless
 * the test says otherwise) that is started or not, as the test sets it, and the interface's
 * defaults for everything else (subclass to answer {@link #callMsReplica}).
 *
 * <p>A test scripts the local-instance methods by setting {@link #instanceCall} (what
 * {@link #callInstance} answers) and {@link #msTargets} (what {@link #msReplicaTargets} answers);
 * left null, they keep the interface's defaults (fault 647). Every scripted {@code callInstance}
 * is recorded in {@link #calls}, in order.
 */
public class StubHarness implements Harness {

    /** The script of {@link #callInstance}: the reply body, or what the call throws. */
    @FunctionalInterface
    public interface InstanceCall {
        byte[] call(int index, int method, byte[] body) throws FaultException, IOException, DrpcException;
    }

    /** The script of {@link #msReplicaTargets}. */
    @FunctionalInterface
    public interface MsTargets {
        int targets() throws FaultException, IOException;
    }

    /** One {@link #callInstance} that reached the script. */
    public record Call(int index, int method, byte[] body, Duration timeout) {
    }

    /** What {@link #isStarted()} answers. */
    public volatile boolean started;
    /** What {@link #instanceCount()} answers; the range {@link #callInstance} accepts. */
    public volatile int instances = 1;
    /** What {@link #callInstance} answers once started and in range; null: the interface's default. */
    public volatile InstanceCall instanceCall;
    /** What {@link #msReplicaTargets} answers; null: the interface's default. */
    public volatile MsTargets msTargets;
    /** The scripted instance calls, in order. */
    public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    public StubHarness(boolean started) {
        this.started = started;
    }

    @Override
    public int instanceCount() {
        return instances;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void storageReady(int index) {
    }

    /**
     * Unscripted: the interface's default. Scripted: fault 647 unless {@link #started}, an
     * {@link IllegalArgumentException} for an index outside {@link #instances} (as the harness),
     * else the call is recorded and the script answers.
     */
    @Override
    public byte[] callInstance(int index, int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        InstanceCall script = instanceCall;
        if (script == null) {
            return Harness.super.callInstance(index, method, body, timeout);
        }
        if (!started) {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        if (index < 0 || index >= instances) {
            throw new IllegalArgumentException("instance index " + index + " is out of range (" + instances
                    + " instances)");
        }
        calls.add(new Call(index, method, body, timeout));
        return script.call(index, method, body);
    }

    /** Unscripted: the interface's default; scripted: fault 647 unless {@link #started}, else the script. */
    @Override
    public int msReplicaTargets() throws FaultException, IOException {
        MsTargets script = msTargets;
        if (script == null) {
            return Harness.super.msReplicaTargets();
        }
        if (!started) {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        return script.targets();
    }
}
