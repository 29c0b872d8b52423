package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Assume;
import org.junit.Test;

import io.daos.control.itest.e2e.RunningNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Load (issue 16, point 5): {@code reliability.load.clients} concurrent clients (256), each with
 * its own channel and so its own TCP connection, each making {@code reliability.load.calls}
 * calls (1,000) back to back against one node (two emulated engines, one pool): health,
 * SystemQuery, ListPools and PoolQuery in turn ({@link Traffic}), every answer checked. All
 * clients connect and make a few unmeasured calls first, then start together. Passes only with
 * no error; p50, p99 and max latency (overall and per call) and the rate are printed and written to
 * {@code target/reliability-load.txt}. The quick profile makes 100 calls per client (the full
 * 256,000 calls take about 95 s on the 2-core CI machine, over the suite's budget), the long one
 * 1,000.
 */
public class ReliabilityLoadIT {

    private static final int WARMUP = 4;

    @Test
    public void everyCallOfManyConcurrentClientsIsAnswered() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        int clients = Profile.count("load.clients", 256, 256);
        // the full 256 x 1,000 takes 94 s on the 2-core CI machine (2,700 calls/s): the quick
        // profile makes 100 calls per client (about 10 s), the long one all 1,000
        int calls = Profile.count("load.calls", 100, 1000);
        try (RunningNode node = RunningNode.startFormatted("rel-load")) {
            long pid = node.pid();
            List<ManagedChannel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    channels.add(NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build());
                }
                String pool = Traffic.createPool(channels.get(0));
                long[][] nanos = new long[clients][calls];
                int[] done = new int[clients];
                long[][] perKind = new long[Traffic.KINDS.length][];
                AtomicInteger errors = new AtomicInteger();
                List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch ready = new CountDownLatch(clients);
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    Traffic traffic = new Traffic(channels.get(c), pool, node.instances());
                    Thread t = new Thread(() -> {
                        try {
                            for (int i = 0; i < WARMUP; i++) {
                                traffic.call(i);
                            }
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            firstErrors.add("warm-up: " + e);
                        } finally {
                            ready.countDown();
                        }
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < calls; i++) {
                            long t0 = System.nanoTime();
                            try {
                                traffic.call(client + i); // clients start at different calls of the cycle
                                nanos[client][done[client]++] = System.nanoTime() - t0;
                            } catch (RuntimeException e) {
                                if (errors.incrementAndGet() <= 5) {
                                    firstErrors.add(Traffic.KINDS[(client + i) % Traffic.KINDS.length] + ": " + e);
                                }
                            }
                        }
                    }, "load-client-" + c);
                    threads.add(t);
                    t.start();
                }
                assertTrue("clients connected", ready.await(120, TimeUnit.SECONDS));
                long t0 = System.nanoTime();
                go.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                Latencies all = new Latencies(nanos, done);
                StringBuilder report = new StringBuilder(String.format(
                        "load: %d clients x %d calls (health, SystemQuery, ListPools, PoolQuery in turn), %d cores:"
                                + " %s, %.0f calls/s, %.1f s, errors %d%n", clients, calls,
                        Runtime.getRuntime().availableProcessors(), all, all.count() / seconds, seconds, errors.get()));
                for (int k = 0; k < perKind.length; k++) {
                    report.append(String.format("  %-12s %s%n", Traffic.KINDS[k], kind(nanos, done, clients, k)));
                }
                System.out.print("[load] " + report);
                Files.writeString(Path.of("target", "reliability-load.txt"), report);
                assertEquals("errors (first: " + firstErrors + ")", 0, errors.get());
                assertEquals(clients * calls, all.count());
                assertTrue("the same server process", node.pid() == pid && node.process().isAlive());
            } finally {
                for (ManagedChannel ch : channels) {
                    ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The latencies of call kind {@code k} (client c's call i is kind (c + i) % 4). */
    private static Latencies kind(long[][] nanos, int[] done, int clients, int k) {
        long[][] runs = new long[clients][];
        int[] counts = new int[clients];
        int n = Traffic.KINDS.length;
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[done[c] / n + 1];
            int m = 0;
            for (int i = 0; i < done[c]; i++) {
                if ((c + i) % n == k) {
                    mine[m++] = nanos[c][i];
                }
            }
            runs[c] = mine;
            counts[c] = m;
        }
        return new Latencies(runs, counts);
    }
}
