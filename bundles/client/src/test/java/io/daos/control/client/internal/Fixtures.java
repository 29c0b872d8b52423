package io.daos.control.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
