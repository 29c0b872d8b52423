package io.daos.control.rpc.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;

/**
 * The server's fallback {@link HandlerRegistry}, filled method by method from whiteboard
 * registrations. Each registration (one OSGi service) contributes the methods of one or more
 * (possibly partial) {@link ServerServiceDefinition}s; methods are indexed by full name, so
 * several registrations may serve different methods of one gRPC service. When two
 * registrations claim one method, the higher {@code service.ranking} wins (tie: lower
 * {@code service.id}) and the loser takes over when the winner leaves.
 *
 * <p>Mutations are serialised under a lock and publish immutable snapshots through volatile
 * fields; {@link #lookupMethod(String, String)} is a single lock-free, allocation-free map read.
 */
public final class MethodRegistry extends HandlerRegistry {

    private static final Logger LOG = Logger.getLogger(MethodRegistry.class.getName());

    /** Told, under the registry's lock and in order, which service names appeared or vanished. */
    public interface Listener {
        void servicesChanged(Set<String> appeared, Set<String> vanished);
    }

    /** Precedence: higher ranking first, then lower service id. */
    private static final Comparator<Claim> PRECEDENCE = (a, b) -> {
        int byRanking = Integer.compare(b.owner.ranking, a.owner.ranking);
        return byRanking != 0 ? byRanking : Long.compare(a.owner.serviceId, b.owner.serviceId);
    };

    private static final class Registration {
        final Object key;
        final String bundle;
        final int ranking;
        final long serviceId;
        final List<ServerMethodDefinition<?, ?>> methods;

        Registration(Object key, String bundle, int ranking, long serviceId,
                List<ServerMethodDefinition<?, ?>> methods) {
            this.key = key;
            this.bundle = bundle;
            this.ranking = ranking;
            this.serviceId = serviceId;
            this.methods = methods;
        }

        String describe() {
            return "bundle " + bundle + " (service.id=" + serviceId + ", service.ranking=" + ranking + ")";
        }
    }

    private static final class Claim {
        final Registration owner;
        final ServerMethodDefinition<?, ?> method;

        Claim(Registration owner, ServerMethodDefinition<?, ?> method) {
            this.owner = owner;
            this.method = method;
        }
    }

    private final Object lock = new Object();
    private final Listener listener;
    /** Guarded by lock. */
    private final Map<Object, Registration> registrations = new HashMap<>();
    /** Guarded by lock: full method name to its claims, best first. */
    private final Map<String, List<Claim>> claims = new HashMap<>();

    /** Never mutated after publication. */
    private volatile Map<String, ServerMethodDefinition<?, ?>> methods = new HashMap<>();
    private volatile Map<String, String> winners = Collections.emptyMap();
    private volatile List<ServerServiceDefinition> services = Collections.emptyList();

    public MethodRegistry(Listener listener) {
        this.listener = listener == null ? (a, v) -> { } : listener;
    }

    /**
     * Adds one whiteboard registration.
     *
     * @param key identity of the registration, used by {@link #remove(Object)}
     * @param bundle symbolic name of the registering bundle, for diagnostics
     * @return false when the key is already registered (nothing changes)
     */
    public boolean add(Object key, String bundle, int ranking, long serviceId,
            Collection<ServerServiceDefinition> definitions) {
        Registration reg = prepare(key, bundle, ranking, serviceId, definitions);
        synchronized (lock) {
            if (registrations.containsKey(key)) {
                return false;
            }
            addLocked(reg);
            publish();
        }
        return true;
    }

    /** Withdraws exactly the methods of one registration; false if the key is unknown. */
    public boolean remove(Object key) {
        synchronized (lock) {
            if (!removeLocked(key)) {
                return false;
            }
            publish();
            return true;
        }
    }

    /**
     * Replaces a registration (e.g. its ranking changed) in one step, so health and lookups
     * never see the methods missing in between.
     */
    public void update(Object key, String bundle, int ranking, long serviceId,
            Collection<ServerServiceDefinition> definitions) {
        Registration reg = prepare(key, bundle, ranking, serviceId, definitions);
        synchronized (lock) {
            removeLocked(key);
            addLocked(reg);
            publish();
        }
    }

