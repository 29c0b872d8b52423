package io.daos.control.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.daos.control.itest.support.TestFiles;

/**
 * The Ratis wrapper bundle inside Felix, used from another bundle (the probe) with no class
 * loader workaround of its own: a one-peer RaftServer on the Netty transport (free port, storage
 * in a temp dir) with a counter state machine becomes leader, applies writes sent by a
 * RaftClient and answers a read-only query with their sum; once client and server are closed
 * no thread they started is left, and the wrapper stops and starts again. Prints the cold start
 * to a ready leader and the write latencies as {@code [measure]} lines.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RatisBundleIT {

    static final String RATIS_BSN = "io.daos.control.ratis.runtime";
    private static final int WRITES = 200;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<File> bundles = List.of(Provisioning.reactorBundle("bundles/ratis-runtime", RATIS_BSN));
        return Provisioning.paxOptions(getClass(), null, bundles).toArray(new Option[0]);
    }

    /** Adds the number each write carries; a query returns the sum. */
    static final class Counter extends BaseStateMachine {
        private final AtomicLong sum = new AtomicLong();
        final CompletableFuture<Void> leaderReady = new CompletableFuture<>();

        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            LogEntryProto entry = trx.getLogEntry();
            long add = Long.parseLong(entry.getStateMachineLogEntry().getLogData().toStringUtf8());
            long now = sum.addAndGet(add);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            return CompletableFuture.completedFuture(Message.valueOf(Long.toString(now)));
        }

        @Override
        public CompletableFuture<Message> query(Message request) {
            return CompletableFuture.completedFuture(Message.valueOf(Long.toString(sum.get())));
        }

        @Override
        public void notifyLeaderReady() {
            leaderReady.complete(null);
        }
    }

    private static String text(RaftClientReply reply) {
        assertTrue("reply succeeded: " + reply, reply.isSuccess());
        return reply.getMessage().getContent().toString(StandardCharsets.UTF_8);
    }

    @Test
    public void aOnePeerServerServesWritesAndLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Path storage = Files.createTempDirectory("ratis-it");
        int port = TestFiles.freePort();
        try {
            RaftProperties props = new RaftProperties();
            RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
            NettyConfigKeys.Server.setPort(props, port);
            RaftServerConfigKeys.setStorageDir(props, List.of(storage.toFile()));
            RaftPeerId id = RaftPeerId.valueOf("p0");
            RaftPeer peer = RaftPeer.newBuilder().setId(id).setAddress("127.0.0.1:" + port).build();
            RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), peer);
            Counter counter = new Counter();

            long t0 = System.nanoTime();
            RaftServer server = RaftServer.newBuilder().setServerId(id).setGroup(group).setProperties(props)
                    .setStateMachine(counter).build();
            try {
                server.start();
                counter.leaderReady.get(30, TimeUnit.SECONDS);
                long coldStart = System.nanoTime() - t0;
                assertTrue("p0 leads", server.getDivision(group.getGroupId()).getInfo().isLeader());

                long[] latency = new long[WRITES];
                long expected = 0;
                try (RaftClient client = RaftClient.newBuilder().setProperties(props).setRaftGroup(group).build()) {
                    for (int i = 1; i <= WRITES; i++) {
                        expected += i;
                        long w0 = System.nanoTime();
                        RaftClientReply reply = client.io().send(Message.valueOf(Integer.toString(i)));
                        latency[i - 1] = System.nanoTime() - w0;
                        assertEquals("sum after write " + i, Long.toString(expected), text(reply));
                    }
                    assertEquals(Long.toString(expected), text(client.io().sendReadOnly(Message.valueOf("sum"))));
                }
                Arrays.sort(latency);
                System.out.printf("[measure] ratis one peer (netty, in Felix): cold start to ready leader %.0f ms%n",
                        coldStart / 1e6);
                System.out.printf("[measure] ratis one peer (netty, in Felix): %d writes, p50 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms (the first write included)%n", WRITES, latency[WRITES / 2] / 1e6,
                        latency[WRITES * 99 / 100] / 1e6, latency[WRITES - 1] / 1e6);
            } finally {
                server.close();
            }
            assertNoNewThreads(before);

            Bundle ratis = bundle(RATIS_BSN);
            ratis.stop();
            assertEquals(Bundle.RESOLVED, ratis.getState());
            ratis.start();
            assertEquals(Bundle.ACTIVE, ratis.getState());
        } finally {
            TestFiles.deleteTree(storage);
        }
    }

    /** Every thread started since {@code before} ends (bounded wait by join: 30 s in all). */
    private static void assertNoNewThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (before.contains(t) || t.getName().startsWith("ForkJoinPool.commonPool")) {
                continue;   // the JDK's shared pool (CompletableFuture's default executor)
            }
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                alive.add(t.getName());
            }
        }
        assertEquals("threads left after the server and client closed", List.of(), alive);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        assertNotNull("bundle " + bsn + " installed", null);
        return null;
    }

}
