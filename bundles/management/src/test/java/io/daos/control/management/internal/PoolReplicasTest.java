package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.POOL;
import static io.daos.control.management.internal.PoolFixture.POOL_ID;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Rank;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;

/**
 * {@link PoolReplicas}: a local replica is called through the harness, a remote one through its
 * control server; reads take the first that answers, writes go to all; no answer is DER_TIMEDOUT
 * after calls bounded by the replica timeout.
 */
public class PoolReplicasTest {

    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static final PoolQueryReq QUERY = PoolQueryReq.newBuilder().setUuid(POOL).build();

    /** Ranks 0..3, rank r joined from 10.0.0.<r+1>:10001. */
    private final LocalStore store = new LocalStore();
    /** This server: instance 0 has rank 0, instance 1 has no rank yet. */
    private final StubHarness harness = new StubHarness(true) {
        @Override
        public List<LocalInstance> localInstances() {
            return List.of(new LocalInstance(0, "u0", Rank.of(0), true), new LocalInstance(1, null, null, false));
        }
    };
    private final FakePeers peers = new FakePeers();
    private PeerClient peerClient = peers;
    private final PoolReplicas replicas = new PoolReplicas(store, () -> harness, () -> peerClient, "sys", TIMEOUT);

    public PoolReplicasTest() {
        store.submit(new Command.Bootstrap(new UUID(0, 0), 0, "10.0.0.1:10001", "ofi+tcp://r0", 2));
        for (int r = 1; r < 4; r++) {
            store.submit(new Command.Join(new UUID(0, r), r, "10.0.0." + (r + 1) + ":10001", "ofi+tcp://r" + r, 2));
        }
        harness.instances = 2;
        harness.instanceCall = (index, method, body) -> query(100 + index);
    }

    /** A peer client whose engine calls answer as scripted per rank (default: a query reply of the rank). */
    static final class FakePeers implements PeerClient {
        record Call(HostPort host, int rank, int method, String system, Duration timeout) {
        }

        final List<Call> calls = new ArrayList<>();
        final Map<Integer, ClientException> failing = new HashMap<>();
        final Map<Integer, byte[]> replies = new HashMap<>();
        boolean interrupt;

        @Override
        public byte[] forward(HostPort leader, String fullMethodName, byte[] request, String peer, String system,
                Duration timeout) {
            throw new AssertionError("not used");
        }

        @Override
        public synchronized byte[] engineCall(HostPort host, int rank, int method, byte[] body, String system,
                Duration timeout) throws ClientException, InterruptedException {
            calls.add(new Call(host, rank, method, system, timeout));
            if (interrupt) {
                throw new InterruptedException();
            }
            ClientException e = failing.get(rank);
            if (e != null) {
                throw e;
            }
            return replies.getOrDefault(rank, query(rank));
        }

        @Override
        public void forget(HostPort host) {
        }

        List<Integer> ranks() {
            return calls.stream().map(Call::rank).toList();
        }
    }

    private static byte[] query(int totalTargets) {
        return PoolQueryResp.newBuilder().setTotaltargets(totalTargets).build().toByteArray();
    }

    private static ClientException unreachable() {
        return new ClientException(ClientException.Kind.UNREACHABLE, "connection refused", null);
    }

    private PoolQueryResp read(List<Long> ranks) {
        return replicas.first(ranks, DrpcIds.MGMT_POOL_QUERY, QUERY, PoolQueryResp.parser(), "PoolQuery",
                s -> PoolQueryResp.newBuilder().setStatus(s).build());
    }

    private PoolQueryResp write(List<Long> ranks) {
        return replicas.all(ranks, DrpcIds.MGMT_POOL_QUERY, QUERY, PoolQueryResp.parser(), "PoolQuery",
                s -> PoolQueryResp.newBuilder().setStatus(s).build());
    }

    @Test
    public void aLocalReplicaIsCalledThroughTheHarness() {
        assertEquals(100, read(List.of(0L)).getTotaltargets());
        assertEquals(1, harness.calls.size());
        assertEquals(0, harness.calls.get(0).index());
        assertEquals(DrpcIds.MGMT_POOL_QUERY, harness.calls.get(0).method());
        assertEquals(TIMEOUT, harness.calls.get(0).timeout());
        assertTrue(peers.calls.isEmpty());
    }

    @Test
    public void aRemoteReplicaIsCalledThroughTheControlServerItJoinedFrom() {
        assertEquals(2, read(List.of(2L)).getTotaltargets());
        assertEquals(List.of(new FakePeers.Call(HostPort.parse("10.0.0.3:10001"), 2, DrpcIds.MGMT_POOL_QUERY, "sys",
                TIMEOUT)), peers.calls);
        assertTrue(harness.calls.isEmpty());
    }

