package io.daos.control.api.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;

import org.junit.Test;

public class ListenAddressTest {

    @Test
    public void unsetBlankAndWildcardsMeanEveryInterface() {
        assertFalse(ListenAddress.parse(null).isPresent());
        assertFalse(ListenAddress.parse(" ").isPresent());
        assertFalse(ListenAddress.parse("0.0.0.0").isPresent());
        assertFalse(ListenAddress.parse("::").isPresent());
        assertEquals("0.0.0.0", ListenAddress.bindHost(null));
        assertEquals("0.0.0.0", ListenAddress.bindHost("0.0.0.0"));
    }

    @Test
    public void anIpLiteralIsThatAddress() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.2"), ListenAddress.parse(" 127.0.0.2 ").orElseThrow());
        assertEquals(InetAddress.getByName("fd00::6"), ListenAddress.parse("[fd00::6]").orElseThrow());
        assertEquals("127.0.0.3", ListenAddress.bindHost("127.0.0.3"));
    }

    @Test
    public void aHostNameOrGarbageIsRejectedNamingThePropertyWithAShortQuote() {
        for (String bad : new String[] {"localhost", "127.0.0.300", "1.2.3", "x".repeat(500), "::g"}) {
            String m = assertThrows(bad, IllegalArgumentException.class, () -> ListenAddress.parse(bad)).getMessage();
            assertTrue(m, m.startsWith("daos.listen.address is not an IP address: \""));
            assertTrue(m, m.length() < 120);
        }
    }
}
