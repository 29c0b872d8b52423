package io.daos.control.itest.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.google.protobuf.Descriptors.MethodDescriptor;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;

/**
 * Sends mutated requests ({@link RequestMutator}) to one gRPC method as raw bytes through a
 * {@link ClientCall}, each with a deadline, and counts how each ended ({@link #classify}).
 * Unary and streaming methods alike: one request message, then half-close; a streamed answer
 * counts as answered at its first message (the call is then cancelled, so an endless stream such
 * as health Watch is not mistaken for a hang). Request {@code i} of method {@code M} is built
 * from {@link RequestMutator#requestSeed}{@code (seed, M, i)}, so a finding is reproduced from
 * the seed, the method and the index alone.
 */
public final class GrpcFuzzer {

    /** Sent and received as they are. */
    static final Marshaller<byte[]> BYTES = new Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** A batch stops early after this many deadlines (each costs the whole deadline). */
    static final int MAX_DEADLINES = 5;

    private final Channel channel;
    private final RequestMutator mutator;
    private final long seed;
    private final long deadlineMs;
    private final Tally tally;

    public GrpcFuzzer(Channel channel, RequestMutator mutator, long seed, long deadlineMs, Tally tally) {
        this.channel = channel;
        this.mutator = mutator;
        this.seed = seed;
        this.deadlineMs = deadlineMs;
        this.tally = tally;
    }

    /**
     * Sends requests {@code from} to {@code to - 1} to {@code method}, {@code parallel} at a time;
     * stops early when {@code alive} turns false or after {@link #MAX_DEADLINES} deadlines.
     *
     * @return false if the server died during the batch
     */
    public boolean batch(MethodDescriptor method, int from, int to, int parallel, BooleanSupplier alive)
            throws InterruptedException {
        return run(List.of(method), ServedMethods.fullName(method), from, to, parallel, alive);
    }

    /**
     * The same with each request sent to a method picked at random from {@code methods}, so that
     * different state-changing requests race each other (StopRanks against StartRanks, ...);
     * counted under {@code label}, request {@code i} from {@code requestSeed(seed, label, i)}.
     */
    public boolean mixed(List<MethodDescriptor> methods, String label, int from, int to, int parallel,
            BooleanSupplier alive) throws InterruptedException {
        return run(methods, label, from, to, parallel, alive);
    }

    private boolean run(List<MethodDescriptor> methods, String label, int from, int to, int parallel,
            BooleanSupplier alive) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean died = new AtomicBoolean();
        AtomicInteger deadlines = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "fuzz " + label);
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = from; i < to; i++) {
                int index = i;
                pool.execute(() -> {
                    if (stop.get()) {
                        return;
                    }
                    long rs = RequestMutator.requestSeed(seed, label, index);
                    Random rnd = new Random(rs);
                    MethodDescriptor method = methods.size() == 1 ? methods.get(0)
                            : methods.get(rnd.nextInt(methods.size()));
                    RequestMutator.Request req = mutator.next(method.getInputType(), rnd);
                    Outcome o;
                    try {
                        o = send(rpc(method), req, alive, label, index, rs);
                    } catch (RuntimeException e) { // the harness's own failure: counted, never lost
                        tally.problem(label + " #" + index + ": the fuzzer failed: " + e);
                        return;
                    }
                    if (o == Outcome.CRASH) {
                        died.set(true);
                        stop.set(true);
                    } else if (o == Outcome.DEADLINE && deadlines.incrementAndGet() >= MAX_DEADLINES) {
                        stop.set(true);
                    }
                });
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(deadlineMs * (to - from) + 60_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        }
        return !died.get();
    }

    private static io.grpc.MethodDescriptor<byte[], byte[]> rpc(MethodDescriptor method) {
        return io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type(method)).setFullMethodName(ServedMethods.fullName(method))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    private static MethodType type(MethodDescriptor m) {
        if (m.isClientStreaming()) {
            return m.isServerStreaming() ? MethodType.BIDI_STREAMING : MethodType.CLIENT_STREAMING;
        }
        return m.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY;
    }

    private Outcome send(io.grpc.MethodDescriptor<byte[], byte[]> rpc, RequestMutator.Request req,
            BooleanSupplier alive, String label, int index, long requestSeed) {
        ClientCall<byte[], byte[]> call = channel.newCall(rpc,
                CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        AtomicBoolean answered = new AtomicBoolean();
        long t0 = System.nanoTime();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                answered.set(true);
                if (rpc.getType() != MethodType.UNARY) {
                    call.cancel("fuzz: first streamed message received", null);
                }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(2);
        try {
            call.sendMessage(req.bytes());
            call.halfClose();
        } catch (IllegalStateException cancelledByUs) {
            // a streaming answer came before our half-close and onMessage cancelled the call:
            // answered; onClose still reports the cancellation below
            if (!answered.get()) {
                throw cancelledByUs;
            }
        }
        Status status;
        try {
            status = closed.get(deadlineMs + 30_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            call.cancel("fuzz: no close seen", e);
            status = Status.DEADLINE_EXCEEDED.withDescription("no close seen by the client: " + e);
        }
        long elapsed = System.nanoTime() - t0;
        Outcome o = classify(status, answered.get(), elapsed, TimeUnit.MILLISECONDS.toNanos(deadlineMs),
                alive.getAsBoolean());
        String desc = String.valueOf(status.getDescription());
        tally.add(label, o, (label.equals(rpc.getFullMethodName()) ? "" : rpc.getFullMethodName() + " ")
                + "#" + index + " kind=" + req.kind() + " bytes=" + req.bytes().length
                + " requestSeed=" + requestSeed + " after " + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms: "
                + status.getCode() + " (" + desc.length() + " chars) "
                + desc.substring(0, Math.min(160, desc.length()))
                + (status.getCause() == null ? "" : " cause=" + status.getCause()));
        return o;
    }

    /**
     * How a call ended: answered; else a crash when the server is gone; else our deadline
     * (DEADLINE_EXCEEDED once nearly all of it passed; one the server reports early is its own
     * error); else broken for a status made by the client's transport (it carries a cause: a
     * status from the server never does) or a message over {@link Tally#MAX_MESSAGE}; else a
     * clean error.
     */
    static Outcome classify(Status status, boolean answered, long elapsedNanos, long deadlineNanos,
            boolean serverAlive) {
        if (status.isOk() || answered && status.getCode() == Status.Code.CANCELLED) {
            return Outcome.OK;
        }
        if (!serverAlive) {
            return Outcome.CRASH;
        }
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && elapsedNanos >= deadlineNanos * 9 / 10) {
            return Outcome.DEADLINE;
        }
        String d = status.getDescription();
        if (status.getCause() != null || d != null && d.length() > Tally.MAX_MESSAGE) {
            return Outcome.BROKEN;
        }
        return Outcome.ERROR;
    }
}
