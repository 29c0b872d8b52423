package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.daos.control.management.internal.Der;

public class ResultTest {

    @Test
    public void okAndErrorCarryNoRank() {
        assertTrue(Result.ok(5).succeeded());
        assertEquals(new Result(0, SystemDb.NIL_RANK, false, 5), Result.ok(5));
        Result e = Result.error(Der.EXIST, 2);
        assertFalse(e.succeeded());
        assertEquals(SystemDb.NIL_RANK, e.rank());
        assertEquals(2, e.mapVersion());
    }
}
