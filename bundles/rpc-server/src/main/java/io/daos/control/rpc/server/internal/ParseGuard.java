package io.daos.control.rpc.server.internal;

import java.io.InputStream;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.daos.control.api.log.RateLimitedLog;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Request bodies that do not parse. grpc-java parses a request inside the transport's listener,
 * where a failure escapes as an exception: the client gets {@code UNKNOWN "Application error
 * processing RPC"} and the log a stack trace per request. A guarded method receives the body as
 * a stream and parses it itself: a failure closes the call with {@code INTERNAL "failed to parse
 * request: <reason>"} (the status grpc-go gives) and is logged as one line per method per window,
 * with the count of the rest ({@link RateLimitedLog}). Valid requests are unchanged.
 */
final class ParseGuard {

    static final String FAILED_TO_PARSE = "failed to parse request";
    private static final int MAX_REASON = 80;

    private static final MethodDescriptor.Marshaller<InputStream> STREAM = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private final RateLimitedLog log;

    ParseGuard(RateLimitedLog log) {
        this.log = log;
    }

    /** Over a logger of this package, one line per method per default window. */
    ParseGuard() {
        this(new RateLimitedLog(Logger.getLogger(GrpcHost.PEER_LOGGER)));
    }

    /** Every method of {@code service} guarded (same names and schema, for health and reflection). */
    ServerServiceDefinition guard(ServerServiceDefinition service) {
        ServiceDescriptor sd = service.getServiceDescriptor();
        ServiceDescriptor.Builder d = ServiceDescriptor.newBuilder(sd.getName())
                .setSchemaDescriptor(sd.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> guarded = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> g = guard(m);
            guarded.add(g);
            d.addMethod(g.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(d.build());
        guarded.forEach(b::addMethod);
        return b.build();
    }

    /** {@code method} taking its request as a stream and parsing it here. */
    <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> guard(ServerMethodDefinition<ReqT, RespT> method) {
        MethodDescriptor<ReqT, RespT> md = method.getMethodDescriptor();
        MethodDescriptor<InputStream, RespT> raw = md.toBuilder(STREAM, md.getResponseMarshaller()).build();
        ServerCallHandler<ReqT, RespT> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(raw, (call, headers) -> startCall(md, handler, call, headers));
    }

    private <ReqT, RespT> ServerCall.Listener<InputStream> startCall(MethodDescriptor<ReqT, RespT> md,
            ServerCallHandler<ReqT, RespT> handler, ServerCall<InputStream, RespT> call, Metadata headers) {
        ServerCall<ReqT, RespT> typed = new ForwardingServerCall<ReqT, RespT>() {
            @SuppressWarnings("unchecked")
            @Override
            protected ServerCall<ReqT, RespT> delegate() {
                // only the request type differs, and a server call never hands a request out
                return (ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) call;
            }

            @Override
            public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
                return md;
            }
        };
        ServerCall.Listener<ReqT> inner = handler.startCall(typed, headers);
        return new ServerCall.Listener<>() {
            /** Callbacks of one call are serialized by gRPC. */
            private boolean failed;

            @Override
            public void onMessage(InputStream body) {
                if (failed) {
                    return;
                }
                ReqT request;
                try {
                    request = md.parseRequest(body);
                } catch (RuntimeException e) {
                    InboundBudget.parsed();
                    failed = true;
                    String reason = reason(e);
                    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                    log.warning("parse " + md.getFullMethodName(), () -> "malformed request to /"
                            + md.getFullMethodName() + " from " + peer + ": " + reason);
                    call.close(Status.INTERNAL.withDescription(FAILED_TO_PARSE + ": " + reason), new Metadata());
                    return;
                }
                InboundBudget.parsed(); // its bytes are the request object's now
                inner.onMessage(request);
            }

            @Override
            public void onHalfClose() {
                if (!failed) {
                    inner.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!failed) {
                    inner.onReady();
                }
            }

            @Override
            public void onCancel() {
                inner.onCancel();
            }

            @Override
            public void onComplete() {
                inner.onComplete();
            }
        };
    }

    /** Why a body did not parse, one short line (protobuf's reasons are fixed texts). */
    static String reason(RuntimeException e) {
        String r = e instanceof StatusRuntimeException s && s.getStatus().getDescription() != null
                ? s.getStatus().getDescription() : e.getMessage();
        if (r == null || r.isBlank()) {
            r = e.getClass().getSimpleName();
        } else if (r.length() > 1 && Character.isUpperCase(r.charAt(0)) && !Character.isUpperCase(r.charAt(1))) {
            r = Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        r = r.replaceAll("\\s+", " ").strip();
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "..." : r;
    }

    /**
     * {@code registry} with every method it returns guarded; a method's guarded form is kept
     * until the registry returns another definition under its name.
     */
    HandlerRegistry guard(HandlerRegistry registry) {
        return new HandlerRegistry() {
            private final Map<String, ServerMethodDefinition<?, ?>[]> cache = new ConcurrentHashMap<>();

            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String name, String authority) {
                ServerMethodDefinition<?, ?> m = registry.lookupMethod(name, authority);
                if (m == null) {
                    return null;
                }
                ServerMethodDefinition<?, ?>[] e = cache.get(name);
                if (e == null || e[0] != m) {
                    e = new ServerMethodDefinition<?, ?>[] {m, guard(m)};
                    cache.put(name, e);
                }
                return e[1];
            }

            @Override
            public List<ServerServiceDefinition> getServices() {
                return registry.getServices();
            }
        };
    }
}
