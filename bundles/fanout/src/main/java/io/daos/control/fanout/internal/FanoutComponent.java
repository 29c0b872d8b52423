package io.daos.control.fanout.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The gRPC module serving {@code ctl.MgmtCtl/SystemQuery}. Host pings go through the
 * {@link HarnessClient} service (the client layer: one cached connection per host, transport
 * security in one place), bounded by the 30 s system-operation deadline; the harness and the
 * client are optional (see {@link SystemQueryService}).
 */
@Component(service = BindableService.class)
public final class FanoutComponent implements BindableService {

    @Reference
    private SystemMembership membership;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HarnessClient client;

    @Override
    public ServerServiceDefinition bindService() {
        SystemQueryService svc = new SystemQueryService(() -> harness, membership, () -> client);
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getSystemQueryMethod(), GrpcMethods.unary(svc::query))
                .build();
    }
}
