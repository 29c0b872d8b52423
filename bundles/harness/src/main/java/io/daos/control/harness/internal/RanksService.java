package io.daos.control.harness.internal;

import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * The harness's part of {@code mgmt.MgmtSvc} (WIRE §2.3 rows 19–22): PrepShutdownRanks,
 * StopRanks, StartRanks, PingRanks. Call-level errors are gRPC UNKNOWN with the error text.
 */
final class RanksService {

    @FunctionalInterface
    interface Op {
        RanksResp apply(RanksReq req) throws Exception;
    }

    private RanksService() {
    }

    static ServerServiceDefinition definition(HarnessCore core) {
        return ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getPrepShutdownRanksMethod(), unary(core::prepShutdown))
                .addMethod(MgmtSvcGrpc.getStopRanksMethod(), unary(core::stop))
                .addMethod(MgmtSvcGrpc.getStartRanksMethod(), unary(core::startRanks))
                .addMethod(MgmtSvcGrpc.getPingRanksMethod(), unary(core::ping))
                .build();
    }

    private static io.grpc.ServerCallHandler<RanksReq, RanksResp> unary(Op op) {
        return ServerCalls.asyncUnaryCall((RanksReq req, StreamObserver<RanksResp> out) -> {
            RanksResp resp;
            try {
                resp = op.apply(req);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
                return;
            } catch (Exception e) {
                out.onError(Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            out.onNext(resp);
            out.onCompleted();
        });
    }
}
