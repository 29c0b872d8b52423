package io.daos.control.dmg.conn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * One call on an {@link H2Connection}: one HTTP/2 stream carrying gRPC's length-prefixed messages
 * (uncompressed; we accept no encoding, so servers send none), its status from the trailers
 * ({@code grpc-status}, the percent-encoded {@code grpc-message}, the other fields, such as
 * {@code grpc-status-details-bin}, as trailing metadata).
 *
 * <p>The listener is called in order, never concurrently, on the call options' executor (the
 * blocking stubs' own thread) or else the connection's. A message is handed over only when
 * requested; a call that ended well delivers its messages before its close, one that failed drops
 * the undelivered ones. The deadline of the options ends the call with {@code DEADLINE_EXCEEDED}
 * and cancels the stream; the server learns it from {@code grpc-timeout} as well.
 */
final class H2Call<Q, A> extends ClientCall<Q, A> {

    /** The stream's id, set when the stream opens (under the connection's write lock). */
    int streamId;
    /** How much the stream may still send (guarded by the connection's flow lock). */
    long sendWindow;

    private final H2Connection conn;
    private final MethodDescriptor<Q, A> method;
    private final CallOptions options;
    private final Serial serial;
    private final Deque<A> messages = new ArrayDeque<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private Listener<A> listener;
    private Future<?> timer;
    private boolean headersSeen;
    private int requested;
    private Status status;
    private Metadata trailers;
    private boolean done;
    private boolean closeDelivered;

    H2Call(H2Connection conn, MethodDescriptor<Q, A> method, CallOptions options) {
        this.conn = conn;
        this.method = method;
        this.options = options;
        Executor e = options.getExecutor();
        this.serial = new Serial(e != null ? e : conn.executor());
    }

