package io.daos.control.rpc.server.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * Bounds the request bytes the server holds at once, so that a burst of large requests is
 * refused with {@code RESOURCE_EXHAUSTED} instead of exhausting memory. grpc-java buffers a
 * whole request message in (direct) transport buffers before the call sees it, then the call
 * parses it on the heap: with {@code -XX:MaxDirectMemorySize=32m} eight 4 MiB requests arriving
 * together failed Netty's buffer allocation, which closed every connection concerned (GOAWAY
 * {@code INTERNAL_ERROR}), and parsing several at once can exhaust the 96 MiB heap, on which the
 * JVM exits ({@code -XX:+ExitOnOutOfMemoryError}).
 *
 * <p>Two budgets, checked when a message's header (its length prefix) has been read, before its
 * body is buffered: at most {@link #maxOpen} messages being received (header read, body not
 * complete: a small message leaves this state in the same read, a large one holds it while its
 * frames arrive), and fewer than {@link #maxPending} bytes of complete messages not yet parsed.
 * Over either, the message is refused: the stream ends with {@code RESOURCE_EXHAUSTED} (the
 * connection and its other calls carry on). Sizes are unknown at the header, so a budget counts
 * messages, not bytes; {@link #maxOpen} must be at least the transport's event-loop threads, each
 * of which may hold one small message between its header and its body.
 *
 * <p>Pending bytes are released when the call has parsed its message ({@link #parsed()}, called
 * by {@link ParseGuard} in the call's context) or when the stream closes.
 */
final class InboundBudget extends ServerStreamTracer.Factory {

    /** The largest request the server accepts (grpc-java's default, the reference's too). */
    static final int MAX_MESSAGE = 4 << 20;
    /**
     * The HTTP/2 flow-control window of each connection (grpc-java's default: 1 MiB): request
     * bytes a peer may send before the server has taken them in. Bytes that arrived before their
     * call started wait in transport buffers, outside the budget, up to this much per connection.
     */
    static final int FLOW_CONTROL_WINDOW = 128 << 10;
    /** The refusal's text. */
    static final String BUSY = "server busy: too many large requests at once; retry later";

    private static final Context.Key<Stream> KEY = Context.key("daos-inbound-budget");

    private final int maxOpen;
    private final long maxPending;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** At most {@code maxOpen} messages being received, fewer than {@code maxPending} bytes unparsed. */
    InboundBudget(int maxOpen, long maxPending) {
        this.maxOpen = maxOpen;
        this.maxPending = maxPending;
    }

    /**
     * The budget for a server with {@code eventLoops} transport threads and {@code maxDirect}
     * bytes of direct memory: half of it for messages being received (one {@link #MAX_MESSAGE}
     * each, at least one per event loop), a quarter for complete ones waiting to be parsed.
     */
    static InboundBudget forMemory(int eventLoops, long maxDirect) {
        int open = (int) Math.max(eventLoops, maxDirect / 2 / MAX_MESSAGE);
        return new InboundBudget(open, Math.max(MAX_MESSAGE, maxDirect / 4));
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new Stream();
    }

    /** In a call's context: its message was parsed (or refused); its bytes leave the budget. */
    static void parsed() {
        Stream s = KEY.get();
        if (s != null) {
            s.release();
        }
    }

    /** Messages being received now. */
    int open() {
        return open.get();
    }

    /** Bytes of complete messages not yet parsed now. */
    long pending() {
        return pending.get();
    }

    /** Messages refused so far. */
    long refused() {
        return refused.get();
    }

    /** The budget's share of one stream; callbacks of one stream come from its transport thread. */
    final class Stream extends ServerStreamTracer {
        private final AtomicBoolean receiving = new AtomicBoolean();
        private final AtomicLong unparsed = new AtomicLong();

        @Override
        public Context filterContext(Context context) {
            return context.withValue(KEY, this);
        }

        @Override
        public void inboundMessage(int seqNo) {
            // thrown inside grpc-java's deframer, as its own size check does: the stream ends
            // with this status and the rest of its body is dropped
            if (pending.get() >= maxPending) {
                refuse();
            }
            if (open.incrementAndGet() > maxOpen) {
                open.decrementAndGet();
                refuse();
            }
            receiving.set(true);
        }

        private void refuse() {
            refused.incrementAndGet();
            throw Status.RESOURCE_EXHAUSTED.withDescription(BUSY).asRuntimeException();
        }

        @Override
        public void inboundMessageRead(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
            if (receiving.getAndSet(false)) {
                open.decrementAndGet();
            }
            long n = Math.max(0, optionalWireSize);
            unparsed.addAndGet(n);
            pending.addAndGet(n);
        }

        void release() {
            pending.addAndGet(-unparsed.getAndSet(0));
        }

        @Override
        public void streamClosed(Status status) {
            if (receiving.getAndSet(false)) {
                open.decrementAndGet();
            }
            release();
        }
    }
}
