package io.daos.control.management.internal.pool;

import java.util.function.IntSupplier;

import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.storage.Humanize;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolQueryReq;

/**
 * The control-plane checks of PoolCreate, PoolDestroy and PoolQuery before they are forwarded to
 * the management-service instance (SPEC-SYSTEM §4.3), in the reference's order. The selection of
 * that instance (§4.2) is the caller's and happens where the reference does it: it is passed in
 * and called between the checks, so that its errors win over the later checks and lose to the
 * earlier ones. Errors are the gRPC errors {@link GrpcErrors} makes: a plain error
 * ({@code UNKNOWN}) with the reference's text, or a fault.
 */
public final class PoolChecks {

    /** The smallest SCM share of one target: 16 MiB. */
    public static final long MIN_SCM_PER_TARGET = 16L << 20;
    /** The smallest NVMe share of one target, when NVMe is asked for at all: 1 GiB. */
    public static final long MIN_NVME_PER_TARGET = 1L << 30;

    private PoolChecks() {
    }

    /**
     * PoolCreate: a nil request is {@code nil request}; then {@code msTargets} selects the MS
     * instance and gives its target count (it throws what the selection throws); zero targets is
     * {@code zero target count}; SCM below {@value #MIN_SCM_PER_TARGET} bytes per target is fault
     * 644; NVMe, unless 0, below {@value #MIN_NVME_PER_TARGET} bytes per target is fault 645. The
     * sizes are unsigned (uint64) and compared as such. Returns {@code req}.
     */
    public static PoolCreateReq create(PoolCreateReq req, IntSupplier msTargets) {
        requireRequest(req);
        int targets = msTargets.getAsInt();
        if (targets == 0) {
            throw GrpcErrors.error("zero target count");
        }
        if (targets < 0) {
            throw new IllegalArgumentException("negative target count " + targets);
        }
        long minScm = MIN_SCM_PER_TARGET * targets;
        if (Long.compareUnsigned(req.getScmbytes(), minScm) < 0) {
            throw GrpcErrors.fault(Faults.serverPoolScmTooSmall(Humanize.iec(req.getScmbytes()), Humanize.iec(minScm)));
        }
        long minNvme = MIN_NVME_PER_TARGET * targets;
        if (req.getNvmebytes() != 0 && Long.compareUnsigned(req.getNvmebytes(), minNvme) < 0) {
            throw GrpcErrors.fault(Faults.serverPoolNvmeTooSmall(Humanize.iec(req.getNvmebytes()),
                    Humanize.iec(minNvme)));
        }
        return req;
    }

    /**
     * PoolDestroy: a nil request is {@code nil request}; an empty uuid is {@code nil UUID} (before
     * the MS instance is selected); then {@code selectMs} runs. Returns {@code req}.
     */
    public static PoolDestroyReq destroy(PoolDestroyReq req, Runnable selectMs) {
        requireRequest(req);
        if (req.getUuid().isEmpty()) {
            throw GrpcErrors.error("nil UUID");
        }
        selectMs.run();
        return req;
    }

    /** PoolQuery: a nil request is {@code nil request}; then {@code selectMs} runs. Returns {@code req}. */
    public static PoolQueryReq query(PoolQueryReq req, Runnable selectMs) {
        requireRequest(req);
        selectMs.run();
        return req;
    }

    private static void requireRequest(Object req) {
        if (req == null) {
            throw GrpcErrors.error("nil request");
        }
    }
}
