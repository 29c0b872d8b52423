package io.daos.control.api.system;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class RankSetTest {

    @Test
    public void referenceRenderings() {
        assertEquals("[0-3,5,10-12]", RankSet.ofValues(0, 1, 2, 3, 5, 10, 11, 12).toString());
        assertEquals("7", RankSet.ofValues(7).toString());
        assertEquals("[0,2,4]", RankSet.ofValues(0, 2, 4).toString());
        assertEquals("[9-10]", RankSet.ofValues(9, 10).toString());
        assertEquals("[1,100]", RankSet.ofValues(1, 100).toString());
        assertEquals("", RankSet.EMPTY.toString());
    }

    @Test
    public void parseWithAndWithoutBrackets() {
        RankSet a = RankSet.parse("0-3,5");
        assertEquals(a, RankSet.parse("[0-3,5]"));
        assertEquals("[0-3,5]", a.toString());
        assertEquals(5, a.size());
        assertEquals(a, RankSet.parse(" [ 5 , 0-3 ] "));
        assertEquals(RankSet.EMPTY, RankSet.parse(""));
        assertEquals(RankSet.EMPTY, RankSet.parse("[]"));
        assertEquals(RankSet.EMPTY, RankSet.parse("   "));
    }

    @Test
    public void sortsAndDeduplicates() {
        RankSet s = RankSet.parse("5,3,3,1-4,4-6");
        assertEquals("[1-6]", s.toString());
        assertEquals(List.of(Rank.of(1), Rank.of(2), Rank.of(3), Rank.of(4), Rank.of(5), Rank.of(6)), s.ranks());
        assertEquals(RankSet.of(Rank.of(2), Rank.of(1)), RankSet.parse("[1-2]"));
        assertEquals("[1-3,7]", RankSet.ofValues(1).union(RankSet.parse("2-3,7")).toString());
        assertTrue(s.contains(Rank.of(6)));
        assertFalse(s.contains(Rank.of(7)));
    }

    @Test
    public void printParseRoundTrip() {
        for (String t : new String[] {"[0-3,5,10-12]", "7", "[0,2,4]", "[9-10]", "[1,100]", ""}) {
            assertEquals(t, RankSet.parse(t).toString());
        }
    }

    @Test
    public void largestRangeIsCheapAndBounded() {
        RankSet all = RankSet.parse("0-4294967294");
        assertEquals(4294967295L, all.size());
        assertEquals("[0-4294967294]", all.toString());
        assertTrue(all.contains(Rank.of(4294967294L)));
        try {
            all.ranks();
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("rank set too large"));
        }
    }

    private static void bad(String text, String message) {
        try {
            RankSet.parse(text);
            fail(text);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void errors() {
        bad("3-1", "invalid range \"3-1\" (1 < 3)");
        bad("a", "invalid range \"a\" (\"a\" is not uint)");
        bad("1,,2", "invalid range \"\" (\"\" is not uint)");
        bad("0--1", "invalid range: \"0--1\"");
        bad("-1", "invalid range \"-1\" (\"\" is not uint)");
        bad("4294967295", "invalid range \"4294967295\" (rank 4294967295 out of range [0, 4294967294])");
        bad("0-99999999999999999999", "invalid range \"0-99999999999999999999\" (\"99999999999999999999\" is not uint)");
        bad("[1-2", "invalid range \"[1-2\"");
        bad("1-2]", "invalid range \"1-2]\"");
    }

    @Test
    public void nilRankIsNotAMember() {
        try {
            RankSet.of(Rank.NIL);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("rank NilRank can not be a member of a rank set", e.getMessage());
        }
    }
}
