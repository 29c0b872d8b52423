package io.daos.control.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Assert;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.net.HostPort;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Shared helpers of the client tests. */
final class Fixtures {

    /** A generous deadline for calls that are expected to be answered. */
    static final Duration LONG = Duration.ofSeconds(30);

    /** Plaintext, as the production transport without a configuration. */
    static final Transport PLAINTEXT = target -> NettyChannelBuilder.forAddress(target.host(), target.port(),
            InsecureChannelCredentials.create());

    private Fixtures() {
    }

    /** A cache with the real clock and the given idle time. */
    static ChannelCache cache(Duration idle) {
        return new ChannelCache(PLAINTEXT, idle, System::nanoTime, "test-client");
    }

    /** The failure of a future that must fail, as a ClientException. */
    static ClientException failure(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientException ce) {
                return ce;
            }
            throw new AssertionError("not a ClientException", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not end", e);
        }
        throw new AssertionError("the call succeeded");
    }

    /**
     * Runs the blocking {@code call} on a thread of its own, interrupts that thread once the server
     * holds the call in {@code hold}, and asserts that the caller got an InterruptedException and
     * that the server saw its call cancelled.
     */
    static void assertInterruptCancels(TestServer.Hold hold, Callable<?> call) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(call.call());
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        caller.start();
        Assert.assertTrue("the server got the call", hold.awaitEntered());
        caller.interrupt();
        caller.join(60_000);
        Assert.assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof InterruptedException);
        Assert.assertTrue("the server saw the call cancelled", hold.awaitCancelled());
    }

    /** A port on 127.0.0.1 where nothing listens (a server's, after it was closed). */
    static HostPort closedPort() throws Exception {
        HostPort a;
        try (TestServer s = TestServer.start()) {
            a = s.address();
        }
        return a;
    }

    /** The live threads whose name starts with {@code prefix}. */
    static List<Thread> threads(String prefix) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix + "-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }
}
