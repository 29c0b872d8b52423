package io.daos.control.management.internal.raft;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.testing.LogCapture;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;

/** The store over a real one-peer Ratis group (Netty on a free loopback port, storage in a temp dir). */
public class RaftStoreTest {

    private static final String SYSTEM = "daos_server";
    private static final UUID A = new UUID(1, 1);
    private static final UUID B = new UUID(1, 2);
    private static final UUID C = new UUID(1, 3);
    private static final UUID POOL = new UUID(2, 1);
    private static final UUID POOL2 = new UUID(2, 2);

    /** Ratis is chatty at INFO (the wrapper bundle quiets it the same way in Felix); held so the level stays. */
    private static final java.util.logging.Logger RATIS = java.util.logging.Logger.getLogger("org.apache.ratis");

    static {
        RATIS.setLevel(java.util.logging.Level.WARNING);
    }

    private Path dir;
    private final List<RaftStore> open = new ArrayList<>();

    @Before
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("raft-store");
    }

    @After
    public void tearDown() throws IOException {
        open.forEach(RaftStore::close);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((x, y) -> y.compareTo(x)).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    private RaftStore open(RaftStore.Tuning tuning) throws IOException {
        RaftStore s = RaftStore.open(dir, SYSTEM, "127.0.0.1", 0, tuning);
        open.add(s);
        return s;
    }

    private RaftStore open() throws IOException {
        return open(RaftStore.Tuning.DEFAULT);
    }

    /** Every command kind, successes and refusals. */
    static List<Command> everyKind() {
        return List.of(
                new Command.Bootstrap(A, 0, "10.0.0.1:10001", "ofi+tcp://a", 2),
                new Command.Join(B, SystemDb.NIL_RANK, "10.0.0.2:10001", "ofi+tcp://b", 2),
                new Command.Join(C, 5, "10.0.0.3:10001", "ofi+tcp://c", 4),
                new Command.Join(new UUID(1, 4), 5, "10.0.0.4:10001", "ofi+tcp://d", 4),   // EXIST
                new Command.UpdateState(1, MemberState.ERRORED, "up"),
                new Command.UpdateState(5, MemberState.EVICTED, "gone"),
                new Command.UpdateState(9, MemberState.STOPPED, "none"),                   // NONEXIST
                new Command.UpdateStates(List.of(new Command.UpdateState(0, MemberState.STOPPED, "stage"),
                        new Command.UpdateState(1, MemberState.UNRESPONSIVE, "stage"))),
                new Command.UpdateStates(List.of(new Command.UpdateState(9, MemberState.STARTED, ""),  // NONEXIST
                        new Command.UpdateState(0, MemberState.STARTED, ""))),
                new Command.PoolCreateBegin(POOL, List.of(0L, 1L), 100, 200),
                new Command.PoolReady(POOL, List.of(0L)),
                new Command.PoolCreateBegin(POOL2, List.of(0L), 1, 2),
                new Command.PoolDestroyBegin(POOL),
                new Command.PoolRemove(POOL2),
                new Command.PoolRemove(POOL2));                                            // NONEXIST
    }

    /** A local store fed the same commands, then marked as a restarted process would be. */
    private static SystemDb expectedAfterRestart(List<Command> commands) {
        LocalStore local = new LocalStore();
        commands.forEach(local::submit);
        SystemDb db = SystemDb.restore(local.view().snapshot());
        db.markRestarted();
        return db;
    }

    @Test
    public void everyCommandKindIsAppliedAndAnsweredAsLocally() throws IOException {
        RaftStore store = open();
        LocalStore local = new LocalStore();
        for (Command c : everyKind()) {
            assertEquals(c.toString(), local.submit(c), store.submit(c));
        }
        assertEquals(local.view(), store.view());
        assertTrue(store.view().pool(POOL).isPresent());
    }

    @Test
    public void restartRestoresTheStateExactlyWithMembersStopped() throws IOException {
        List<Command> commands = everyKind();
        try (RaftStore store = open()) {
            commands.forEach(store::submit);
        }
        RaftStore again = open();
        SystemDb expected = expectedAfterRestart(commands);
        assertEquals(expected, again.view());
        assertEquals(MemberState.STOPPED, again.view().member(0).orElseThrow().state());
        assertEquals(SystemDb.RESTART_REASON, again.view().member(1).orElseThrow().reason());
        assertEquals("an evicted member stays evicted", MemberState.EVICTED,
                again.view().member(5).orElseThrow().state());
        // the marking went through the log: a second restart finds it there and changes nothing
        again.close();
        assertEquals(expected, open().view());
    }

    @Test
    public void snapshotIsTakenAfterTheThresholdAndTheLogPurged() throws IOException {
        RaftStore.Tuning small = new RaftStore.Tuning(20, 2, 1024);
        List<Command> commands = new ArrayList<>(everyKind());
        RaftStore store = open(small);
        commands.forEach(store::submit);
        for (int i = 0; i < 150; i++) {
            Command c = new Command.UpdateState(i % 2, i % 3 == 0 ? MemberState.ERRORED : MemberState.STARTED,
                    "update " + i + " ".repeat(40));
            commands.add(c);
            assertTrue(store.submit(c).succeeded());
        }
        Path group = dir.resolve(RaftStore.groupId(SYSTEM).getUuid().toString());
        List<String> snapshots = names(group.resolve("sm"), "snapshot.");
        assertFalse("a snapshot was taken: " + snapshots, snapshots.isEmpty());
        awaitTrue("at most 2 snapshots kept: " + snapshots, () -> names(group.resolve("sm"), "snapshot.").stream()
                .filter(n -> !n.endsWith(".md5")).count() <= 2);
        // segments are named log_<first>-<last> (closed) and log_inprogress_<first>: none starts at 0 any more
        awaitTrue("the log is purged up to a snapshot: " + names(group.resolve("current"), "log_"),
                () -> firstLogIndex(group.resolve("current")) > 20);

        // later entries after the last snapshot, then a restart: snapshot + replay
        Command late = new Command.Join(new UUID(3, 3), SystemDb.NIL_RANK, "10.0.0.9:1", "ofi+tcp://z", 1);
        commands.add(late);
        assertTrue(store.submit(late).succeeded());
        store.close();
        assertEquals(expectedAfterRestart(commands), open(small).view());
    }

    @Test
    public void anUndecodableEntryIsAnsweredProtoAndLaterEntriesApply() throws IOException {
        RaftStore store = open();
        try (LogCapture log = new LogCapture(DbStateMachine.class)) {
            Result bad = store.submitEntry(new byte[] {9, 9, 9});
            assertEquals(Der.PROTO, bad.status());
            assertEquals(Der.PROTO, store.submitEntry(new byte[0]).status());
            assertEquals("logged once per window", 1, log.count("not a command"));
        }
        Result boot = store.submit(new Command.Bootstrap(A, 0, "h:1", "u", 1));
        assertTrue(boot.succeeded());
        assertEquals(1, store.view().members().size());
    }

    @Test
    public void closeLeavesNoThreadBehindAndLaterSubmitsAreRefused() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        RaftStore store = RaftStore.open(dir, SYSTEM, "127.0.0.1", 0);
        store.submit(new Command.Bootstrap(A, 0, "h:1", "u", 1));
        store.close();
        store.close();
        assertNoNewThreads(before);
        try {
            store.submit(new Command.PoolRemove(POOL));
            fail("submitted after close");
        } catch (SystemStore.StoreUnavailableException e) {
            assertEquals("system DB unavailable: closed", e.getMessage());
        }
    }

    @Test
    public void aDataDirThatIsAFileIsRefusedByName() throws IOException {
        Path file = Files.createFile(dir.resolve("plain"));
        assertOpenFails(file, file + " is not a directory");
        assertOpenFails(file.resolve("sub"), file.resolve("sub") + " cannot be created");
    }

    @Test
    public void aTakenPortFailsTheOpenClearlyAndLeavesNoThreadBehind() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            try {
                RaftStore.open(dir, SYSTEM, "127.0.0.1", taken.getLocalPort()).close();
                fail("opened on a taken port");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith(
                        "system DB port 127.0.0.1:" + taken.getLocalPort() + " cannot be bound"));
            }
            assertNoNewThreads(before);
        }
    }

    @Test
    public void theGroupIdIsStablePerSystemName() {
        assertEquals(RaftStore.groupId("a"), RaftStore.groupId("a"));
        assertNotEquals(RaftStore.groupId("a"), RaftStore.groupId("b"));
    }

    @Test
    public void measureWriteLatency() throws Exception {
        RaftStore store = open();
        store.submit(new Command.Bootstrap(A, 0, "h:1", "u", 1));
        int n = 300;
        long[] inProcess = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            store.submit(new Command.UpdateState(0, MemberState.STARTED, "r" + i));
            inProcess[i] = System.nanoTime() - t0;
        }
        // the alternative: a RaftClient over Netty to the same peer
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        RaftGroup group = RaftGroup.valueOf(RaftStore.groupId(SYSTEM),
                RaftPeer.newBuilder().setId(RaftStore.PEER_ID).setAddress(store.address()).build());
        long[] client = new long[n];
        try (RaftClient c = RaftClient.newBuilder().setProperties(props).setRaftGroup(group).build()) {
            for (int i = 0; i < n; i++) {
                byte[] cmd = new Command.UpdateState(0, MemberState.STARTED, "c" + i).encode();
                long t0 = System.nanoTime();
                Result r = Result.decode(c.io().send(Message.valueOf(ByteString.copyFrom(cmd)))
                        .getMessage().getContent().toByteArray());
                client[i] = System.nanoTime() - t0;
                assertTrue(r.succeeded());
            }
        }
        print("in-process submit (kept)", inProcess);
        print("RaftClient over netty", client);
    }

    @Test
    public void measureAStageOfTwoThousandRanksAsOneWriteAndOneByOne() throws Exception {
        RaftStore store = open();
        int n = 2000;
        store.submit(new Command.Bootstrap(A, 0, "h:1", "u", 1));
        for (int r = 1; r < n; r++) {
            assertTrue(store.submit(new Command.Join(new UUID(7, r), SystemDb.NIL_RANK, "h:" + r, "u", 1))
                    .succeeded());
        }
        List<Command.UpdateState> stopped = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            stopped.add(new Command.UpdateState(r, MemberState.STOPPED, "stage"));
        }
        long t0 = System.nanoTime();
        assertTrue(store.submit(new Command.UpdateStates(stopped)).succeeded());
        long one = System.nanoTime() - t0;
        assertTrue(store.view().members().stream().allMatch(m -> m.state() == MemberState.STOPPED));
        t0 = System.nanoTime();
        for (int r = 0; r < n; r++) {
            store.submit(new Command.UpdateState(r, MemberState.STARTED, "one by one"));
        }
        long each = System.nanoTime() - t0;
        assertTrue(store.view().members().stream().allMatch(m -> m.state() == MemberState.STARTED));
        System.out.printf("[measure] system DB one peer, %d member states: one UpdateStates %.1f ms, %d UpdateState"
                + " %.1f ms%n", n, one / 1e6, n, each / 1e6);
    }

    private static void print(String what, long[] ns) {
        Arrays.sort(ns);
        System.out.printf("[measure] system DB one peer, %s: %d writes, p50 %.2f ms, p99 %.2f ms%n", what, ns.length,
                ns[ns.length / 2] / 1e6, ns[ns.length * 99 / 100] / 1e6);
    }

    private static void assertOpenFails(Path where, String message) {
        try {
            RaftStore.open(where, SYSTEM, "127.0.0.1", 0).close();
            fail("opened over " + where);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }

    private static List<String> names(Path dir, String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long firstLogIndex(Path current) {
        return names(current, "log_").stream()
                .map(n -> n.startsWith("log_inprogress_") ? n.substring("log_inprogress_".length())
                        : n.substring("log_".length(), n.indexOf('-')))
                .mapToLong(Long::parseLong).min().orElse(0);
    }

    /** Waits (at most 30 s) for a condition Ratis reaches on its own threads after a snapshot. */
    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Every thread started since {@code before} ends (bounded wait by join: 30 s in all). */
    static void assertNoNewThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (before.contains(t) || t.getName().startsWith("ForkJoinPool.commonPool")) {
                continue;
            }
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                alive.add(t.getName());
            }
        }
        assertEquals("threads left after close", List.of(), alive);
    }
}