    private static Registration prepare(Object key, String bundle, int ranking, long serviceId,
            Collection<ServerServiceDefinition> definitions) {
        List<ServerMethodDefinition<?, ?>> own = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ServerServiceDefinition definition : definitions) {
            for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
                String name = method.getMethodDescriptor().getFullMethodName();
                if (method.getMethodDescriptor().getServiceName() == null) {
                    LOG.warning("gRPC method " + name + " of bundle " + bundle
                            + " has no service name; ignored");
                } else if (!seen.add(name)) {
                    LOG.warning("gRPC method " + name + " is registered twice by bundle " + bundle
                            + " (service.id=" + serviceId + "); the first definition is kept");
                } else {
                    own.add(method);
                }
            }
        }
        return new Registration(key, bundle, ranking, serviceId, List.copyOf(own));
    }

    private void addLocked(Registration reg) {
        registrations.put(reg.key, reg);
        for (ServerMethodDefinition<?, ?> method : reg.methods) {
            String name = method.getMethodDescriptor().getFullMethodName();
            List<Claim> list = claims.computeIfAbsent(name, n -> new ArrayList<>(1));
            Claim claim = new Claim(reg, method);
            list.add(claim);
            list.sort(PRECEDENCE);
            if (list.size() > 1) {
                Claim winner = list.get(0);
                for (Claim other : list) {
                    if (other != claim) {
                        LOG.warning("gRPC method conflict: /" + name + " is claimed by "
                                + claim.owner.describe() + " and by " + other.owner.describe()
                                + "; " + winner.owner.describe() + " serves it");
                    }
                }
            }
        }
        LOG.fine(() -> "gRPC methods added by " + reg.describe() + ": " + reg.methods.size());
    }

    private boolean removeLocked(Object key) {
        Registration reg = registrations.remove(key);
        if (reg == null) {
            return false;
        }
        for (ServerMethodDefinition<?, ?> method : reg.methods) {
            String name = method.getMethodDescriptor().getFullMethodName();
            List<Claim> list = claims.get(name);
            if (list == null) {
                continue;
            }
            boolean wasWinner = list.get(0).owner == reg;
            list.removeIf(c -> c.owner == reg);
            if (list.isEmpty()) {
                claims.remove(name);
            } else if (wasWinner) {
                LOG.warning("gRPC method /" + name + ": " + reg.describe() + " left; "
                        + list.get(0).owner.describe() + " takes over");
            }
        }
        LOG.fine(() -> "gRPC methods withdrawn for " + reg.describe());
        return true;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        return methods.get(methodName);
    }

    /** One composed definition per service name, with the methods currently present. */
    @Override
    public List<ServerServiceDefinition> getServices() {
        return services;
    }

    /** The symbolic name of the bundle currently serving a method, or null. */
    public String ownerOf(String fullMethodName) {
        return winners.get(fullMethodName);
    }

    /** Names of the services with at least one method present. */
    public Set<String> serviceNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ServerServiceDefinition s : services) {
            names.add(s.getServiceDescriptor().getName());
        }
        return names;
    }

    /** Rebuilds the snapshots from the claims; caller holds the lock. */
    private void publish() {
        Set<String> before = serviceNames();
        Map<String, ServerMethodDefinition<?, ?>> newMethods = new HashMap<>(claims.size() * 2);
        Map<String, String> newWinners = new HashMap<>(claims.size() * 2);
        Map<String, Map<String, ServerMethodDefinition<?, ?>>> byService = new TreeMap<>();
        for (Map.Entry<String, List<Claim>> e : claims.entrySet()) {
            Claim winner = e.getValue().get(0);
            newMethods.put(e.getKey(), winner.method);
            newWinners.put(e.getKey(), winner.owner.bundle);
            byService.computeIfAbsent(winner.method.getMethodDescriptor().getServiceName(),
                    n -> new TreeMap<>()).put(e.getKey(), winner.method);
        }
        List<ServerServiceDefinition> newServices = new ArrayList<>(byService.size());
        for (Map.Entry<String, Map<String, ServerMethodDefinition<?, ?>>> e : byService.entrySet()) {
            newServices.add(compose(e.getKey(), e.getValue().values()));
        }
        methods = newMethods;
        winners = newWinners;
        services = Collections.unmodifiableList(newServices);

        Set<String> after = serviceNames();
        Set<String> appeared = new LinkedHashSet<>(after);
        appeared.removeAll(before);
        Set<String> vanished = new LinkedHashSet<>(before);
        vanished.removeAll(after);
        if (!appeared.isEmpty() || !vanished.isEmpty()) {
            try {
                listener.servicesChanged(appeared, vanished);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "service change listener failed", e);
            }
        }
    }

    /**
     * One definition of a service made of the given methods; its schema descriptor is the
     * generated proto descriptor supplier of one of the methods, so reflection can find the file.
     */
    private static ServerServiceDefinition compose(String serviceName,
            Collection<ServerMethodDefinition<?, ?>> present) {
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(serviceName);
        Object schema = null;
        for (ServerMethodDefinition<?, ?> method : present) {
            MethodDescriptor<?, ?> md = method.getMethodDescriptor();
            descriptor.addMethod(md);
            if (schema == null && md.getSchemaDescriptor() instanceof ProtoFileDescriptorSupplier) {
                schema = md.getSchemaDescriptor();
            }
        }
        descriptor.setSchemaDescriptor(schema);
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        for (ServerMethodDefinition<?, ?> method : present) {
            builder.addMethod(method);
        }
        return builder.build();
    }
}
