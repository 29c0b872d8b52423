package io.daos.control.rpc.server.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * The one server-level interceptor installed at build time. It applies the current snapshot of
 * the interceptors registered as OSGi services: the highest {@code service.ranking} is the
 * outermost, i.e. sees a call first (tie: lower {@code service.id} first). With none registered
 * it hands the call straight on.
 */
public final class InterceptorChain implements ServerInterceptor {

    private static final ServerInterceptor[] NONE = new ServerInterceptor[0];

    private static final class Entry {
        final ServerInterceptor interceptor;
        final int ranking;
        final long serviceId;

        Entry(ServerInterceptor interceptor, int ranking, long serviceId) {
            this.interceptor = interceptor;
            this.ranking = ranking;
            this.serviceId = serviceId;
        }
    }

    private final Object lock = new Object();
    /** Guarded by lock. */
    private final Map<Object, Entry> entries = new HashMap<>();
    /** Outermost first; never mutated after publication. */
    private volatile ServerInterceptor[] current = NONE;

    /** Adds (or replaces) the interceptor registered under key. */
    public void add(Object key, ServerInterceptor interceptor, int ranking, long serviceId) {
        if (interceptor == null || interceptor == this) {
            return;
        }
        synchronized (lock) {
            entries.put(key, new Entry(interceptor, ranking, serviceId));
            publish();
        }
    }

    /** Removes the interceptor registered under key; false if unknown. */
    public boolean remove(Object key) {
        synchronized (lock) {
            if (entries.remove(key) == null) {
                return false;
            }
            publish();
            return true;
        }
    }

    /** The current chain, outermost first. */
    public List<ServerInterceptor> snapshot() {
        return List.of(current);
    }

    private void publish() {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort((a, b) -> {
            int byRanking = Integer.compare(b.ranking, a.ranking);
            return byRanking != 0 ? byRanking : Long.compare(a.serviceId, b.serviceId);
        });
        ServerInterceptor[] chain = new ServerInterceptor[sorted.size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = sorted.get(i).interceptor;
        }
        current = chain;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
            Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        ServerInterceptor[] chain = current;
        if (chain.length == 0) {
            return next.startCall(call, headers);
        }
        ServerCallHandler<ReqT, RespT> handler = next;
        for (int i = chain.length - 1; i >= 0; i--) {
            handler = new Link<>(chain[i], handler);
        }
        return handler.startCall(call, headers);
    }

    private static final class Link<ReqT, RespT> implements ServerCallHandler<ReqT, RespT> {
        private final ServerInterceptor interceptor;
        private final ServerCallHandler<ReqT, RespT> next;

        Link(ServerInterceptor interceptor, ServerCallHandler<ReqT, RespT> next) {
            this.interceptor = interceptor;
            this.next = next;
        }

        @Override
        public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
            return interceptor.interceptCall(call, headers, next);
        }
    }
}
