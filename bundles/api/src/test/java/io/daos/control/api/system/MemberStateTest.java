package io.daos.control.api.system;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;

public class MemberStateTest {

    @Test
    public void wireNumbers() {
        String[] labels = {"Unknown", "Started", "Stopping", "Stopped", "Evicted", "Errored", "Unresponsive"};
        for (int i = 0; i < labels.length; i++) {
            MemberState s = MemberState.fromCode(i);
            assertEquals(i, s.code());
            assertEquals(labels[i], s.toString());
            assertEquals(s, MemberState.fromLabel(labels[i].toUpperCase()));
        }
        assertEquals(7, MemberState.values().length);
    }

    @Test
    public void outOfRange() {
        for (int bad : new int[] {7, -1}) {
            try {
                MemberState.fromCode(bad);
                fail();
            } catch (IllegalArgumentException e) {
                assertEquals("invalid member state " + Integer.toUnsignedString(bad), e.getMessage());
            }
        }
        try {
            MemberState.fromLabel("Running");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("invalid member state \"Running\"", e.getMessage());
        }
    }
}
