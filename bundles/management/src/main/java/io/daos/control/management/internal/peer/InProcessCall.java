package io.daos.control.management.internal.peer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.concurrent.CountDownLatch;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
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
 * the joining server's address, not the follower's. The call has no deadline of its own: it lasts
 * as long as the handler takes (a whole-system stop may take minutes), bounded only by the
 * {@link Context} it is made in, the forwarding call's, whose deadline is the follower's forward
 * timeout. A handler that answers from another thread is waited for within that context; one that
 * sees the call {@linkplain #isCancelled() cancelled} may give up early.
 */
public final class InProcessCall<Q, R> extends ServerCall<Q, R> {

    private final MethodDescriptor<Q, R> method;
    private final Attributes attributes;
    private final Context context;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile R reply;
    private volatile Status status;
    private volatile Metadata trailers;

    private InProcessCall(MethodDescriptor<Q, R> method, SocketAddress peer, Context context) {
        this.method = method;
        this.context = context;
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
     * @throws io.grpc.StatusRuntimeException the handler's error status with its trailers,
     *         INVALID_ARGUMENT when {@code request} does not decode, CANCELLED or DEADLINE_EXCEEDED
     *         when the current context ended (or the thread was interrupted) before the handler
     *         answered, INTERNAL when a handler left the call unanswered in a context without a
     *         deadline
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
        Context context = Context.current();
        InProcessCall<Q, R> call = new InProcessCall<>(md, peer, context);
        ServerCall.Listener<Q> listener = def.getServerCallHandler().startCall(call, new Metadata());
        listener.onReady();
        listener.onMessage(q);
        listener.onHalfClose();
        if (!call.awaitClose()) {
            listener.onCancel();
            if (context.isCancelled()) {
                throw Contexts.statusFromCancelled(context).withDescription(md.getFullMethodName()
                        + " had not answered when its call ended").asRuntimeException();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw Status.CANCELLED.withDescription("interrupted while " + md.getFullMethodName() + " ran")
                        .asRuntimeException();
            }
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

    /**
     * Waits for the handler to close the call, unless the context ends first. In a context with no
     * deadline nothing would end the wait: the handler must have closed the call already.
     *
     * @return whether the call was closed
     */
    private boolean awaitClose() {
        if (status != null || context.getDeadline() == null) {
            return status != null;
        }
        Context.CancellationListener onEnd = c -> closed.countDown();
        context.addListener(onEnd, Runnable::run);
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.removeListener(onEnd);
        }
        return status != null;
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
        trailers = t;
        status = s;
        closed.countDown();
    }

    /** Whether the context the call was made in ended (the forwarding call's deadline or cancellation). */
    @Override
    public boolean isCancelled() {
        return context.isCancelled();
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
