package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.Assume;
import org.junit.Test;

import io.daos.control.itest.e2e.MgmtCalls;
import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.itest.reliability.Flatness.Sample;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/**
 * Soak (issue 16, point 5): mixed traffic against one node for {@code reliability.soak.seconds}
 * (quick 30, long 3,600) while the server process's VmRSS, threads and file descriptors are
 * sampled every {@code reliability.soak.sample.ms} (quick 1,000, long 10,000) and asserted flat
 * by {@link Flatness}. The traffic: {@code reliability.soak.clients} (16) steady clients cycling
 * through {@link Traffic}'s calls, and one churn client that opens a new connection for each
 * call, creates and destroys a pool every tenth time and sends a request the server must refuse
 * (a pool uuid that does not parse). Every steady and churn call must succeed. The thread
 * tolerance of the thirds rule is one per client (the call executor and the ping pool grow to the
 * peak concurrency they have seen, which a short run keeps finding). After the traffic stops and
 * the connections are closed, descriptors and threads must come back to the idle baseline
 * ({@link Flatness#threadsBack}: in the quick profile, which does not wait out the pools' 30 and
 * 60 s keep-alive, the idle workers of those two pools are excepted, bounded by their caps).
 */
public class SoakIT {

    private static final long RSS_TOLERANCE_KB = 8 << 10;
    private static final int THREAD_SLACK = 4;
    private static final int FD_SLACK = 4;

