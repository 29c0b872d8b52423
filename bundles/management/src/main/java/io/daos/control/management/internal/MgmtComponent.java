package io.daos.control.management.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.SystemMembership;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

/**
 * The gRPC module serving Join and LeaderQuery of {@code mgmt.MgmtSvc}; the harness is optional
 * (fault 647 while it is absent or not started).
 */
@Component(service = BindableService.class)
public final class MgmtComponent implements BindableService {

    @Reference
    private ServerConfig config;
    @Reference
    private SystemMembership membership;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;

    @Override
    public ServerServiceDefinition bindService() {
        return new MgmtService(config, () -> harness, membership).definition();
    }
}
