package io.daos.control.rpc.server.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * One DEBUG line per gRPC call on the logger {@value #LOGGER} (java.util.logging FINE; seen with
 * {@code control_log_mask: DEBUG} or {@code -b}):
 * <pre>gRPC call method=ctl.MgmtCtl/StorageScan peer=127.0.0.1:40312 status=OK duration_ms=1.234</pre>
 * with {@code message="<status description>"} appended when the call failed with one (at most
 * {@value #MAX_MESSAGE} characters, control characters as spaces). It is the outermost
 * interceptor, so it sees the status every other interceptor left, calls an authorization
 * interceptor refused included; a call the client or the transport cancelled (no status sent) is
 * logged as {@code status=CANCELLED}. The duration runs from the call's start to its close.
 * Calls to a method no service has (UNIMPLEMENTED) are answered by grpc-java before any
 * interceptor and are not logged.
 *
 * <p>When FINE is not loggable the call is handed on untouched: one level check, nothing wrapped,
 * nothing formatted.
 */
final class CallLog implements ServerInterceptor {

    static final String LOGGER = "io.daos.control.rpc.calls";
    static final int MAX_MESSAGE = 200;

    static final CallLog INSTANCE = new CallLog(Logger.getLogger(LOGGER));

    private final Logger log;

    CallLog(Logger log) {
        this.log = log;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        if (!log.isLoggable(Level.FINE)) {
            return next.startCall(call, headers);
        }
        Logged<ReqT, RespT> logged = new Logged<>(call, log);
        ServerCall.Listener<ReqT> listener;
        try {
            listener = next.startCall(logged, headers);
        } catch (RuntimeException | Error e) {
            logged.done(Status.fromThrowable(e));
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                logged.done(Status.CANCELLED);
                super.onCancel();
            }
        };
    }

    /** The line for a call of {@code method} from {@code peer} that ended with {@code status} after {@code nanos}. */
    static String line(String method, SocketAddress peer, Status status, long nanos) {
        StringBuilder sb = new StringBuilder(128).append("gRPC call method=").append(method)
                .append(" peer=").append(peer(peer))
                .append(" status=").append(status.getCode().name())
                .append(" duration_ms=").append(String.format(Locale.ROOT, "%.3f", nanos / 1e6));
        String d = status.getDescription();
        if (!status.isOk() && d != null && !d.isEmpty()) {
            sb.append(" message=\"");
            int n = Math.min(d.length(), MAX_MESSAGE);
            for (int i = 0; i < n; i++) {
                char c = d.charAt(i);
                sb.append(c < 0x20 || c == 0x7f ? ' ' : c == '"' ? '\'' : c);
            }
            sb.append(d.length() > MAX_MESSAGE ? "...\"" : "\"");
        }
        return sb.toString();
    }

    /** {@code host:port} ({@code [v6]:port}), or what the transport gave, or {@code unknown}. */
    static String peer(SocketAddress a) {
        if (a instanceof InetSocketAddress in && in.getAddress() != null) {
            String host = in.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + in.getPort();
        }
        return a == null ? "unknown" : a.toString();
    }

    private static final class Logged<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
        private final long start = System.nanoTime();
        private final AtomicBoolean logged = new AtomicBoolean();
        private final Logger log;

        Logged(ServerCall<ReqT, RespT> call, Logger log) {
            super(call);
            this.log = log;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            try {
                super.close(status, trailers);
            } finally {
                done(status);
            }
        }

        /** Logs the call once: its close or its cancellation, whichever comes first. */
        void done(Status status) {
            if (logged.compareAndSet(false, true)) {
                log.fine(line(getMethodDescriptor().getFullMethodName(),
                        getAttributes() == null ? null : getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                        status, System.nanoTime() - start));
            }
        }
    }
}
