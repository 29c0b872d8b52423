package io.daos.control.api;

import java.util.Hashtable;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

/**
 * Registering into (and leaving) the whiteboards other bundles serve: a gRPC module is a
 * {@link ServerServiceDefinition} OSGi service holding only the methods its bundle owns; the
 * rpc-server composes them method by method (DESIGN.md, "gRPC modules"). Needs gRPC on the
 * class path for {@link #registerGrpc} (an optional import of the api bundle).
 */
public final class Whiteboard {

    /** Diagnostic service property: the gRPC service name. */
    public static final String GRPC_SERVICE = "grpc.service";
    /** Diagnostic service property: the bare names of the methods served, sorted, comma-separated. */
    public static final String GRPC_METHODS = "grpc.methods";

    private Whiteboard() {
    }

    /**
     * Registers a (partial) gRPC service definition, with {@link #GRPC_SERVICE} and
     * {@link #GRPC_METHODS} derived from it.
     */
    public static ServiceRegistration<ServerServiceDefinition> registerGrpc(BundleContext ctx,
            ServerServiceDefinition definition) {
        TreeSet<String> methods = new TreeSet<>();
        for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
            methods.add(m.getMethodDescriptor().getBareMethodName());
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(GRPC_SERVICE, definition.getServiceDescriptor().getName());
        props.put(GRPC_METHODS, String.join(",", methods));
        return ctx.registerService(ServerServiceDefinition.class, definition, props);
    }

    /** Unregisters; null and a registration already removed with its stopping bundle are fine. */
    public static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // removed by the framework with the stopping bundle
            }
        }
    }
}
