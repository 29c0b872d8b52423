package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import java.util.UUID;

import org.junit.Test;

import io.daos.control.dmg.cli.DmgException;

/** The pool UUID of {@code pool create}: the accepted forms, the messages, the generated UUID. */
public class PoolUuidTest {

    private static final String CANONICAL = "2a8ec3b2-729b-4617-bf51-77f37f764194";

    @Test
    public void acceptedFormsNormaliseToLowerCaseCanonical() throws DmgException {
        assertEquals(CANONICAL, PoolUuid.of(CANONICAL));
        assertEquals(CANONICAL, PoolUuid.of(CANONICAL.toUpperCase()));
        assertEquals(CANONICAL, PoolUuid.of("urn:uuid:" + CANONICAL));
        assertEquals(CANONICAL, PoolUuid.of("URN:UUID:" + CANONICAL));
        assertEquals(CANONICAL, PoolUuid.of("{" + CANONICAL + "}"));
        assertEquals(CANONICAL, PoolUuid.of(CANONICAL.replace("-", "")));
    }

    private static String bad(String s) {
        return assertThrows(DmgException.class, () -> PoolUuid.of(s)).getMessage();
    }

    @Test
    public void badUuidsWithTheLibrarysReasons() {
        assertEquals("bad pool UUID: \"abcde\": invalid UUID length: 5", bad("abcde"));
        assertEquals("bad pool UUID: \"" + CANONICAL.replace('-', '+') + "\": invalid UUID format",
                bad(CANONICAL.replace('-', '+')));
        assertEquals("bad pool UUID: \"" + CANONICAL.replace('a', 'g') + "\": invalid UUID format",
                bad(CANONICAL.replace('a', 'g')));
        assertEquals("bad pool UUID: \"urn:uuxd:" + CANONICAL + "\": invalid urn prefix: \"urn:uuxd:\"",
                bad("urn:uuxd:" + CANONICAL));
        assertEquals("bad pool UUID: \"(" + CANONICAL + ")\": invalid UUID format", bad("(" + CANONICAL + ")"));
        assertEquals("bad pool UUID: \"" + "z".repeat(32) + "\": invalid UUID format", bad("z".repeat(32)));
        assertEquals("bad pool UUID: \"-" + CANONICAL.substring(1) + "\": invalid UUID format",
                bad("-" + CANONICAL.substring(1)));
    }

    @Test
    public void absentMeansANewRandomVersion4Uuid() throws DmgException {
        String a = PoolUuid.of("");
        String b = PoolUuid.of(null);
        assertEquals(4, UUID.fromString(a).version());
        assertEquals(2, UUID.fromString(a).variant());
        assertEquals(a, UUID.fromString(a).toString());
        assertNotEquals(a, b);
    }
}
