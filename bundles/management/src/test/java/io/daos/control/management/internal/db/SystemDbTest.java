package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.system.MemberState;

/** SPEC-SYSTEM §1.6 rank allocation and rejoin, member states and the map version. */
public class SystemDbTest {

    static final long NIL = SystemDb.NIL_RANK;

    static UUID uuid(int n) {
        return new UUID(0x1234L, n);
    }

    static Command.Join join(int n, long rank) {
        return new Command.Join(uuid(n), rank, "0.0.0.0:10001", "ofi+sockets://10.0.0." + n + ":31416", 4);
    }

    /** A DB bootstrapped at rank 0, as §1.6's example: rank_next 1, map version 1. */
    static SystemDb bootstrapped() {
        SystemDb db = new SystemDb();
        Result r = db.apply(new Command.Bootstrap(uuid(0), 0, "10.0.0.1:10001", "ofi+sockets://10.0.0.1:1", 2));
        assertEquals(Der.SUCCESS, r.status());
        return db;
    }

    @Test
    public void bootstrapAtRankZeroSeedsRankNextOneAndMapVersionOne() {
        SystemDb db = bootstrapped();
        assertEquals(1, db.rankNext());
        assertEquals(1, db.mapVersion());
        assertEquals(List.of(0L), db.members().stream().map(Member::rank).toList());
        assertEquals(MemberState.STARTED, db.member(0).orElseThrow().state());
    }

    @Test
    public void bootstrapAtAnotherRankSeedsRankNextZero() {
        SystemDb db = new SystemDb();
        db.apply(new Command.Bootstrap(uuid(0), 7, "a:1", "u", 1));
        assertEquals(0, db.rankNext());
        assertEquals(0, db.apply(join(1, NIL)).rank());
    }

    @Test
    public void theSameBootstrapAgainIsAlreadyDone() {
        SystemDb db = bootstrapped();
        db.apply(new Command.Join(uuid(1), SystemDb.NIL_RANK, "b:1", "u", 1));
        assertEquals(Der.ALREADY, db.apply(new Command.Bootstrap(uuid(0), 0, "a:1", "u", 1)).status());
        assertEquals(2, db.members().size());
    }

    /** A reformatted bootstrap replica (new UUID) makes a new system, as a new MS DB does in the reference. */
    @Test
    public void anotherBootstrapReplicaStartsANewSystem() {
        for (Command.Bootstrap again : List.of(new Command.Bootstrap(uuid(9), 0, "a:1", "u", 1),
                new Command.Bootstrap(uuid(0), 9, "a:1", "u", 1))) {
            SystemDb db = bootstrapped();
            db.apply(new Command.Join(uuid(1), SystemDb.NIL_RANK, "b:1", "u", 1));
            db.apply(new Command.PoolCreateBegin(uuid(50), List.of(0L, 1L), 1L << 30, 0));
            Result r = db.apply(again);
            assertEquals(Der.SUCCESS, r.status());
            assertEquals("the map version goes on", 3, r.mapVersion());
            assertEquals(List.of(again.rank()), db.members().stream().map(Member::rank).toList());
            assertEquals(again.uuid(), db.members().get(0).uuid());
            assertEquals(Optional.empty(), db.rankOf(uuid(1)));
            assertTrue(db.pools().isEmpty());
        }
    }

    @Test
    public void newUuidsWithNilRankGetOneTwoThreeAndRankNextIsAllocatedPlusOne() {
        SystemDb db = bootstrapped();
        for (int n = 1; n <= 3; n++) {
            Result r = db.apply(join(n, NIL));
            assertEquals(Der.SUCCESS, r.status());
            assertEquals(n, r.rank());
            assertTrue(r.in());
            assertEquals(n + 1, db.rankNext());
            assertEquals(n + 1, r.mapVersion());
        }
    }

    @Test
    public void allocationSkipsRanksTakenAboveTheFloor() {
        SystemDb db = bootstrapped();
        db.apply(join(1, 1));
        db.apply(join(2, 2));
        db.apply(join(4, 4));
        assertEquals("explicit ranks leave rank_next alone", 1, db.rankNext());
        assertEquals(3, db.apply(join(3, NIL)).rank());
        assertEquals(4, db.rankNext());
        assertEquals(5, db.apply(join(5, NIL)).rank());
        assertEquals(6, db.rankNext());
    }

