package io.daos.control.management.internal.db;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.daos.control.api.drpc.Der;


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

    @Test
    public void encodeDecodeRoundTripsEveryField() {
        for (Result r : new Result[] {Result.ok(7), Result.error(Der.PROTO, 3), new Result(0, 4, true, 9),
                new Result(0, SystemDb.MAX_RANK, false, Long.MAX_VALUE)}) {
            assertEquals(r, Result.decode(r.encode()));
        }
    }

    @Test
    public void decodeRefusesOtherVersionsTruncationAndTrailingBytes() {
        byte[] ok = Result.ok(1).encode();
        byte[] v2 = ok.clone();
        v2[0] = 2;
        assertRefused(v2, "unknown version 2");
        assertRefused(java.util.Arrays.copyOf(ok, ok.length - 1), "truncated");
        assertRefused(java.util.Arrays.copyOf(ok, ok.length + 1), "trailing");
    }

    private static void assertRefused(byte[] bytes, String why) {
        try {
            Result.decode(bytes);
            org.junit.Assert.fail("decoded " + java.util.Arrays.toString(bytes));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("result: ") && e.getMessage().contains(why));
        }
    }
}
