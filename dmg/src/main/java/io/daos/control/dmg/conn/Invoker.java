package io.daos.control.dmg.conn;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;

/**
 * Runs a command's calls over {@link Connections} in the two ways of SPEC-SYSTEM §3.3:
 * {@link #single} to the single target (the first active address), {@link #multi} to every active
 * connection at once, results keyed by address with each host's error kept. Every failure comes
 * back as an {@link RpcError} (the server's fault, or the Go status text).
 *
 * <p>Calls carry no deadline unless one is given; the reference gives network scan
 * {@link #NETWORK_SCAN_DEADLINE} and storage format {@link #STORAGE_FORMAT_DEADLINE}. A deadline
 * counts from the start of each call the {@link Call} makes.
 */
public final class Invoker {

    /** No deadline: the call waits for its answer. */
    public static final Duration NO_DEADLINE = null;
    /** The deadline of {@code network scan}. */
    public static final Duration NETWORK_SCAN_DEADLINE = Duration.ofSeconds(10);
    /** The deadline of {@code storage format}. */
    public static final Duration STORAGE_FORMAT_DEADLINE = Duration.ofMinutes(120);

    private final Connections connections;

    /** An invoker over these connections (it does not close them). */
    public Invoker(Connections connections) {
        this.connections = connections;
    }

    /** One host's part of a command: the calls it makes on the channel given (a stub's blocking calls). */
    @FunctionalInterface
    public interface Call<R> {
        /** Makes the calls and returns what the command needs of them. */
        R call(Channel channel) throws Exception;
    }

    /** One host's outcome in {@link #multi}: a value or an error, never both. */
    public record Result<R>(R value, RpcError error) {
        /** Whether the host answered. */
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * The call on the single target.
     *
     * @param deadline per call; null ({@link #NO_DEADLINE}) for none
     * @throws RpcError {@code no active connections}, or the call's error
     */
    public <R> R single(Call<R> call, Duration deadline) throws RpcError {
        String target = connections.first();
        try {
            return call.call(channel(connections.active().get(target), deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcError("interrupted");
        } catch (Exception e) {
            throw RpcError.of(e);
        }
    }

    /**
     * The call on every active connection at once.
     *
     * @param deadline per call; null ({@link #NO_DEADLINE}) for none
     * @return each active address, in {@link Connections#ADDRESS_ORDER}, with its value or error
     * @throws RpcError {@code no active connections}
     */
    public <R> SortedMap<String, Result<R>> multi(Call<R> call, Duration deadline) throws RpcError {
        connections.first();
        Map<String, Future<R>> running = new LinkedHashMap<>();
        for (Map.Entry<String, Channel> e : connections.active().entrySet()) {
            Channel channel = channel(e.getValue(), deadline);
            running.put(e.getKey(), connections.executor().submit(() -> call.call(channel)));
        }
        SortedMap<String, Result<R>> results = new TreeMap<>(Connections.ADDRESS_ORDER);
        for (Map.Entry<String, Future<R>> e : running.entrySet()) {
            try {
                results.put(e.getKey(), new Result<>(e.getValue().get(), null));
            } catch (ExecutionException x) {
                results.put(e.getKey(), new Result<>(null, RpcError.of(x.getCause())));
            } catch (InterruptedException x) {
                running.values().forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new RpcError("interrupted");
            }
        }
        return results;
    }

    private static Channel channel(Channel channel, Duration deadline) {
        if (deadline == null) {
            return channel;
        }
        long nanos = deadline.toNanos();
        return ClientInterceptors.intercept(channel, new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options,
                    Channel next) {
                return next.newCall(method, options.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS));
            }
        });
    }
}