    /** The reference overwrites its in-memory floor with garbage on an explicit rank (§1.6 note). */
    @Test
    public void referenceBugExplicitRankJoinLeavesTheFloorAlone() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL)); // 1, rank_next 2
        db.apply(join(2, 1000));
        assertEquals(2, db.rankNext());
        assertEquals(2, db.apply(join(3, NIL)).rank());
        assertEquals(3, db.apply(join(4, NIL)).rank());
    }

    @Test
    public void allocationNeverGoesBelowTheFloor() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        db.apply(join(2, NIL)); // rank_next 3
        SystemDb restored = SystemDb.loadAfterRestart(db.snapshot());
        assertEquals(3, restored.rankNext());
        assertEquals(3, restored.apply(join(3, NIL)).rank());
    }

    @Test
    public void explicitFreeRankIsGiven() {
        SystemDb db = bootstrapped();
        Result r = db.apply(join(1, 42));
        assertEquals(Der.SUCCESS, r.status());
        assertEquals(42, r.rank());
        assertEquals(uuid(1), db.member(42).orElseThrow().uuid());
        assertEquals(42L, (long) db.rankOf(uuid(1)).orElseThrow());
    }

    @Test
    public void explicitTakenRankIsDerExistAndChangesNothing() {
        SystemDb db = bootstrapped();
        byte[] before = db.snapshot();
        Result r = db.apply(join(1, 0));
        assertEquals(-1004, r.status());
        assertEquals(Der.EXIST, r.status());
        assertEquals(NIL, r.rank());
        assertEquals(SystemDb.restore(before), db);
    }

    @Test
    public void knownUuidRejoiningWithItsRankOrNilGetsTheSameRank() {
        SystemDb db = bootstrapped();
        long rank = db.apply(join(1, NIL)).rank();
        db.apply(new Command.UpdateState(rank, MemberState.STOPPED, "killed"));
        long version = db.mapVersion();
        Result same = db.apply(join(1, rank));
        assertEquals(Der.SUCCESS, same.status());
        assertEquals(rank, same.rank());
        assertTrue(same.in());
        assertEquals("an unchanged map entry does not bump the version", version, same.mapVersion());
        assertEquals(MemberState.STARTED, db.member(rank).orElseThrow().state());
        assertEquals("", db.member(rank).orElseThrow().reason());
        assertEquals(rank, db.apply(join(1, NIL)).rank());
        assertEquals(2, db.rankNext());
    }

    @Test
    public void knownUuidAskingForAnotherRankIsDerProto() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        Result r = db.apply(join(1, 5));
        assertEquals(-1014, r.status());
        assertEquals(Der.PROTO, r.status());
        assertFalse(db.member(5).isPresent());
    }

    @Test
    public void evictedMemberRejoiningIsAnsweredOut() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        db.apply(new Command.UpdateState(1, MemberState.EVICTED, "excluded"));
        Result r = db.apply(join(1, 1));
        assertEquals(Der.SUCCESS, r.status());
        assertEquals(1, r.rank());
        assertFalse(r.in());
        assertEquals(MemberState.EVICTED, db.member(1).orElseThrow().state());
    }

    @Test
    public void rejoinWithANewUriBumpsTheMapVersionAndKeepsTheUuid() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        long version = db.mapVersion();
        Result r = db.apply(new Command.Join(uuid(1), 1, "0.0.0.0:10001", "ofi+sockets://10.9.9.9:1", 4));
        assertEquals(version + 1, r.mapVersion());
        assertEquals("ofi+sockets://10.9.9.9:1", db.member(1).orElseThrow().uri());
    }

    @Test
    public void addressOrUriOf128CharactersIsDerInval() {
        SystemDb db = bootstrapped();
        String longOne = "x".repeat(SystemDb.MAX_ADDR);
        assertEquals(Der.INVAL, db.apply(new Command.Join(uuid(1), NIL, longOne, "u", 1)).status());
        assertEquals(Der.INVAL, db.apply(new Command.Join(uuid(1), NIL, "a", longOne, 1)).status());
        assertEquals(Der.SUCCESS,
                db.apply(new Command.Join(uuid(1), NIL, "x".repeat(127), "y".repeat(127), 1)).status());
    }

    @Test
    public void bootstrapTakesTheLastRankButNotNilRank() {
        SystemDb db = new SystemDb();
        db.apply(new Command.Bootstrap(uuid(0), SystemDb.MAX_RANK, "a", "u", 1));
        assertEquals(SystemDb.MAX_RANK, db.member(SystemDb.MAX_RANK).orElseThrow().rank());
        assertEquals(Der.INVAL, new SystemDb().apply(new Command.Bootstrap(uuid(0), NIL, "a", "u", 1)).status());
    }

    @Test
    public void allocationPastTheLastRankIsOutOfGroup() {
        SystemDb db = new SystemDb();
        db.apply(new Command.Bootstrap(uuid(0), 0, "a", "u", 1));
        db.apply(join(1, SystemDb.MAX_RANK));
        // rank_next can only reach the top through allocation; drive it there via a snapshot edit
        SystemDb top = SystemDb.restore(withRankNext(db.snapshot(), SystemDb.MAX_RANK));
        assertEquals(Der.OOG, top.apply(join(2, NIL)).status());
    }

    /** The snapshot with rank_next replaced (it sits after the version byte and the map version). */
    static byte[] withRankNext(byte[] snap, long rankNext) {
        byte[] copy = snap.clone();
        for (int i = 0; i < 4; i++) {
            copy[9 + i] = (byte) (rankNext >>> (24 - 8 * i));
        }
        return copy;
    }

    @Test
    public void updateStateSetsStateAndReasonWithoutBumpingTheMap() {
        SystemDb db = bootstrapped();
        Result r = db.apply(new Command.UpdateState(0, MemberState.ERRORED, "dRPC failed"));
        assertEquals(Der.SUCCESS, r.status());
        assertEquals(1, r.mapVersion());
        Member m = db.member(0).orElseThrow();
        assertEquals(MemberState.ERRORED, m.state());
        assertEquals("dRPC failed", m.reason());
    }

    @Test
    public void updateStateOfAnUnknownRankIsNonexist() {
        assertEquals(Der.NONEXIST, bootstrapped().apply(new Command.UpdateState(3, MemberState.STOPPED, "")).status());
    }

    @Test
    public void markRestartedStopsEveryMemberButTheEvicted() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        db.apply(join(2, NIL));
        db.apply(new Command.UpdateState(2, MemberState.EVICTED, "out"));
        db.markRestarted();
        assertEquals(MemberState.STOPPED, db.member(0).orElseThrow().state());
        assertEquals(SystemDb.RESTART_REASON, db.member(1).orElseThrow().reason());
        assertEquals(MemberState.EVICTED, db.member(2).orElseThrow().state());
        assertEquals("out", db.member(2).orElseThrow().reason());
    }

    @Test
    public void loadAfterRestartHasNoStartedMemberUntilItRejoins() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        SystemDb loaded = SystemDb.loadAfterRestart(db.snapshot());
        assertTrue(loaded.members().stream().noneMatch(m -> m.state() == MemberState.STARTED));
        assertEquals(db.mapVersion(), loaded.mapVersion());
        assertEquals(1, loaded.apply(join(1, 1)).rank());
        assertEquals(MemberState.STARTED, loaded.member(1).orElseThrow().state());
    }

    @Test
    public void readersGetValuesThatDoNotChangeLater() {
        SystemDb db = bootstrapped();
        List<Member> before = db.members();
        db.apply(join(1, NIL));
        assertEquals(1, before.size());
        assertEquals(2, db.members().size());
    }

    @Test
    public void updateStatesSetsEveryKnownRankAtOnceAndSaysNonexistForTheRest() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        db.apply(join(2, NIL));
        long version = db.mapVersion();
        Result r = db.apply(new Command.UpdateStates(List.of(
                new Command.UpdateState(0, MemberState.STOPPED, "stopped"),
                new Command.UpdateState(7, MemberState.STOPPED, "no such rank"),
                new Command.UpdateState(2, MemberState.UNRESPONSIVE, "hung"))));
        assertEquals("a rank skipped", Der.NONEXIST, r.status());
        assertEquals(MemberState.STOPPED, db.member(0).orElseThrow().state());
        assertEquals("stopped", db.member(0).orElseThrow().reason());
        assertEquals("untouched", MemberState.STARTED, db.member(1).orElseThrow().state());
        assertEquals(MemberState.UNRESPONSIVE, db.member(2).orElseThrow().state());
        assertEquals("hung", db.member(2).orElseThrow().reason());
        assertFalse(db.member(7).isPresent());
        assertEquals("states are not in the map", version, db.mapVersion());
        assertEquals(version, r.mapVersion());
    }

    @Test
    public void updateStatesOfKnownRanksSucceedsAndTheLastChangeOfARankWins() {
        SystemDb db = bootstrapped();
        db.apply(join(1, NIL));
        Result r = db.apply(new Command.UpdateStates(List.of(
                new Command.UpdateState(1, MemberState.STOPPING, ""),
                new Command.UpdateState(1, MemberState.STOPPED, "killed"))));
        assertEquals(Der.SUCCESS, r.status());
        assertEquals(MemberState.STOPPED, db.member(1).orElseThrow().state());
        assertEquals(Der.SUCCESS, db.apply(new Command.UpdateStates(List.of())).status());
    }

    @Test
    public void updateStatesIsTheSameChangeAsItsUpdateStatesOneByOne() {
        SystemDb many = bootstrapped();
        SystemDb one = bootstrapped();
        List<Command.UpdateState> changes = List.of(new Command.UpdateState(0, MemberState.ERRORED, "dRPC failed"),
                new Command.UpdateState(4, MemberState.STOPPED, ""));
        many.apply(new Command.UpdateStates(changes));
        changes.forEach(one::apply);
        assertEquals(one, many);
        assertEquals(one.members(), many.members());
    }
}
