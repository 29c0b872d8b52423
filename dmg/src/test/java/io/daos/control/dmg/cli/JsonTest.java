package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class JsonTest {

    @Test
    public void escapesLikeGoEncodingJson() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\\u2028é\"",
                Json.string("a\"b\\c\n\r\t\u0001<>&\u2028é"));
    }
}
