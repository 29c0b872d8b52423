package io.daos.control.api.system;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class RankTest {

    @Test
    public void nilRank() {
        assertEquals(0xFFFFFFFFL, Rank.NIL.value());
        assertTrue(Rank.NIL.isNil());
        assertSame(Rank.NIL, Rank.of(4294967295L));
        assertSame(Rank.NIL, Rank.fromBits(-1));
        assertSame(Rank.NIL, Rank.parse("NilRank"));
        assertEquals("NilRank", Rank.NIL.toString());
        assertEquals(-1, Rank.NIL.bits());
    }

    @Test
    public void valuesAndOrderingAreUnsigned() {
        Rank big = Rank.of(4294967294L);
        assertEquals("4294967294", big.toString());
        assertEquals(-2, big.bits());
        assertTrue(big.compareTo(Rank.of(1)) > 0);
        assertTrue(Rank.of(0).compareTo(Rank.NIL) < 0);
        assertEquals(Rank.of(7), Rank.parse(" 7 "));
        assertEquals(Rank.of(7).hashCode(), Rank.fromBits(7).hashCode());
        assertFalse(Rank.of(7).isNil());
    }

    @Test
    public void badInput() {
        for (String bad : new String[] {"", "-1", "abc", "1.5", "4294967296", "99999999999999999999999", "0x1"}) {
            try {
                Rank.parse(bad);
                fail(bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("invalid rank \"" + bad + "\""));
            }
        }
        try {
            Rank.of(-1);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("number -1 can not be stored in uint32", e.getMessage());
        }
    }
}
