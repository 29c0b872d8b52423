package io.daos.control.management.internal.db;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.system.MemberState;

/** {@link SystemDb} snapshots: equal after the round trip, and replay over a restored snapshot agrees. */
public class SystemDbSnapshotTest {

    private static final int SEEDS = 200;

    /** A random command over a small space of uuids, ranks and pools, so that rules collide. */
    private static Command random(Random rnd) {
        UUID server = new UUID(1, rnd.nextInt(12));
        UUID pool = new UUID(2, rnd.nextInt(4));
        long rank = rnd.nextInt(3) == 0 ? SystemDb.NIL_RANK : rnd.nextInt(10);
        List<Long> ranks = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            ranks.add((long) rnd.nextInt(5));
        }
        switch (rnd.nextInt(8)) {
            case 0:
                if (rnd.nextInt(10) == 0) {   // rare: another bootstrap replica starts a new system
                    return new Command.Bootstrap(server, rank, "h:1", "u" + rnd.nextInt(3), 1);
                }
                // fall through
            case 1:
            case 2:
                return new Command.Join(server, rank, "0.0.0.0:10001", "u" + rnd.nextInt(3), rnd.nextInt(3));
            case 3:
                return new Command.UpdateState(rnd.nextInt(8), MemberState.fromCode(rnd.nextInt(7)), "r");
            case 4:
                return new Command.PoolCreateBegin(pool, ranks, rnd.nextInt(100), rnd.nextInt(100));
            case 5:
                return new Command.PoolReady(pool, rnd.nextInt(5) == 0 ? ranks : List.of((long) rnd.nextInt(3)));
            case 6:
                return new Command.PoolDestroyBegin(pool);
            default:
                return new Command.PoolRemove(pool);
        }
    }

    @Test
    public void emptyDbRoundTrips() {
        SystemDb db = new SystemDb();
        assertEquals(db, SystemDb.restore(db.snapshot()));
    }

    @Test
    public void applySnapshotRestoreApplyTheRestEqualsApplyAll() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            List<Command> log = new ArrayList<>();
            for (int i = 40 + rnd.nextInt(40); i > 0; i--) {
                log.add(random(rnd));
            }
            int cut = rnd.nextInt(log.size() + 1);
            SystemDb all = new SystemDb();
            SystemDb head = new SystemDb();
            List<Result> expected = new ArrayList<>();
            for (int i = 0; i < log.size(); i++) {
                Command c = Command.decode(log.get(i).encode());
                expected.add(all.apply(c));
                if (i < cut) {
                    head.apply(c);
                }
            }
            byte[] snap = head.snapshot();
            SystemDb restored = SystemDb.restore(snap);
            assertEquals("seed " + seed, head, restored);
            assertArrayEquals("seed " + seed, snap, restored.snapshot());
            for (int i = cut; i < log.size(); i++) {
                assertEquals("seed " + seed + " command " + i, expected.get(i), restored.apply(log.get(i)));
            }
            assertEquals("seed " + seed, all, restored);
            assertArrayEquals("seed " + seed, all.snapshot(), restored.snapshot());
        }
    }

    @Test
    public void randomLogsKeepTheInvariants() {
        int ready = 0;
        int joined = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            SystemDb db = new SystemDb();
            long version = 0;
            for (int i = 0; i < 80; i++) {
                Command c = random(rnd);
                Result r = db.apply(c);
                ready += c instanceof Command.PoolReady && r.succeeded() ? 1 : 0;
                assertTrue("map version never goes down", r.mapVersion() >= version);
                version = r.mapVersion();
            }
            joined += db.members().size();
            for (Member m : db.members()) {
                assertEquals(m.rank(), (long) db.rankOf(m.uuid()).orElseThrow());
            }
            for (PoolRecord p : db.pools()) {
                assertTrue(p.targets().containsAll(p.svcRanks()));
                assertEquals(p.state() == PoolState.CREATING, p.svcRanks().isEmpty());
            }
        }
        assertTrue("the random logs join members and make pools Ready: " + joined + ", " + ready,
                joined > SEEDS && ready > SEEDS / 4);
    }

    @Test
    public void badSnapshotsAreRefused() {
        SystemDb db = SystemDbTest.bootstrapped();
        db.apply(new Command.PoolCreateBegin(new UUID(2, 1), List.of(0L), 1, 1));
        byte[] snap = db.snapshot();
        for (int len = 0; len < snap.length; len++) {
            byte[] cut = Arrays.copyOf(snap, len);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> SystemDb.restore(cut)).getMessage()
                    .startsWith("snapshot: "));
        }
        byte[] version = snap.clone();
        version[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SystemDb.restore(version)).getMessage()
                .contains("unknown version 9"));
        byte[] longer = Arrays.copyOf(snap, snap.length + 1);
        assertThrows(IllegalArgumentException.class, () -> SystemDb.restore(longer));
    }

    @Test
    public void restoreKeepsStatesAndLoadAfterRestartDoesNot() {
        SystemDb db = SystemDbTest.bootstrapped();
        assertEquals(MemberState.STARTED, SystemDb.restore(db.snapshot()).member(0).orElseThrow().state());
        assertEquals(MemberState.STOPPED, SystemDb.loadAfterRestart(db.snapshot()).member(0).orElseThrow().state());
    }
}
