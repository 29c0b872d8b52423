package io.daos.control.security.internal;

import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.daos.control.api.Registrations;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.security.TransportSecurity;
import io.grpc.ServerInterceptor;

/**
 * Loads {@code transport_config} at start ({@link TlsMaterial}, with the reference's checks) and
 * publishes the {@link TransportSecurity}; a configuration that does not load is a start-up
 * failure with its message and resolution. Secure, it also registers the per-method
 * {@link MethodAuthorization} with the rpc-server; insecure mode is said once, loudly.
 */
@Component(immediate = true)
public final class SecurityComponent {

    private static final Logger LOG = Logger.getLogger(SecurityComponent.class.getName());
    static final String FAILURE_DOMAIN = "security";
    static final String INSECURE_WARNING = "transport_config.allow_insecure (or start -i): gRPC is PLAINTEXT and "
            + "every caller may call every method; use it only on a trusted network";

    @Reference
    private ServerConfig config;

    private ServiceRegistration<TransportSecurity> registration;
    private ServiceRegistration<ServerInterceptor> authorization;
    private ServiceRegistration<Object> failure;

    @Activate
    void activate(BundleContext context) {
        try {
            MaterialSecurity security = MaterialSecurity.of(TlsMaterial.load(config.transportConfig()));
            if (security.insecure()) {
                LOG.warning(INSECURE_WARNING);
            } else {
                LOG.info("transport security: mutual TLS, server name " + security.serverName());
                authorization = context.registerService(ServerInterceptor.class, new MethodAuthorization(), null);
            }
            registration = context.registerService(TransportSecurity.class, security, null);
        } catch (TlsConfigException e) {
            LOG.severe(e.getMessage());
            failure = StartupFailure.report(context, FAILURE_DOMAIN, 0, e.getMessage(), e.resolution());
        }
    }

    @Deactivate
    void deactivate() {
        Registrations.unregister(authorization);
        Registrations.unregister(registration);
        Registrations.unregister(failure);
        authorization = null;
        registration = null;
        failure = null;
    }
}
