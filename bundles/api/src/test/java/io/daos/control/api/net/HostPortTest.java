package io.daos.control.api.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class HostPortTest {

    private static String error(String text, int defaultPort) {
        return assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text, defaultPort)).getMessage();
    }

    @Test
    public void aTextWithoutColonTakesTheDefaultPort() {
        HostPort hp = HostPort.parse("localhost", 10002);
        assertEquals("localhost", hp.host());
        assertEquals(10002, hp.port());
        assertEquals("localhost:10002", hp.toString());
    }

    @Test
    public void hostAndPortAreSplitAsGoSplitHostPortDoes() {
        assertEquals(HostPort.of("1.2.3.4", 5), HostPort.parse("1.2.3.4:5", 10001));
        assertEquals(HostPort.of("::1", 10001), HostPort.parse("[::1]:10001", 7));
        assertEquals("[::1]:10001", HostPort.parse("[::1]:10001", 7).toString());
        assertEquals(HostPort.of("", 80), HostPort.parse(":80", 7));
        assertEquals(HostPort.of("node-1", 0), HostPort.parse("node-1:0", 7));
    }

    @Test
    public void theReferenceErrorsAreKept() {
        assertEquals("address 1.2.3.4:1:: too many colons in address", error("1.2.3.4:1:", 10001));
        assertEquals("address a:b:c: too many colons in address", error("a:b:c", 10001));
        assertEquals("address [::1]: missing port in address", error("[::1]", 10001));
        assertEquals("address [::1: missing ']' in address", error("[::1", 10001));
        assertEquals("address [::1]x:1: missing port in address", error("[::1]x:1", 10001));
        assertEquals("address [::1]:1:2: too many colons in address", error("[::1]:1:2", 10001));
        assertEquals("address a[b:1: unexpected '[' in address", error("a[b:1", 10001));
        assertEquals("address ab]:1: unexpected ']' in address", error("ab]:1", 10001));
        assertEquals("invalid port \"x\"", error("1.2.3.4:x", 10001));
        assertEquals("invalid port \"\"", error("host:", 10001));
        assertEquals("invalid port \"-1\"", error("host:-1", 10001));
        assertEquals("invalid port \"65536\"", error("host:65536", 10001));
        assertEquals("invalid port \"1000000\"", error("host:1000000", 10001));
    }

    @Test
    public void withoutDefaultAMissingPortIsAnError() {
        assertEquals("address localhost: missing port in address",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost")).getMessage());
        assertEquals(HostPort.of("localhost", 1), HostPort.parse("localhost:1"));
    }

    @Test
    public void ofChecksThePortRange() {
        assertEquals("invalid port \"70000\"",
                assertThrows(IllegalArgumentException.class, () -> HostPort.of("h", 70000)).getMessage());
    }

    @Test
    public void equalityIsHostAndPort() {
        assertEquals(HostPort.of("h", 1).hashCode(), HostPort.parse("h:1").hashCode());
        assertNotEquals(HostPort.of("h", 1), HostPort.of("h", 2));
        assertNotEquals(HostPort.of("h", 1), HostPort.of("g", 1));
        HostPort v6 = HostPort.of("fe80::1", 10001);
        assertEquals(v6, HostPort.parse(v6.toString(), 1));
    }

    @Test
    public void socketAddressIsUnresolved() {
        var a = HostPort.of("no-such-host.invalid", 10001).socketAddress();
        assertEquals(true, a.isUnresolved());
        assertEquals("no-such-host.invalid", a.getHostString());
        assertEquals(10001, a.getPort());
    }

    @Test
    public void ipLiteralsAreParsedWithoutLookingNamesUp() throws Exception {
        org.junit.Assert.assertEquals(java.util.Optional.of(java.net.InetAddress.getByName("10.1.2.3")),
                HostPort.ipLiteral(" 10.1.2.3 "));
        org.junit.Assert.assertEquals(java.util.Optional.of(java.net.InetAddress.getByName("::1")), HostPort.ipLiteral("[::1]"));
        for (String not : java.util.List.of("localhost", "example.com", "1234", "10.1.2", "", "[]", "1.2.3.4.5")) {
            org.junit.Assert.assertEquals(not, java.util.Optional.empty(), HostPort.ipLiteral(not));
        }
        org.junit.Assert.assertEquals(java.util.Optional.empty(), HostPort.ipLiteral(null));
    }
}
