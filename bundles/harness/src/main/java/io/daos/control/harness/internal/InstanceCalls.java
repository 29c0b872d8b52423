package io.daos.control.harness.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.LocalInstance;

/**
 * The harness's instances as the management bundle reaches them: the management-service
 * instance selected as SPEC-SYSTEM §4.2 says, or one instance by index, each called over dRPC
 * only while it runs; and what their superblocks say of them now.
 */
final class InstanceCalls {

    private final List<IOServerInstance> instances;
    private final BooleanSupplier started;
    private final ServerConfig config;

    InstanceCalls(List<IOServerInstance> instances, BooleanSupplier started, ServerConfig config) {
        this.instances = instances;
        this.started = started;
        this.config = config;
    }

    /** {@link io.daos.control.api.harness.Harness#callMsReplica}. */
    byte[] callMs(int method, byte[] body, Duration timeout) throws FaultException, IOException, DrpcException {
        return call(selectMs(), method, body, timeout);
    }

    /** {@link io.daos.control.api.harness.Harness#msReplicaTargets}. */
    int msTargets() throws FaultException, IOException {
        return selectMs().targetCount();
    }

    /** {@link io.daos.control.api.harness.Harness#callInstance}. */
    byte[] call(int index, int method, byte[] body, Duration timeout)
            throws FaultException, IOException, DrpcException {
        if (!started.getAsBoolean()) {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        checkIndex(index, instances.size());
        return call(instances.get(index), method, body, timeout);
    }

    /**
     * {@link io.daos.control.api.harness.Harness#localInstances}: from each instance's current
     * superblock; a rank only once it is valid (given by the bootstrap or confirmed by a Join).
     */
    List<LocalInstance> localInstances() {
        List<LocalInstance> out = new ArrayList<>(instances.size());
        for (IOServerInstance in : instances) {
            Superblock sb = in.superblock();
            if (sb == null) {
                out.add(new LocalInstance(in.index, null, null, false));
            } else {
                out.add(new LocalInstance(in.index, sb.uuid, sb.validRank ? sb.rank : null, sb.ms));
            }
        }
        return List.copyOf(out);
    }

    /**
     * @throws IllegalArgumentException {@code instance index <i> is out of range (<n> instances)}
     */
    static void checkIndex(int index, int count) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("instance index " + index + " is out of range (" + count
                    + " instances)");
        }
    }

    private static byte[] call(IOServerInstance in, int method, byte[] body, Duration timeout)
            throws IOException, DrpcException {
        if (!in.running()) {
            throw new IOException(IOServerInstance.NO_DRPC_CLIENT);
        }
        return in.callDrpc(method, body, timeout);
    }

    /**
     * SPEC-SYSTEM §4.2: the first instance whose superblock says {@code ms}, or the reference's
     * errors in its order (harness not started, no instances, no access points, not an access
     * point with a hint at the first one).
     */
    private IOServerInstance selectMs() throws FaultException, IOException {
        if (!started.getAsBoolean()) {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        if (instances.isEmpty()) {
            throw new IOException("harness has no managed instances");
        }
        for (IOServerInstance in : instances) {
            Superblock sb = in.superblock();
            if (sb != null && sb.ms) {
                return in;
            }
        }
        List<String> aps = config.accessPoints();
        if (aps.isEmpty()) {
            throw new IOException("no access points defined");
        }
        String hint = aps.get(0).startsWith("localhost") ? "" : ", try " + aps.get(0);
        throw new IOException("instance is not an access point" + hint);
    }
}
