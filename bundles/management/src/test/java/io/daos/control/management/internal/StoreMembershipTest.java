package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.SystemDb;

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
}