    @Test
    public void memoryThreadsAndDescriptorsStayFlatUnderMixedTraffic() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        int seconds = Profile.count("soak.seconds", 30, 3600);
        int periodMs = Profile.count("soak.sample.ms", 1000, 10_000);
        int clients = Profile.count("soak.clients", 16, 16);
        int settleS = Profile.count("soak.settle.seconds", 15, 90);
        try (RunningNode node = RunningNode.startFormatted("rel-soak")) {
            long pid = node.pid();
            ManagedChannel admin = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
            List<ManagedChannel> channels = new ArrayList<>();
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                String pool = Traffic.createPool(admin);
                Sample idle = Sample.of(pid, 0);
                Map<String, Integer> idleThreads = Flatness.threadNames(pid);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong calls = new AtomicLong();
                List<String> errors = Collections.synchronizedList(new ArrayList<>());
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
                    channels.add(ch);
                    Traffic traffic = new Traffic(ch, pool, node.instances());
                    int first = c;
                    threads.add(client("soak-client-" + c, stop, errors, () -> {
                        traffic.call(first + (int) calls.getAndIncrement());
                    }));
                }
                AtomicLong churns = new AtomicLong();
                threads.add(client("soak-churn", stop, errors, () -> churn(node.port(), pool, churns.getAndIncrement())));
                long t0 = System.nanoTime();
                sampler.scheduleAtFixedRate(() -> {
                    try {
                        samples.add(Sample.of(pid, (System.nanoTime() - t0) / 1e9));
                    } catch (Exception e) {
                        errors.add("sample: " + e);
                    }
                }, 0, periodMs, TimeUnit.MILLISECONDS);
                threads.forEach(Thread::start);
                long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end && errors.isEmpty()) {
                    LockSupport.parkNanos(Math.min(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(1))); // pacing only
                }
                stop.set(true);
                sampler.shutdown();
                assertTrue(sampler.awaitTermination(30, TimeUnit.SECONDS));
                for (Thread t : threads) {
                    t.join(60_000);
                }
                for (ManagedChannel ch : channels) {
                    ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                }
                // the quick profile does not wait out the pools' keep-alive: only for the descriptors
                Sample after = settle(pid, idle, Profile.isLong() ? idle.proc().threads() + THREAD_SLACK
                        : Integer.MAX_VALUE, settleS);
                Map<String, Integer> afterThreads = Flatness.threadNames(pid);
                List<String> problems = new ArrayList<>(Flatness.judge(samples, RSS_TOLERANCE_KB, clients + 1,
                        FD_SLACK));
                if (after.proc().fds() > idle.proc().fds() + FD_SLACK) {
                    problems.add("descriptors did not come back: " + after.proc().fds() + " > idle " + idle.proc().fds()
                            + " + " + FD_SLACK);
                }
                problems.addAll(Flatness.threadsBack(idleThreads, afterThreads, THREAD_SLACK, !Profile.isLong()));
                String memory = jcmd(pid, "GC.heap_info") + jcmd(pid, "VM.native_memory", "summary");
                String report = String.format("soak: %d s, %d steady clients + churn, %d calls, %d churn cycles,"
                        + " %d samples every %d ms%n  idle  %s%n  after %s%n  samples:%n", seconds, clients, calls.get(),
                        churns.get(), samples.size(), periodMs, idle, after)
                        + String.join("", samples.stream().map(s -> "    " + s + "\n").toList())
                        + (problems.isEmpty() ? "  flat\n" : "  NOT flat: " + problems + "\n  threads idle "
                                + idleThreads + "\n  threads after " + afterThreads + "\n")
                        + "  the server's memory at the end (native memory tracking when JAVA_OPTS has"
                        + " -XX:NativeMemoryTracking=summary):\n" + memory;
                System.out.print("[soak] " + report);
                Files.writeString(Path.of("target", "reliability-soak.txt"), report);
                assertEquals("errors", List.of(), errors);
                assertEquals(List.of(), problems);
                assertTrue("the same server process", node.pid() == pid && node.process().isAlive());
                assertEquals("engines", node.instances(), node.engines().size());
            } finally {
                sampler.shutdownNow();
                for (ManagedChannel ch : channels) {
                    ch.shutdownNow();
                }
                admin.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A thread that runs {@code step} until {@code stop}, recording the first failures and stopping at one. */
    private static Thread client(String name, AtomicBoolean stop, List<String> errors, Runnable step) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    if (errors.size() < 5) {
                        errors.add(name + ": " + e);
                    }
                    stop.set(true);
                }
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * One churn cycle on a new connection: a checked call, a refused request, and every tenth
     * cycle a pool created and destroyed; the connection is closed before the next cycle.
     */
    private static void churn(int port, String pool, long cycle) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            new Traffic(ch, pool, 2).call((int) cycle);
            try {
                var r = MgmtSvcGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .poolQuery(PoolQueryReq.newBuilder().setUuid("not-a-uuid").build());
                if (r.getStatus() == 0) {
                    throw new IllegalStateException("PoolQuery of 'not-a-uuid' succeeded: " + r);
                }
            } catch (StatusRuntimeException refused) {
                // the expected answer: an error status
            }
            if (cycle % 10 == 0) {
                String uuid = Traffic.createPool(ch);
                var d = MgmtSvcGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .poolDestroy(PoolDestroyReq.newBuilder().setUuid(uuid).setSys(MgmtCalls.SYS).build());
                if (d.getStatus() != 0) {
                    throw new IllegalStateException("PoolDestroy: " + d);
                }
            }
        } finally {
            ch.shutdownNow();
            try {
                ch.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Samples the server (paced, 200 ms) until its descriptors are back within the slack of
     * {@code idle} and its threads within {@code threadAllowance}, or {@code seconds} passed; the last sample.
     */
    private static Sample settle(long pid, Sample idle, int threadAllowance, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Sample s = Sample.of(pid, 0);
        while ((s.proc().fds() > idle.proc().fds() + FD_SLACK || s.proc().threads() > threadAllowance)
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            s = Sample.of(pid, 0);
        }
        return s;
    }

    /** {@code jcmd <pid> <command...>}'s output (JDK of this JVM), or why there is none. */
    private static String jcmd(long pid, String... command) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) ? out : "jcmd " + command[0] + ": no answer in 30 s\n";
        } catch (Exception e) {
            return "jcmd " + command[0] + ": " + e + "\n";
        }
    }
}
