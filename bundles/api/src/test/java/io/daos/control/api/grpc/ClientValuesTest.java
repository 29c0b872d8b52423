package io.daos.control.api.grpc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class ClientValuesTest {

    @Test
    public void shortenLeavesAShortPrintableValueAsItIs() {
        String ok = "y".repeat(ClientValues.QUOTED);
        assertSame(ok, ClientValues.shorten(ok));
        assertEquals("ofi+\"x\"", ClientValues.shorten("ofi+\"x\""));
        assertEquals("a\\x0ab", ClientValues.shorten("a\nb"));
        assertEquals("y".repeat(ClientValues.QUOTED) + "... (100000 characters)",
                ClientValues.shorten("y".repeat(100_000)));
        assertEquals("null", ClientValues.shorten(null));
    }

    @Test
    public void quoteAndPosixNamesAreBoundsOwn() {
        assertEquals(Bounds.quote("a\nb\""), ClientValues.quote("a\nb\""));
        assertEquals("\"a\\x0ab\\x22\"", ClientValues.quote("a\nb\""));
        assertTrue(ClientValues.isPosixName("daos_server"));
        assertFalse(ClientValues.isPosixName("u".repeat(1 << 20)));
        assertFalse(ClientValues.isPosixName(null));
    }

    /** The providers use it where gRPC is not on the class path (the inventory commands). */
    @Test
    public void itRefersToNoGrpcClass() throws Exception {
        try (InputStream in = ClientValues.class.getResourceAsStream("ClientValues.class")) {
            assertNotNull(in);
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains("io/grpc"));
        }
    }
}
