package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;

/** The membership registry over the system DB. */
public class StoreMembershipTest {

    private static final String U0 = "a106d667-5c5d-4d6f-ac3a-89099196c41a";
    private static final String U5 = "0f5c7e4a-3a52-4c1b-9a55-2f1d3c1e0b7d";

    private final LocalStore store = new LocalStore();
    private final StoreMembership membership = new StoreMembership(store);

    @Test
    public void theFirstRegistrationBootstrapsTheDb() {
        assertTrue(membership.addOrUpdate(new Member(Rank.of(0), U0, "127.0.0.1:10001", MemberState.UNKNOWN)));
        assertEquals(1, store.view().mapVersion());
        assertEquals("rank_next after a rank-0 bootstrap", 1, store.view().rankNext());
        assertEquals(MemberState.UNKNOWN, membership.member(Rank.of(0)).orElseThrow().state());
    }

    @Test
    public void aReformattedBootstrapReplicaStartsANewSystem() {
        membership.addOrUpdate(new Member(Rank.of(0), U0, "127.0.0.1:10001", MemberState.STARTED));
        store.submit(new Command.Join(UUID.fromString(U5), SystemDb.NIL_RANK, "h:1", "u", 1));
        assertTrue(membership.addOrUpdate(new Member(Rank.of(0), U5.replace('0', '1'), "127.0.0.1:10001",
                MemberState.UNKNOWN)));
        assertEquals(List.of(Rank.of(0)), membership.members().stream().map(Member::rank).toList());
    }

    @Test
    public void aKnownRankChangesOnlyItsState() {
        membership.addOrUpdate(new Member(Rank.of(0), U0, "127.0.0.1:10001", MemberState.UNKNOWN));
        assertFalse(membership.addOrUpdate(new Member(Rank.of(0), U0, "10.0.0.9:1", MemberState.STARTED)));
        assertEquals(new Member(Rank.of(0), U0, "127.0.0.1:10001", MemberState.STARTED),
                membership.member(Rank.of(0)).orElseThrow());
    }

    @Test
    public void membersAreSortedAndFilteredAndUpdateStateNeedsAKnownRank() {
        membership.addOrUpdate(new Member(Rank.of(0), U0, "h:1", MemberState.STOPPED));
        store.submit(new Command.Join(UUID.fromString(U5), 5, "h:1", "u", 1));
        assertEquals(List.of(Rank.of(0), Rank.of(5)), membership.members().stream().map(Member::rank).toList());
        assertEquals(List.of(Rank.of(5)), membership.members(MemberState.STOPPED).stream().map(Member::rank).toList());
        assertTrue(membership.updateState(Rank.of(5), MemberState.STOPPED));
        assertEquals(MemberState.STOPPED, store.view().member(5).orElseThrow().state());
        assertFalse(membership.updateState(Rank.of(9), MemberState.STOPPED));
    }

    @Test
    public void aUuidThatDoesNotParseIsNotRecorded() {
        assertFalse(membership.addOrUpdate(new Member(Rank.of(1), "not-a-uuid", "h:1", MemberState.STARTED)));
        assertTrue(membership.members().isEmpty());
    }

    /** A local store that records what is submitted to it. */
    private static final class CountingStore implements SystemStore {
        final LocalStore db = new LocalStore();
        final List<Command> submitted = new ArrayList<>();

        @Override
        public Result submit(Command command) {
            submitted.add(command);
            return db.submit(command);
        }

        @Override
        public SystemDb view() {
            return db.view();
        }
    }

    /** A DB of {@code n} Started members, ranks 0 .. n-1. */
    private static CountingStore members(int n) {
        CountingStore s = new CountingStore();
        s.db.submit(new Command.Bootstrap(new UUID(1, 0), 0, "h:1", "u", 1));
        for (int r = 1; r < n; r++) {
            s.db.submit(new Command.Join(new UUID(1, r), SystemDb.NIL_RANK, "h:" + r, "u", 1));
        }
        return s;
    }

    @Test
    public void aStageOfTwoThousandRanksIsOneChangeOfTheDb() {
        CountingStore s = members(2000);
        Map<Rank, MemberState> stopped = new LinkedHashMap<>();
        for (int r = 0; r < 2000; r++) {
            stopped.put(Rank.of(r), MemberState.STOPPED);
        }
        assertEquals(List.of(), new StoreMembership(s).updateStates(stopped));
        assertEquals("one command", 1, s.submitted.size());
        assertEquals(2000, ((Command.UpdateStates) s.submitted.get(0)).changes().size());
        assertTrue(s.view().members().stream().allMatch(m -> m.state() == MemberState.STOPPED));
    }

    @Test
    public void updateStatesSubmitsOnlyTheChangesAndNothingWhenNothingChanges() {
        CountingStore s = members(3);
        StoreMembership m = new StoreMembership(s);
        Map<Rank, MemberState> states = new LinkedHashMap<>();
        states.put(Rank.of(0), MemberState.STARTED);
        states.put(Rank.of(1), MemberState.STOPPED);
        states.put(Rank.of(2), MemberState.STARTED);
        assertEquals(List.of(), m.updateStates(states));
        assertEquals(List.of(new Command.UpdateStates(List.of(new Command.UpdateState(1, MemberState.STOPPED, "")))),
                s.submitted);
        s.submitted.clear();
        assertEquals(List.of(), m.updateStates(states));
        assertEquals("already so: nothing submitted", List.of(), s.submitted);
        assertEquals(List.of(), m.updateStates(Map.of()));
        assertEquals(List.of(), s.submitted);
    }

    @Test
    public void updateStatesAnswersTheUnknownRanksAndSetsTheKnownOnes() {
        CountingStore s = members(2);
        Map<Rank, MemberState> states = new LinkedHashMap<>();
        states.put(Rank.of(7), MemberState.STOPPED);
        states.put(Rank.of(1), MemberState.STOPPED);
        states.put(Rank.of(9), MemberState.STOPPED);
        assertEquals(List.of(Rank.of(7), Rank.of(9)), new StoreMembership(s).updateStates(states));
        assertEquals(MemberState.STOPPED, s.view().member(1).orElseThrow().state());
        assertEquals("unknown ranks are not submitted",
                List.of(new Command.UpdateStates(List.of(new Command.UpdateState(1, MemberState.STOPPED, "")))),
                s.submitted);
        assertEquals(List.of(Rank.of(7)), new StoreMembership(s).updateStates(Map.of(Rank.of(7), MemberState.STOPPED)));
        assertEquals("only unknown ranks: nothing submitted", 1, s.submitted.size());
    }

    @Test
    public void aRankThatVanishedBeforeTheCommandAppliedIsAnsweredUnknown() {
        CountingStore fresh = members(2);
        // the read sees ranks 0 and 1; by the time the command applies a new bootstrap dropped rank 1
        SystemStore racing = new SystemStore() {
            @Override
            public Result submit(Command command) {
                fresh.db.submit(new Command.Bootstrap(new UUID(2, 0), 0, "h:1", "u", 1));
                return fresh.submit(command);
            }

            @Override
            public SystemDb view() {
                return fresh.view();
            }
        };
        assertEquals(List.of(Rank.of(1)), new StoreMembership(racing).updateStates(
                new TreeMap<>(Map.of(Rank.of(0), MemberState.STOPPED, Rank.of(1), MemberState.STOPPED))));
        assertEquals(MemberState.STOPPED, fresh.view().member(0).orElseThrow().state());
    }
}
