package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class PoolStateTest {

    @Test
    public void ordinalsRoundTripAndOthersAreRefused() {
        for (PoolState s : PoolState.values()) {
            assertEquals(s, PoolState.fromOrdinal(s.ordinal()));
        }
        assertThrows(IllegalArgumentException.class, () -> PoolState.fromOrdinal(3));
        assertThrows(IllegalArgumentException.class, () -> PoolState.fromOrdinal(-1));
    }
}
