package io.daos.control.management.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.management.internal.pool.LocalForward;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.grpc.ServerServiceDefinition;

/**
 * The device methods of {@code mgmt.MgmtSvc}: SmdListDevs, SmdListPools, BioHealthQuery,
 * DevStateQuery and StorageSetFaulty (SPEC-SYSTEM §4.3, §4.4.7), plain Java. Each goes to the
 * local I/O server instances of this host in index order, whether or not it is an access point,
 * and combines their replies as {@link LocalForward} says. An instance is called only when the
 * combination asks for its reply, so the search for a device's owner stops at the first instance
 * that knows it, and an error (a failed dRPC, a reply that does not decode) ends the call without
 * asking the later instances.
 *
 * <p>Errors: fault 647 while the harness is absent or not started; a failed dRPC as an ordinary
 * error with its message; an undecodable reply as {@code unmarshal <Op> response: <cause>}. A
 * {@code dev_uuid} or {@code tgt_id} longer than {@link Bounds#NAME} is refused at the edge
 * (INVALID_ARGUMENT): no device has such a name, and the request must fit one dRPC packet.
 */
public final class DeviceService {

    /** How long one instance may take to answer. */

    private final Supplier<Harness> harness;

    /** @param harness the local harness, or null while there is none */
    public DeviceService(Supplier<Harness> harness) {
        this.harness = harness;
    }

    /** Adds the five device methods to {@code b}, a definition of {@code mgmt.MgmtSvc}. */
    public void addTo(ServerServiceDefinition.Builder b) {
        b.addMethod(MgmtSvcGrpc.getSmdListDevsMethod(), GrpcMethods.unary(this::smdListDevs))
                .addMethod(MgmtSvcGrpc.getSmdListPoolsMethod(), GrpcMethods.unary(this::smdListPools))
                .addMethod(MgmtSvcGrpc.getBioHealthQueryMethod(), GrpcMethods.unary(this::bioHealthQuery))
                .addMethod(MgmtSvcGrpc.getDevStateQueryMethod(), GrpcMethods.unary(this::devStateQuery))
                .addMethod(MgmtSvcGrpc.getStorageSetFaultyMethod(), GrpcMethods.unary(this::storageSetFaulty));
    }

    /** SmdListDevs (211): the devices of every instance in order, or the first failed reply as it is. */
    SmdDevResp smdListDevs(SmdDevReq req) {
        return LocalForward.smdDevs(replies("SmdListDevs", DrpcIds.MGMT_SMD_LIST_DEVS, req, SmdDevResp.parser()));
    }

    /** SmdListPools (212): as {@link #smdListDevs}, with pools. */
    SmdPoolResp smdListPools(SmdPoolReq req) {
        return LocalForward.smdPools(replies("SmdListPools", DrpcIds.MGMT_SMD_LIST_POOLS, req, SmdPoolResp.parser()));
    }

    /** BioHealthQuery (210): the first instance that answers status 0 (it owns the device or target). */
    BioHealthResp bioHealthQuery(BioHealthReq req) {
        Bounds.string("dev_uuid", req.getDevUuid(), Bounds.NAME);
        Bounds.string("tgt_id", req.getTgtId(), Bounds.NAME);
        return LocalForward.bioHealth(req,
                replies("BioHealthQuery", DrpcIds.MGMT_BIO_HEALTH_QUERY, req, BioHealthResp.parser()));
    }

    /** DevStateQuery (219): the first instance that answers status 0. */
    DevStateResp devStateQuery(DevStateReq req) {
        Bounds.string("dev_uuid", req.getDevUuid(), Bounds.NAME);
        return LocalForward.devState(req,
                replies("DevStateQuery", DrpcIds.MGMT_DEV_STATE_QUERY, req, DevStateResp.parser()));
    }

    /** StorageSetFaulty (220): the first instance that answers status 0 (the one that marked it FAULTY). */
    DevStateResp storageSetFaulty(DevStateReq req) {
        Bounds.string("dev_uuid", req.getDevUuid(), Bounds.NAME);
        return LocalForward.devState(req,
                replies("StorageSetFaulty", DrpcIds.MGMT_DEV_SET_FAULTY, req, DevStateResp.parser()));
    }

    /**
     * The replies of the local instances to {@code req}, in index order, each instance called when
     * its reply is asked for. The harness must be started now (fault 647); what a call fails with
     * is thrown, already a gRPC error, from the iterator's {@code next}.
     */
    private <R> Iterable<R> replies(String op, int method, MessageLite req, Parser<R> parser) {
        Harness h = harness.get();
        if (h == null || !h.isStarted()) {
            throw GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        }
        byte[] body = req.toByteArray();
        int count = h.instanceCount();
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return call(h, next++, op, method, body, parser);
            }
        };
    }

    /** One call to instance {@code index}, its reply decoded; any failure as the gRPC error the client gets. */
    private static <R> R call(Harness h, int index, String op, int method, byte[] body, Parser<R> parser) {
        return MsForward.parsed(() -> h.callInstance(index, method, body, MsForward.TIMEOUT), parser, op);
    }
}
