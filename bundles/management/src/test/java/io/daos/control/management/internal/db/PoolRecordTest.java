package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.Test;

public class PoolRecordTest {

    @Test
    public void listsAreCopiedAndCannotBeChanged() {
        List<Long> targets = new ArrayList<>(List.of(1L, 2L));
        PoolRecord p = new PoolRecord(new UUID(0, 1), PoolState.CREATING, List.of(), targets, 1, 2);
        targets.add(3L);
        assertEquals(List.of(1L, 2L), p.targets());
        assertThrows(UnsupportedOperationException.class, () -> p.targets().add(4L));
    }

    @Test
    public void withKeepsTargetsAndSizes() {
        PoolRecord p = new PoolRecord(new UUID(0, 1), PoolState.CREATING, List.of(), List.of(1L, 2L), 1, 2);
        assertEquals(new PoolRecord(new UUID(0, 1), PoolState.READY, List.of(2L), List.of(1L, 2L), 1, 2),
                p.with(PoolState.READY, List.of(2L)));
    }
}
