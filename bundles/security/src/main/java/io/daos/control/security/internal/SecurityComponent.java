package io.daos.control.security.internal;

import java.io.IOException;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.daos.control.api.Registrations;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcModule;
import io.daos.control.api.security.MethodAccess;
import io.daos.control.api.security.TransportSecurity;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;

/**
 * Loads {@code transport_config} at start ({@link TlsMaterial}, with the reference's checks) and
 * publishes the {@link TransportSecurity}; a configuration that does not load is a start-up
 * failure with its message and resolution. Secure, it also registers the per-method
 * {@link MethodAuthorization} with the rpc-server; insecure mode is said once, loudly. In both
 * modes it registers the security dRPC module ({@link SecurityModule}, credential validation)
 * with the dRPC server. It follows the gRPC modules' registrations for the components they
 * declare ({@link MethodAccess#PROPERTY}, kept in {@link DeclaredComponents}).
 */
// registered by hand (activate), so declared here for resolvers that enforce DS's osgi.service
// requirements (stock Karaf): they read capabilities from manifests only
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.daos.control.api.security.TransportSecurity", uses = TransportSecurity.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.grpc.ServerInterceptor", uses = ServerInterceptor.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.daos.control.api.drpc.DrpcModule", uses = DrpcModule.class)
@Component(immediate = true)
public final class SecurityComponent {

    private static final Logger LOG = Logger.getLogger(SecurityComponent.class.getName());
    static final String FAILURE_DOMAIN = "security";
    /** The reference's fault code of its security domain (SecurityUnknown). */
    static final int FAILURE_CODE = 952;
    static final String INSECURE_WARNING = "transport_config.allow_insecure (or start -i): gRPC is PLAINTEXT and "
            + "every caller may call every method; use it only on a trusted network";

    @Reference
    ServerConfig config;

    /** Filled by the module references, which may come before activation. */
    final DeclaredComponents declared = new DeclaredComponents();

    private ServiceRegistration<TransportSecurity> registration;
    private ServiceRegistration<ServerInterceptor> authorization;
    private ServiceRegistration<DrpcModule> credentials;
    private ServiceRegistration<Object> failure;

    @Activate
    void activate(BundleContext context) {
        try {
            TlsMaterial material = TlsMaterial.load(config.transportConfig());
            if (!material.isInsecure()) {
                allowInteropSuites();
            }
            MaterialSecurity security = MaterialSecurity.of(material);
            if (security.insecure()) {
                LOG.warning(INSECURE_WARNING);
            } else {
                LOG.info("transport security: mutual TLS, server name " + security.serverName());
                authorization = context.registerService(ServerInterceptor.class,
                        new MethodAuthorization(declared), null);
            }
            registration = context.registerService(TransportSecurity.class, security, null);
            credentials = context.registerService(DrpcModule.class, new SecurityModule(validator(material)), null);
        } catch (TlsConfigException e) {
            LOG.severe(e.getMessage());
            failure = StartupFailure.report(context, FAILURE_DOMAIN, FAILURE_CODE, e.getMessage(), e.resolution());
        }
    }

    /** The JDK security property that may disable the v1.0 tools' suites. */
    static final String DISABLED_ALGORITHMS = "jdk.tls.disabledAlgorithms";

    /**
     * When this JDK disables the two suites the v1.0 Go tools speak (JDK releases after 17.0.15
     * list {@code TLS_RSA_*} in {@value #DISABLED_ALGORITHMS}, which no socket setting overrides),
     * takes exactly those two out of the property ({@link TlsMaterial#withInteropSuitesAllowed}),
     * before the first TLS context of the process is made; otherwise leaves it alone.
     */
    static void allowInteropSuites() {
        String disabled = Security.getProperty(DISABLED_ALGORITHMS);
        String allowed = TlsMaterial.withInteropSuitesAllowed(disabled);
        if (disabled != null && !disabled.equals(allowed)) {
            Security.setProperty(DISABLED_ALGORITHMS, allowed);
            LOG.info(DISABLED_ALGORITHMS + " disabled the v1.0 tools' TLS 1.2 suites: allowed again, exactly "
                    + TlsMaterial.INTEROP_CIPHER_SUITES);
        }
    }

    /**
     * The credential validator of {@code material}'s mode: insecure, a digest check; secure, the
     * signature checked with {@code <client_cert_dir>/<origin>.crt}.
     */
    static CredentialValidator validator(TlsMaterial material) {
        if (material.isInsecure()) {
            return CredentialValidator.insecure();
        }
        return CredentialValidator.secure(material.clientCertDir().map(CredentialValidator::certificateDir)
                .orElse(origin -> {
                    throw new IOException("client_cert_dir is not set");
                }));
    }

    @Deactivate
    void deactivate() {
        Registrations.unregister(credentials);
        Registrations.unregister(authorization);
        Registrations.unregister(registration);
        Registrations.unregister(failure);
        credentials = null;
        authorization = null;
        registration = null;
        failure = null;
    }

    /**
     * A gRPC module appeared: what it declares, if anything, now covers the service it binds
     * (asked once, and only when it declares something).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = BindableService.class)
    void bindGrpcModule(BindableService module, Map<String, Object> props) {
        long id = serviceId(props);
        Object value = props.get(MethodAccess.PROPERTY);
        if (value == null) {
            declared.remove(id);
            return;
        }
        String who = String.valueOf(props.getOrDefault("component.name", "service " + id));
        String service;
        try {
            service = module.bindService().getServiceDescriptor().getName();
        } catch (RuntimeException e) {
            LOG.warning("gRPC module " + who + ": bindService() failed (" + e
                    + "); its declared components are ignored");
            declared.remove(id);
            return;
        }
        declared.add(id, value, List.of(service), who);
    }

    void updatedGrpcModule(BindableService module, Map<String, Object> props) {
        bindGrpcModule(module, props);
    }

    void unbindGrpcModule(BindableService module, Map<String, Object> props) {
        declared.remove(serviceId(props));
    }

    private static long serviceId(Map<String, Object> props) {
        return props.get(Constants.SERVICE_ID) instanceof Long id ? id : -1L;
    }
}