    @Test
    public void aReadTakesTheFirstReplicaThatAnswersAndGoesNoFurther() {
        peers.failing.put(1, unreachable());
        assertEquals(2, read(List.of(1L, 2L, 3L)).getTotaltargets());
        assertEquals(List.of(1, 2), peers.ranks());
    }

    @Test
    public void aReplyWithAnErrorStatusIsAnAnswer() {
        peers.replies.put(1, PoolQueryResp.newBuilder().setStatus(Der.NONEXIST).build().toByteArray());
        assertEquals(Der.NONEXIST, read(List.of(1L, 2L)).getStatus());
        assertEquals(List.of(1), peers.ranks());
    }

    @Test
    public void aWriteGoesToEveryReplicaAndAnswersWhatTheFirstReachableOneDid() {
        peers.failing.put(1, unreachable());
        assertEquals(2, write(List.of(1L, 2L, 3L)).getTotaltargets());
        assertEquals(List.of(1, 2, 3), peers.ranks());
    }

    @Test
    public void noReplicaReachableIsTimedOutWithEveryCallBoundedByTheReplicaTimeout() {
        for (int r = 1; r < 4; r++) {
            peers.failing.put(r, new ClientException(ClientException.Kind.TIMEOUT, "deadline exceeded", null));
        }
        assertEquals(Der.TIMEDOUT, read(List.of(1L, 2L, 3L)).getStatus());
        assertEquals(Der.TIMEDOUT, write(List.of(1L, 2L, 3L)).getStatus());
        assertEquals(6, peers.calls.size());
        assertTrue(peers.calls.stream().allMatch(c -> c.timeout().equals(TIMEOUT)));
    }

    @Test
    public void aLocalInstanceThatFailsIsNoAnswer() {
        harness.instanceCall = (index, method, body) -> {
            throw new IOException("no dRPC client set (data plane not started?)");
        };
        assertEquals(3, read(List.of(0L, 3L)).getTotaltargets());
        assertEquals(List.of(3), peers.ranks());
    }

    @Test
    public void withoutAPeerClientOrAMemberARemoteReplicaIsNoAnswer() {
        peerClient = null;
        assertEquals(Der.TIMEDOUT, read(List.of(1L)).getStatus());
        peerClient = peers;
        assertEquals("rank 9 is no member", Der.TIMEDOUT, read(List.of(9L)).getStatus());
        assertTrue(peers.calls.isEmpty());
    }

    @Test
    public void anInterruptedCallIsNoAnswerAndKeepsTheInterrupt() {
        peers.interrupt = true;
        try {
            assertEquals(Der.TIMEDOUT, read(List.of(1L)).getStatus());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    public void aGarbageReplyIsNoAnswer() {
        peers.replies.put(1, new byte[] {(byte) 0xff});
        assertEquals(2, read(List.of(1L, 2L)).getTotaltargets());
    }

    private int destroy(List<Long> ranks) {
        return replicas.destroy(POOL_ID, PoolReplicas.destroyRequest(POOL_ID, true), ranks);
    }

    private static byte[] destroyed(int status) {
        return PoolDestroyResp.newBuilder().setStatus(status).build().toByteArray();
    }

    @Test
    public void destroyIsDoneWhenEveryReplicaDestroyedOrLacksThePool() {
        peers.replies.put(1, destroyed(0));
        peers.replies.put(2, destroyed(Der.NONEXIST));
        assertEquals(Der.SUCCESS, destroy(List.of(1L, 2L)));
        assertEquals(DrpcIds.MGMT_POOL_DESTROY, peers.calls.get(0).method());
        peers.replies.put(1, destroyed(Der.NONEXIST));
        assertEquals("none held it", Der.NONEXIST, destroy(List.of(1L, 2L)));
        assertTrue(PoolReplicas.gone(Der.NONEXIST));
        assertFalse(PoolReplicas.gone(Der.TIMEDOUT));
    }

    @Test
    public void destroyWithAnUnreachableReplicaIsTimedOutAfterTellingTheOthers() {
        peers.replies.put(2, destroyed(0));
        peers.replies.put(3, destroyed(0));
        peers.failing.put(1, unreachable());
        assertEquals(Der.TIMEDOUT, destroy(List.of(1L, 2L, 3L)));
        assertEquals(List.of(1, 2, 3), peers.ranks());
    }

    @Test
    public void destroyRefusedByAReplicaAnswersItsStatusBeforeAnUnreachableOne() {
        peers.failing.put(1, unreachable());
        peers.replies.put(2, destroyed(-1012));
        assertEquals(-1012, destroy(List.of(1L, 2L)));
    }
}
