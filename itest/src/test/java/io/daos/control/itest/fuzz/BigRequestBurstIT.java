package io.daos.control.itest.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Test;

import io.daos.control.itest.e2e.RunningNode;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/**
 * A burst of maximum-size requests (just under the 4 MiB inbound limit) on many connections at
 * once, against a node whose JVM has 32 MiB of direct memory and a 96 MiB heap (etc/jvm.options).
 * Before the inbound budget (rpc-server's InboundBudget) such a burst exhausted the direct
 * memory: Netty's failed allocation closed every connection concerned (GOAWAY INTERNAL_ERROR,
 * "Cannot reserve 2097152 bytes of direct buffer memory"), and parsing many at once could exhaust
 * the heap, on which the JVM exits. Now every call must end with an answer or a status from the
 * server (RESOURCE_EXHAUSTED for those over the budget; at least one is), none with a transport
 * failure, and the same server process answers health and SystemQuery afterwards.
 */
public class BigRequestBurstIT {

    /** The largest body under grpc-java's 4 MiB limit, with room for the field's tag and length. */
    private static final int BIG = RequestMutator.MAX_INBOUND - 64;

    @Test
    public void aBurstOfMaximumSizeRequestsIsRefusedNotFatal() throws Exception {
        Assume.assumeTrue("the node needs root (ram SCM is a tmpfs mount)", RunningNode.isRoot());
        int connections = Integer.getInteger("burst.connections", 32);
        int perConnection = Integer.getInteger("burst.calls", 3);
        try (RunningNode node = RunningNode.startFormatted("fuzz-burst")) {
            long pid = node.pid();
            List<ManagedChannel> channels = new ArrayList<>();
            Map<String, Integer> outcomes = new TreeMap<>();
            List<String> bad = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    channels.add(GrpcFuzzIT.channel(node.port()));
                }
                String big = "u".repeat(BIG);
                PoolCreateReq create = PoolCreateReq.newBuilder().setUser(big).build();
                HealthCheckRequest check = HealthCheckRequest.newBuilder().setService(big).build();
                List<CompletableFuture<Status>> calls = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int round = 0; round < perConnection; round++) {
                    for (int i = 0; i < connections; i++) {
                        CompletableFuture<Status> done = new CompletableFuture<>();
                        calls.add(done);
                        if ((i + round) % 2 == 0) {
                            MgmtSvcGrpc.newStub(channels.get(i)).withDeadlineAfter(60, TimeUnit.SECONDS)
                                    .poolCreate(create, observer(done));
                        } else {
                            HealthGrpc.newStub(channels.get(i)).withDeadlineAfter(60, TimeUnit.SECONDS)
                                    .check(check, observer(done));
                        }
                    }
                }
                for (CompletableFuture<Status> c : calls) {
                    Status s = c.get(90, TimeUnit.SECONDS);
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    Outcome o = GrpcFuzzer.classify(s, false, 0, TimeUnit.SECONDS.toNanos(60), node.process().isAlive());
                    outcomes.merge(s.getCode() + " " + o.label, 1, Integer::sum);
                    if (o != Outcome.OK && o != Outcome.ERROR && bad.size() < 5) {
                        bad.add(o.label + " after " + ms + " ms: " + s + " cause=" + s.getCause());
                    }
                }
                System.out.printf("[burst] %d x %d requests of %d bytes: %s%n", connections, perConnection, BIG,
                        outcomes);
                assertTrue("server pid " + pid + " alive; stderr " + node.stderrTail(10),
                        node.pid() == pid && node.process().isAlive());
                assertTrue("every call answered or refused by the server: " + outcomes + " " + bad, bad.isEmpty());
                assertTrue("the budget refused some: " + outcomes,
                        outcomes.keySet().stream().anyMatch(k -> k.startsWith("RESOURCE_EXHAUSTED")));
                // the same process serves ordinary calls, on a burst connection too
                assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channels.get(0))
                        .withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                        .getStatus());
                assertEquals(2, MgmtCtlGrpc.newBlockingStub(channels.get(1)).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersCount());
            } finally {
                for (ManagedChannel ch : channels) {
                    ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
                }
                // the server's side of a failure, kept beside the other reports
                java.nio.file.Files.copy(node.log(), java.nio.file.Path.of("target", "burst-server.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static <T> StreamObserver<T> observer(CompletableFuture<Status> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                // an answer: OK follows
            }

            @Override
            public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                done.complete(Status.OK);
            }
        };
    }
}
