package io.daos.control.management.internal.peer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;

/**
 * One unary call made to a method's own server handler on the calling thread, with no transport:
 * what a Raft leader runs when a follower hands it a call. The handler sees {@code peer} as the
 * remote address ({@link Grpc#TRANSPORT_ATTR_REMOTE_ADDR}), so that a forwarded Join answers with
 * the joining server's address, not the follower's.
 */
public final class InProcessCall<Q, R> extends ServerCall<Q, R> {

    private final MethodDescriptor<Q, R> method;
    private final Attributes attributes;
    private R reply;
    private Status status;
    private Metadata trailers;

    private InProcessCall(MethodDescriptor<Q, R> method, SocketAddress peer) {
        this.method = method;
        Attributes.Builder a = Attributes.newBuilder();
        if (peer != null) {
            a.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, peer);
        }
        this.attributes = a.build();
    }

    /**
     * Calls {@code def} with the serialized {@code request} as if {@code peer} had sent it, and
     * answers the serialized reply.
     *
     * @throws io.grpc.StatusRuntimeException the handler's error status with its trailers, or
     *         INVALID_ARGUMENT when {@code request} does not decode
     */
    public static <Q, R> byte[] invoke(ServerMethodDefinition<Q, R> def, byte[] request, SocketAddress peer) {
        MethodDescriptor<Q, R> md = def.getMethodDescriptor();
        if (md.getType() != MethodDescriptor.MethodType.UNARY) {
            throw Status.UNIMPLEMENTED.withDescription(md.getFullMethodName() + " is not unary").asRuntimeException();
        }
        Q q;
        try {
            q = md.parseRequest(new ByteArrayInputStream(request));
        } catch (RuntimeException e) {
            throw Status.INVALID_ARGUMENT.withDescription("request of " + md.getFullMethodName() + " does not decode")
                    .asRuntimeException();
        }
        InProcessCall<Q, R> call = new InProcessCall<>(md, peer);
        ServerCall.Listener<Q> listener = def.getServerCallHandler().startCall(call, new Metadata());
        listener.onReady();
        listener.onMessage(q);
        listener.onHalfClose();
        if (call.status == null) {
            listener.onCancel();
            throw Status.INTERNAL.withDescription(md.getFullMethodName() + " did not answer").asRuntimeException();
        }
        listener.onComplete();
        if (!call.status.isOk()) {
            throw call.status.asRuntimeException(call.trailers);
        }
        if (call.reply == null) {
            throw Status.INTERNAL.withDescription(md.getFullMethodName() + " answered no message").asRuntimeException();
        }
        try (InputStream in = md.streamResponse(call.reply)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void request(int numMessages) {
        // the one request is delivered by invoke
    }

    @Override
    public void sendHeaders(Metadata headers) {
        // no transport
    }

    @Override
    public void sendMessage(R message) {
        reply = message;
    }

    @Override
    public void close(Status s, Metadata t) {
        status = s;
        trailers = t;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
    }
}
