package io.daos.control.harness.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerServiceDefinition;

/**
 * The harness's part of {@code mgmt.MgmtSvc} (WIRE §2.3 rows 19–22): PrepShutdownRanks,
 * StopRanks, StartRanks and PingRanks, served by {@link RankOperations} on the local instances.
 * A failed call is gRPC UNKNOWN with the error text (through {@link GrpcMethods}). PingRanks
 * hands the time left until the caller's deadline down to {@link RankOperations#ping(
 * io.daos.control.proto.mgmt.RanksReq, Duration)}, which answers within it. The operations (and
 * their ping pool) live from activation to deactivation.
 */
@Component(service = BindableService.class)
public final class RanksService implements BindableService {

    @Reference
    private LocalInstances harness;

    private volatile RankOperations ops;

    public RanksService() {
    }

    /** Outside the framework: active at once; {@link #deactivate()} ends it. */
    RanksService(LocalInstances harness) {
        this.harness = harness;
        activate();
    }

    @Activate
    void activate() {
        ops = new RankOperations(harness);
    }

    @Deactivate
    void deactivate() {
        ops.close();
    }

    /** The operations behind the methods (for tests). */
    RankOperations operations() {
        return ops;
    }

    @Override
    public ServerServiceDefinition bindService() {
        RankOperations o = ops;
        return ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getPrepShutdownRanksMethod(), GrpcMethods.unary(o::prepShutdown))
                .addMethod(MgmtSvcGrpc.getStopRanksMethod(), GrpcMethods.unary(o::stop))
                .addMethod(MgmtSvcGrpc.getStartRanksMethod(), GrpcMethods.unary(o::start))
                .addMethod(MgmtSvcGrpc.getPingRanksMethod(), GrpcMethods.unary(req -> o.ping(req, timeLeft())))
                .build();
    }

    /** The time left until the current gRPC call's deadline (negative once past), null without one. */
    static Duration timeLeft() {
        Deadline d = Context.current().getDeadline();
        return d == null ? null : Duration.ofNanos(d.timeRemaining(TimeUnit.NANOSECONDS));
    }
}
