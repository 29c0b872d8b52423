package io.daos.control.fanout.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.Whiteboard;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * Publishes {@code ctl.MgmtCtl/SystemQuery}. Host pings open a fresh plaintext connection per
 * call (SPEC-SYSTEM §2.1; TLS not implemented yet) bounded by the 30 s system-operation deadline.
 */
@Component(immediate = true, service = {})
public final class FanoutComponent {

    static final long DEADLINE_S = 30;

    @Reference
    private SystemMembership membership;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;

    private ServiceRegistration<ServerServiceDefinition> registration;

    @Activate
    void activate(BundleContext context) {
        SystemQueryService svc = new SystemQueryService(() -> harness, membership, FanoutComponent::ping);
        ServerServiceDefinition def = ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getSystemQueryMethod(), GrpcMethods.unary(svc::query))
                .build();
        registration = Whiteboard.registerGrpc(context, def);
    }

    static RanksResp ping(String address) {
        int c = address.lastIndexOf(':');
        String host = address.substring(0, c);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        ManagedChannel ch = NettyChannelBuilder.forAddress(host, Integer.parseInt(address.substring(c + 1)))
                .usePlaintext().build();
        try {
            return MgmtSvcGrpc.newBlockingStub(ch).withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                    .pingRanks(RanksReq.getDefaultInstance());
        } finally {
            ch.shutdownNow();
            try {
                ch.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ServerServiceDefinition> r = registration;
        registration = null;
        Whiteboard.unregister(r);
    }
}