    @Override
    public void start(Listener<A> responseListener, Metadata headers) {
        listener = responseListener;
        Deadline deadline = options.getDeadline();
        if (deadline != null && deadline.isExpired()) {
            closed(Status.DEADLINE_EXCEEDED.withDescription("ClientCall started after CallOptions deadline was exceeded"));
            return;
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry(":method", "POST"));
        fields.add(Map.entry(":scheme", conn.scheme()));
        fields.add(Map.entry(":path", "/" + method.getFullMethodName()));
        fields.add(Map.entry(":authority", conn.authority()));
        fields.add(Map.entry("content-type", "application/grpc"));
        fields.add(Map.entry("te", "trailers"));
        fields.add(Map.entry("user-agent", "dmg-grpc-java"));
        if (deadline != null) {
            fields.add(Map.entry("grpc-timeout", timeout(deadline.timeRemaining(TimeUnit.NANOSECONDS))));
        }
        GrpcFields.add(fields, headers);
        Status refused = conn.open(this, Hpack.encode(fields));
        if (refused != null) {
            closed(refused);
            return;
        }
        if (deadline != null) {
            long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
            Runnable expire = new Expire(this, nanos);
            synchronized (this) {
                if (!done) {
                    timer = conn.timers().schedule(expire, nanos, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    /** The deadline's end (a class, not a lambda: no bootstrap on the call path). */
    private record Expire(H2Call<?, ?> call, long nanos) implements Runnable {
        @Override
        public void run() {
            call.end(Status.DEADLINE_EXCEEDED.withDescription(String.format("deadline exceeded after %d.%09ds",
                    nanos / 1_000_000_000L, nanos % 1_000_000_000L)), new Metadata(), true);
        }
    }

    /** gRPC's {@code grpc-timeout}: at most eight digits and a unit. */
    static String timeout(long nanos) {
        long v = Math.max(0, nanos);
        String[] units = {"n", "u", "m", "S", "M", "H"};
        long[] next = {1000, 1000, 1000, 60, 60};
        int u = 0;
        while (v >= 100_000_000L && u < next.length) {
            v = (v + next[u] - 1) / next[u];
            u++;
        }
        return v + units[u];
    }

    @Override
    public void request(int numMessages) {
        synchronized (this) {
            requested += numMessages;
            deliver();
        }
    }

    @Override
    public void cancel(String message, Throwable cause) {
        if (listener == null) {
            return;
        }
        end(Status.CANCELLED.withDescription(message != null ? message : "Call cancelled without message")
                .withCause(cause), new Metadata(), true);
    }

    @Override
    public void halfClose() {
        send(new byte[0], true);
    }

    @Override
    public void sendMessage(Q message) {
        try (InputStream in = method.streamRequest(message)) {
            byte[] body = in.readAllBytes();
            byte[] framed = new byte[body.length + 5];
            System.arraycopy(H2Frames.int32(body.length), 0, framed, 1, 4);
            System.arraycopy(body, 0, framed, 5, body.length);
            send(framed, false);
        } catch (IOException e) {
            end(Status.INTERNAL.withDescription("serialising the request failed").withCause(e), new Metadata(), true);
        }
    }

    private void send(byte[] data, boolean end) {
        try {
            conn.send(this, data, end);
        } catch (IOException e) {
            end(Status.UNAVAILABLE.withDescription("sending the request failed: " + e.getMessage()).withCause(e),
                    new Metadata(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(Status.CANCELLED.withDescription("interrupted").withCause(e), new Metadata(), true);
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    synchronized boolean isDone() {
        return done;
    }

    /** A header block of the stream (reader thread): the response headers, or the trailers. */
    void headers(List<String[]> fields, boolean endStream) {
        Metadata md = GrpcFields.of(fields);
        String httpStatus = GrpcFields.get(fields, ":status");
        if (!headersSeen) {
            headersSeen = true;
            if (!endStream) {
                if (!"200".equals(httpStatus)) {
                    end(GrpcFields.httpStatus(httpStatus), md, true);
                    return;
                }
                String type = GrpcFields.get(fields, "content-type");
                if (type == null || !type.startsWith("application/grpc")) {
                    end(Status.INTERNAL.withDescription("invalid content-type: " + type), md, true);
                    return;
                }
                serial.execute(new Headers<>(this, md));
                return;
            }
        } else if (!endStream) {
            end(Status.INTERNAL.withDescription("trailers without END_STREAM"), md, true);
            return;
        }
        Status s = GrpcFields.status(fields, httpStatus);
        if (s.isOk() && pending.size() > 0) {
            s = Status.INTERNAL.withDescription("Encountered end-of-stream mid-frame");
        }
        end(s, GrpcFields.trailers(md), false);
    }

    private record Headers<A>(H2Call<?, A> call, Metadata md) implements Runnable {
        @Override
        public void run() {
            call.listener.onHeaders(md);
        }
    }

    /** A DATA frame's content (reader thread): whole messages parsed and queued. */
    void data(byte[] b, int off, int len, boolean endStream) {
        pending.write(b, off, len);
        while (pending.size() >= 5) {
            byte[] buf = pending.toByteArray();
            int size = H2Frames.int32(buf, 1);
            if (buf[0] != 0) {
                end(Status.INTERNAL.withDescription("a compressed message although no compression was accepted"),
                        new Metadata(), true);
                return;
            }
            if (size < 0 || size > H2Frames.MAX_MESSAGE) {
                end(Status.RESOURCE_EXHAUSTED.withDescription(String.format(
                        "gRPC message exceeds maximum size %d: %d", H2Frames.MAX_MESSAGE, size)), new Metadata(), true);
                return;
            }
            if (buf.length < 5 + size) {
                break;
            }
            A message;
            try {
                message = method.parseResponse(new ByteArrayInputStream(buf, 5, size));
            } catch (RuntimeException e) {
                end(Status.INTERNAL.withDescription("Failed to read message.").withCause(e), new Metadata(), true);
                return;
            }
            pending.reset();
            pending.write(buf, 5 + size, buf.length - 5 - size);
            synchronized (this) {
                if (done) {
                    return;
                }
                messages.add(message);
                deliver();
            }
        }
        if (endStream) {
            end(Status.INTERNAL.withDescription("Received unexpected EOS on DATA frame from server."), new Metadata(),
                    false);
        }
    }

    /** The server reset the stream (reader thread). */
    void reset(int code) {
        Status s = switch (code) {
            case H2Frames.CANCEL -> Status.CANCELLED;
            case 0x7 -> Status.UNAVAILABLE; // REFUSED_STREAM
            case 0xb -> Status.RESOURCE_EXHAUSTED; // ENHANCE_YOUR_CALM
            case 0xc -> Status.PERMISSION_DENIED; // INADEQUATE_SECURITY
            default -> Status.INTERNAL;
        };
        end(s.withDescription("Received Rst Stream (HTTP/2 error code " + code + ")"), new Metadata(), false);
    }

    /** The connection ended or refused the call. */
    void closed(Status why) {
        end(why, new Metadata(), false);
    }

    /** Ends the call once: the close is delivered after the queued messages if it is OK, at once otherwise. */
    void end(Status s, Metadata md, boolean resetStream) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            status = s;
            trailers = md;
            if (!s.isOk()) {
                messages.clear();
            }
            if (timer != null) {
                timer.cancel(false);
            }
            if (listener != null) {
                deliver();
            }
        }
        conn.release(this, resetStream);
    }

    /** Hands over what is requested and queued, then the close when all is handed over (under the lock). */
    private void deliver() {
        while (requested > 0 && !messages.isEmpty()) {
            requested--;
            serial.execute(new Message<>(this, messages.poll()));
        }
        if (done && messages.isEmpty() && !closeDelivered && listener != null) {
            closeDelivered = true;
            serial.execute(new Close<>(this, status, trailers));
        }
    }

    private record Message<A>(H2Call<?, A> call, A message) implements Runnable {
        @Override
        public void run() {
            try {
                call.listener.onMessage(message);
            } catch (RuntimeException e) {
                call.end(Status.CANCELLED.withDescription("the listener failed").withCause(e), new Metadata(), true);
            }
        }
    }

    private record Close<A>(H2Call<?, A> call, Status status, Metadata trailers) implements Runnable {
        @Override
        public void run() {
            call.listener.onClose(status, trailers);
        }
    }

    /** Runs tasks one at a time, in order, on an executor (grpc's SerializingExecutor, in short). */
    static final class Serial implements Executor, Runnable {
        private final Executor base;
        private final Deque<Runnable> queue = new ArrayDeque<>();
        private boolean running;

        Serial(Executor base) {
            this.base = base;
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                queue.add(task);
                if (running) {
                    return;
                }
                running = true;
            }
            base.execute(this);
        }

        @Override
        public void run() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = queue.poll();
                    if (task == null) {
                        running = false;
                        return;
                    }
                }
                task.run();
            }
        }
    }
}
