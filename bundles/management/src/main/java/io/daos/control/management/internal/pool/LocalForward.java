package io.daos.control.management.internal.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;

/**
 * How the device methods combine the replies of the local instances (SPEC-SYSTEM §4.3): the
 * health and device-state methods look for the instance that owns the device, the first reply
 * with status 0; the SMD listings concatenate what every instance has. Each takes the replies in
 * instance order as an {@link Iterable} and reads only as far as it needs, so a caller may hand
 * in a lazy one that calls the next instance when asked: an error it throws (a failed dRPC, a
 * reply that does not decode) then ends the method as in the reference, and the later instances
 * are not called.
 */
public final class LocalForward {

    private LocalForward() {
    }

    /** BioHealthQuery: the first reply with status 0; none is {@link #noRankMatched} of {@link #bioId}. */
    public static BioHealthResp bioHealth(BioHealthReq req, Iterable<BioHealthResp> replies) {
        return firstSuccess(replies, BioHealthResp::getStatus, bioId(req));
    }

    /** DevStateQuery and StorageSetFaulty: the first reply with status 0; none names the dev_uuid. */
    public static DevStateResp devState(DevStateReq req, Iterable<DevStateResp> replies) {
        return firstSuccess(replies, DevStateResp::getStatus, req.getDevUuid());
    }

    /** What a BioHealthQuery names the device by: its dev_uuid, or its tgt_id when that is empty. */
    public static String bioId(BioHealthReq req) {
        return req.getDevUuid().isEmpty() ? req.getTgtId() : req.getDevUuid();
    }

    /**
     * The first reply whose {@code status} is 0, reading no further; when there is none, the
     * error {@link #noRankMatched} of {@code id}.
     */
    public static <R> R firstSuccess(Iterable<R> replies, ToIntFunction<R> status, String id) {
        for (R r : replies) {
            if (status.applyAsInt(r) == 0) {
                return r;
            }
        }
        throw noRankMatched(id);
    }

    /** {@code no rank matched request for "<id>"}, the id quoted by {@link Bounds#quote}. */
    public static RuntimeException noRankMatched(String id) {
        return GrpcErrors.error("no rank matched request for " + Bounds.quote(id));
    }

    /**
     * SmdListDevs: the devices of every reply in instance order under status 0; the first reply
     * with another status is the answer as it is (its own devices only), reading no further.
     */
    public static SmdDevResp smdDevs(Iterable<SmdDevResp> replies) {
        List<SmdDevResp.Device> all = new ArrayList<>();
        SmdDevResp failed = concat(replies, SmdDevResp::getStatus, SmdDevResp::getDevicesList, all);
        return failed != null ? failed : SmdDevResp.newBuilder().addAllDevices(all).build();
    }

    /** SmdListPools: as {@link #smdDevs}, with pools. */
    public static SmdPoolResp smdPools(Iterable<SmdPoolResp> replies) {
        List<SmdPoolResp.Pool> all = new ArrayList<>();
        SmdPoolResp failed = concat(replies, SmdPoolResp::getStatus, SmdPoolResp::getPoolsList, all);
        return failed != null ? failed : SmdPoolResp.newBuilder().addAllPools(all).build();
    }

    /** Adds the items of each reply to {@code into} until one has a status other than 0, which it returns. */
    private static <R, T> R concat(Iterable<R> replies, ToIntFunction<R> status, Function<R, List<T>> items,
            List<T> into) {
        for (R r : replies) {
            if (status.applyAsInt(r) != 0) {
                return r;
            }
            into.addAll(items.apply(r));
        }
        return null;
    }
}
