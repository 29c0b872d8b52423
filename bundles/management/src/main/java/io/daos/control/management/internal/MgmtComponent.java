package io.daos.control.management.internal;


import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.Whiteboard;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.SystemMembership;
import io.grpc.ServerServiceDefinition;

/**
 * Publishes Join and LeaderQuery of {@code mgmt.MgmtSvc}; the harness is optional (fault 647
 * while it is absent or not started).
 */
@Component(immediate = true, service = {})
public final class MgmtComponent {

    @Reference
    private ServerConfig config;
    @Reference
    private SystemMembership membership;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Harness harness;

    private ServiceRegistration<ServerServiceDefinition> registration;

    @Activate
    void activate(BundleContext context) {
        registration = Whiteboard.registerGrpc(context,
                new MgmtService(config, () -> harness, membership).definition());
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ServerServiceDefinition> r = registration;
        registration = null;
        Whiteboard.unregister(r);
    }
}
