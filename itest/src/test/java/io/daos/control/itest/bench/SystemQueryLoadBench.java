package io.daos.control.itest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * SystemQuery under load (a measurement, not a test): one formatted node (two emulated engines,
 * ram SCM, so root is needed) on a private copy of the distribution, {@code bench.clients}
 * concurrent clients (default 64, each its own channel) that each send {@code bench.calls}
 * SystemQuery calls (default 100) back to back after {@code bench.warmup} unmeasured ones
 * (default 5), all starting together. Prints p50, p99 and max latency, the error count and the
 * rate. The number to keep (issue 10): p50/p99 68/214 ms with 0 errors before the issue.
 *
 * <p>Run (after building the distribution):
 * {@code mvn -B -o -pl itest -Pbench verify -Dbench=SystemQueryLoadBench}
 * or {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.bench.SystemQueryLoadBench [-Dbench.clients=64 -Dbench.calls=100]}
 */
public final class SystemQueryLoadBench {

    private SystemQueryLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (!RunningNode.isRoot()) {
            System.out.println("SystemQueryLoadBench needs root (ram SCM is a real tmpfs mount): not run");
            return;
        }
        int clients = Integer.getInteger("bench.clients", 64);
        int calls = Integer.getInteger("bench.calls", 100);
        int warmup = Integer.getInteger("bench.warmup", 5);
        try (RunningNode node = RunningNode.startFormatted("sq-bench")) {
            List<ManagedChannel> channels = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build());
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (ManagedChannel ch : channels) {
                Thread t = new Thread(() -> {
                    MgmtCtlGrpc.MgmtCtlBlockingStub stub = MgmtCtlGrpc.newBlockingStub(ch);
                    for (int i = 0; i < warmup; i++) {
                        call(stub, null, errors, firstErrors);
                    }
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < calls; i++) {
                        call(stub, latencies, errors, firstErrors);
                    }
                }, "sq-client");
                threads.add(t);
                t.start();
            }
            ready.await();
            errors.set(0);
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (ManagedChannel ch : channels) {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
            List<Long> s = new ArrayList<>(latencies);
            Collections.sort(s);
            System.out.printf("%nSystemQuery under load: %d clients x %d calls, %d cores, 2 emulated engines%n",
                    clients, calls, Runtime.getRuntime().availableProcessors());
            System.out.printf("RESULT systemquery_%dclients p50=%.1f ms p99=%.1f ms max=%.1f ms errors=%d n=%d"
                    + " rate=%.0f/s (baseline before issue 10: p50=68 p99=214 errors=0)%n", clients,
                    pct(s, 50), pct(s, 99), s.isEmpty() ? 0.0 : s.get(s.size() - 1) / 1e6, errors.get(), s.size(),
                    s.size() / seconds);
            if (!firstErrors.isEmpty()) {
                System.out.println("first errors: " + firstErrors);
            }
        }
    }

    private static void call(MgmtCtlGrpc.MgmtCtlBlockingStub stub, List<Long> latencies, AtomicInteger errors,
            List<String> firstErrors) {
        long t0 = System.nanoTime();
        try {
            stub.withDeadlineAfter(30, TimeUnit.SECONDS).systemQuery(SystemQueryReq.getDefaultInstance());
            if (latencies != null) {
                latencies.add(System.nanoTime() - t0);
            }
        } catch (StatusRuntimeException e) {
            errors.incrementAndGet();
            if (firstErrors.size() < 5) {
                firstErrors.add(e.getStatus().toString());
            }
        }
    }

    /** The {@code p}th percentile (nearest rank) of sorted nanoseconds, in ms. */
    static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
    }
}
