package io.daos.control.rpc.server.internal;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.daos.control.api.Registrations;
import io.daos.control.api.GrpcReady;
import io.daos.control.api.StartupChecksPassed;
import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.config.TransportConfig;
import io.daos.control.api.security.TransportSecurity;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.grpc.runtime.NettyWarmup;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * The gRPC host of daos_server: one Netty server on {@code 0.0.0.0:<port>} (or on the address
 * the framework property {@value ListenAddress#PROPERTY} names) whose methods come
 * and go with the {@link BindableService} services in the registry (the gRPC modules: each a
 * Declarative Services component whose {@code bindService()} holds only its own methods; composed
 * method by method), with dynamic {@link ServerInterceptor}s, standard
 * health and reflection. Once listening it registers the {@link GrpcReady} marker; start-up
 * errors (no TLS provider while {@code allow_insecure} is false, a listen address that is not an
 * IP literal, bind failure) are reported as
 * {@link StartupFailure}s instead of exceptions, in one log line; the last two also stop the
 * framework, so that the server never keeps running without its gRPC port.
 *
 * <p>Start-up order (SPEC-SERVER §3.2: the storage checks of steps 5 and 7 come before listening,
 * step 8): the server starts listening only once a {@link StartupChecksPassed} service is present,
 * whenever that happens relative to this component's activation. Once listening it keeps
 * listening when the marker goes away (a hot update of the bundle that registered it must not
 * drop the port); deactivation stops it, and a new activation waits for a marker again.
 */
@Component(immediate = true)
public final class RpcServerComponent {

    private static final Logger LOG = Logger.getLogger(RpcServerComponent.class.getName());

    /** The bind host without {@value ListenAddress#PROPERTY}: every interface. */
    static final String BIND_HOST = ListenAddress.ANY_HOST;
    static final String FAILURE_DOMAIN = "grpc";
    static final String NO_TLS_MESSAGE = "transport_config.allow_insecure is false but no TLS provider"
            + " (security bundle) is available: set allow_insecure: true or install the security feature";
    private static final long SHUTDOWN_GRACE_MILLIS = 5_000;

    private final HealthStatusManager health = new HealthStatusManager();
    private final MethodRegistry registry = new MethodRegistry((appeared, vanished) -> {
        for (String name : appeared) {
            health.setStatus(name, ServingStatus.SERVING);
        }
        for (String name : vanished) {
            health.setStatus(name, ServingStatus.NOT_SERVING);
        }
    });
    private final InterceptorChain interceptors = new InterceptorChain();
    /**
     * What a bind failure does after reporting it: stop the framework, so that the server never
     * runs without its gRPC port (at start-up the launcher has already taken the report; later,
     * after a new configuration, the launcher prints it once the framework has stopped).
     */
    Consumer<BundleContext> stopServer = RpcServerComponent::stopFramework;

    /** Static, mandatory: a new configuration restarts the component (and the server). */
    @Reference
    private ServerConfig config;

    /**
     * The TLS of a secure configuration, from the security bundle; static and greedy: its arrival
     * (the security bundle activates after this one) restarts the component, which then listens.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private TransportSecurity security;

    /** Symbolic name of the bundle that publishes {@link TransportSecurity}. */
    static final String SECURITY_BUNDLE = "io.daos.control.security";
    /** The server's TLS, null for plaintext (set at activation). */
    private SslContext tls;

    /** BindableService: the one definition obtained from bindService(), by service.id. */
    private final Map<Long, ServerServiceDefinition> bound = new ConcurrentHashMap<>();

    // guarded by this: activation, the start-up marker and the server's state meet here
    /** While active and able to listen (allow_insecure): the context to register the marker with. */
    private BundleContext context;
    /** The host the server binds to: {@value ListenAddress#PROPERTY}, else every interface. */
    private String bindHost = BIND_HOST;
    /** A {@link StartupChecksPassed} marker has been bound (stays true when it goes away). */
    private boolean checksPassed;
    private GrpcHost host;
    private ServiceRegistration<Object> ready;
    private ServiceRegistration<Object> failure;

    @Activate
    synchronized void activate(BundleContext context) {
        NettyWarmup.await(); // Netty is initialised by its warm-up thread alone
        tls = null;
        if (!config.allowInsecure()) {
            if (security == null || security.insecure()) {
                if (installed(context, SECURITY_BUNDLE)) {
                    // its TransportSecurity (or its own start-up failure) comes: its arrival restarts us
                    LOG.info("gRPC server waits for the transport security of " + SECURITY_BUNDLE);
                    return;
                }
                LOG.severe(NO_TLS_MESSAGE);
                failure = StartupFailure.report(context, FAILURE_DOMAIN, 0, NO_TLS_MESSAGE, null);
                return;
            }
            try {
                tls = ServerTls.of(security);
            } catch (SSLException | RuntimeException e) {
                String message = "gRPC TLS cannot be set up: " + e.getMessage();
                LOG.severe(message);
                failure = StartupFailure.report(context, FAILURE_DOMAIN, 0, message, null);
                return;
            }
        }
        try {
            bindHost = ListenAddress.bindHost(context.getProperty(ListenAddress.PROPERTY));
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            failure = StartupFailure.report(context, FAILURE_DOMAIN, 0, e.getMessage(), null);
            stopServer.accept(context);
            return;
        }
        this.context = context;
        if (checksPassed) {
            listen();
        } else {
            LOG.info("gRPC server on " + bindHost + ":" + config.port()
                    + " waits for the start-up checks to pass before listening");
        }
    }

    /** Starts the server once; a bind failure becomes a StartupFailure report. Caller holds the lock. */
    private void listen() {
        if (context == null || host != null || failure != null) {
            return;
        }
        GrpcHost.initialHealth(health, registry.serviceNames());
        GrpcHost h = new GrpcHost(bindHost, config.port(), registry, interceptors, health).tls(tls);
        try {
            h.start();
        } catch (GrpcHost.StartException e) {
            // one line: the cause's stack is logged at FINE by GrpcHost.bindFailureMessage
            LOG.severe(e.getMessage());
            failure = StartupFailure.report(context, FAILURE_DOMAIN, 0, e.getMessage(), null);
            stopServer.accept(context);
            return;
        }
        host = h;
        int port = h.port();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(GrpcReady.PORT, Integer.toString(port));
        props.put(GrpcReady.ADDRESS, HostPort.of(bindHost, port).toString());
        if (tls != null) {
            // the banner's TLS hints; the security bundle has read both files, so both are paths
            TransportConfig t = config.transportConfig();
            props.put(GrpcReady.TLS_CA_CERT, Path.of(t.caCert()).toAbsolutePath().normalize().toString());
            props.put(GrpcReady.TLS_CERT, Path.of(t.cert()).toAbsolutePath().normalize().toString());
        }
        ready = context.registerService(Object.class, new Object(), props);
    }

    /** Whether a bundle of this symbolic name is installed (in any state but uninstalled). */
    static boolean installed(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return true;
            }
        }
        return false;
    }

    /** Stops the framework from another thread (a component must not stop it from its own activation). */
    private static void stopFramework(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | RuntimeException e) {
                LOG.severe("cannot stop the server after the gRPC port failed: " + e.getMessage());
            }
        }, "daos-grpc-bind-failed-stop");
        t.start();
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<Object> r;
        ServiceRegistration<Object> f;
        GrpcHost h;
        synchronized (this) {
            context = null;
            r = ready;
            ready = null;
            f = failure;
            failure = null;
            h = host;
            host = null;
        }
        Registrations.unregister(r);
        Registrations.unregister(f);
        health.enterTerminalState();
        if (h != null) {
            h.stop(SHUTDOWN_GRACE_MILLIS);
        }
    }

    /** The bound port, or -1 while not listening (for tests). */
    synchronized int port() {
        return host == null ? -1 : host.port();
    }

    // --- start-up order: listen once the start-up checks have passed ------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = StartupChecksPassed.class)
    synchronized void bindChecksPassed(StartupChecksPassed marker) {
        checksPassed = true;
        listen();
    }

    /** Nothing to do: once listening the server stays up (see the class comment). */
    void unbindChecksPassed(StartupChecksPassed marker) {
        LOG.fine("start-up checks marker withdrawn; the gRPC server keeps listening");
    }

    // --- whiteboard: BindableService (bindService() called once, definition kept) ------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = BindableService.class)
    void bindBindable(ServiceReference<BindableService> ref, BindableService service) {
        ServerServiceDefinition definition;
        try {
            definition = service.bindService();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bindService() of " + owner(ref) + " failed; its methods are not served", e);
            return;
        }
        bound.put(serviceId(ref), definition);
        registry.add(serviceId(ref), owner(ref), ranking(ref), serviceId(ref),
                List.of(definition));
    }

    void updatedBindable(ServiceReference<BindableService> ref, BindableService service) {
        ServerServiceDefinition definition = bound.get(serviceId(ref));
        if (definition != null) {
            registry.update(serviceId(ref), owner(ref), ranking(ref), serviceId(ref),
                    List.of(definition));
        }
    }

    void unbindBindable(ServiceReference<BindableService> ref) {
        bound.remove(serviceId(ref));
        registry.remove(serviceId(ref));
    }

    // --- interceptors ------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = ServerInterceptor.class)
    void bindInterceptor(ServiceReference<ServerInterceptor> ref, ServerInterceptor interceptor) {
        interceptors.add(serviceId(ref), interceptor, ranking(ref), serviceId(ref));
    }

    void updatedInterceptor(ServiceReference<ServerInterceptor> ref, ServerInterceptor interceptor) {
        interceptors.add(serviceId(ref), interceptor, ranking(ref), serviceId(ref));
    }

    void unbindInterceptor(ServiceReference<ServerInterceptor> ref) {
        interceptors.remove(serviceId(ref));
    }

    // --- helpers -----------------------------------------------------------------------------

    private static long serviceId(ServiceReference<?> ref) {
        Object id = ref.getProperty(Constants.SERVICE_ID);
        return id instanceof Long ? (Long) id : -1L;
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }

    private static String owner(ServiceReference<?> ref) {
        return ref.getBundle() == null ? "<unregistered>" : ref.getBundle().getSymbolicName();
    }
}
