package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.UUID;

import org.junit.Test;

import io.daos.control.api.system.MemberState;

public class MemberTest {

    private static final Member M = new Member(3, new UUID(1, 2), "a:1", "u", 4, MemberState.STARTED, "");

    @Test
    public void withStateChangesOnlyStateAndReason() {
        Member s = M.withState(MemberState.STOPPED, "gone");
        assertEquals(new Member(3, new UUID(1, 2), "a:1", "u", 4, MemberState.STOPPED, "gone"), s);
    }

    @Test
    public void onlyAnEvictedMemberIsOut() {
        for (MemberState s : MemberState.values()) {
            assertEquals(s != MemberState.EVICTED, M.withState(s, "").in());
        }
        assertTrue(M.in());
        assertFalse(M.withState(MemberState.EVICTED, "").in());
    }

    @Test
    public void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> new Member(1, null, "a", "u", 1, MemberState.STARTED, ""));
        assertThrows(NullPointerException.class, () -> M.withState(null, ""));
        assertThrows(NullPointerException.class, () -> M.withState(MemberState.STARTED, null));
    }
}
