package io.daos.control.management.internal.peer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

/**
 * The methods that other modules run on the leader ({@link io.daos.control.api.system.LeaderRouter}),
 * kept as their modules define them, unwrapped: what the leader's {@code Forward} runs when a
 * follower hands it one of them. One entry per service: routing a service again replaces its entry,
 * withdrawing it drops it. Thread-safe; modules route and withdraw while forwarded calls look
 * methods up.
 */
public final class RoutedMethods {

    private static final Logger LOG = Logger.getLogger(RoutedMethods.class.getName());

    /** Service name to (full method name to definition). */
    private final Map<String, Map<String, ServerMethodDefinition<?, ?>>> byService = new ConcurrentHashMap<>();

    /**
     * Keeps the methods of {@code service} named in {@code methods} (bare names), replacing what was
     * kept for a service of that name. A name that is not a method of {@code service} is logged and
     * left out.
     */
    public void put(ServerServiceDefinition service, Set<String> methods) {
        Map<String, ServerMethodDefinition<?, ?>> kept = new HashMap<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            if (methods.contains(m.getMethodDescriptor().getBareMethodName())) {
                kept.put(m.getMethodDescriptor().getFullMethodName(), m);
            }
        }
        String name = service.getServiceDescriptor().getName();
        if (kept.size() < methods.size()) {
            Set<String> missing = new TreeSet<>(methods);
            kept.values().forEach(m -> missing.remove(m.getMethodDescriptor().getBareMethodName()));
            LOG.warning("not routed to the leader, no such method of " + name + ": " + missing);
        }
        byService.put(name, Map.copyOf(kept));
    }

    /**
     * Drops what was kept for the service of this name.
     *
     * @return whether anything was kept for it (null and unknown names: false)
     */
    public boolean withdraw(String serviceName) {
        return serviceName != null && byService.remove(serviceName) != null;
    }

    /** The kept definition of the method of this full name ({@code service/Method}), or null. */
    public ServerMethodDefinition<?, ?> method(String fullMethodName) {
        String service = MethodDescriptor.extractFullServiceName(fullMethodName);
        Map<String, ServerMethodDefinition<?, ?>> methods = service == null ? null : byService.get(service);
        return methods == null ? null : methods.get(fullMethodName);
    }
}
