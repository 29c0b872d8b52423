package io.daos.control.harness.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The harness's part of {@code mgmt.MgmtSvc} (WIRE §2.3 rows 19–22): PrepShutdownRanks,
 * StopRanks, StartRanks and PingRanks, served by {@link RankOperations} on the local instances.
 * A failed call is gRPC UNKNOWN with the error text (through {@link GrpcMethods}).
 */
@Component(service = BindableService.class)
public final class RanksService implements BindableService {

    @Reference
    private LocalInstances harness;

    public RanksService() {
    }

    RanksService(LocalInstances harness) {
        this.harness = harness;
    }

    @Override
    public ServerServiceDefinition bindService() {
        RankOperations ops = new RankOperations(harness);
        return ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getPrepShutdownRanksMethod(), GrpcMethods.unary(ops::prepShutdown))
                .addMethod(MgmtSvcGrpc.getStopRanksMethod(), GrpcMethods.unary(ops::stop))
                .addMethod(MgmtSvcGrpc.getStartRanksMethod(), GrpcMethods.unary(ops::start))
                .addMethod(MgmtSvcGrpc.getPingRanksMethod(), GrpcMethods.unary(ops::ping))
                .build();
    }
}
