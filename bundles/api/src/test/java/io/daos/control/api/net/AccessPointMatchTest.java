package io.daos.control.api.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/** The replica decision, with and without a specific listen address. */
public class AccessPointMatchTest {

    private static final int PORT = 10001;
    /** Names of the test: three loopback addresses and one host name for 127.0.0.3. */
    private static final Map<String, String> NAMES = Map.of("node-b", "127.0.0.3");
    /** This host's interfaces: lo with 127.0.0.1 only (127.0.0.2 and up are not interface addresses). */
    private static final AccessPointMatch.LocalAddresses LO = () -> Set.of(ip("127.0.0.1"));

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String a = NAMES.getOrDefault(host, host);
        if (!Character.isDigit(a.charAt(0))) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {ip(a)};
    }

    private static int index(List<String> aps, int port, String listen) throws IOException {
        return AccessPointMatch.localIndex(aps, port, listen, AccessPointMatchTest::resolve, LO);
    }

    private static final List<String> THREE = List.of("127.0.0.2:10001", "node-b:10001", "127.0.0.4:10001");

    @Test
    public void withoutListenAddressOnlyInterfaceAddressesMatch() throws IOException {
        assertEquals(-1, index(THREE, PORT, null));
        assertEquals(-1, index(THREE, PORT, "0.0.0.0"));
        assertEquals(1, index(List.of("127.0.0.2:10001", "127.0.0.1:10001"), PORT, null));
    }

    @Test
    public void aSpecificListenAddressIsTheOnlyCandidate() throws IOException {
        assertEquals(0, index(THREE, PORT, "127.0.0.2"));
        assertEquals("a host name resolving to it", 1, index(THREE, PORT, "127.0.0.3"));
        assertEquals(2, index(THREE, PORT, "127.0.0.4"));
        assertEquals("not an access point", -1, index(THREE, PORT, "127.0.0.5"));
        assertEquals("an interface address that is not the listen address does not count", 1,
                index(List.of("127.0.0.1:10001", "127.0.0.2:10001"), PORT, "127.0.0.2"));
    }

    @Test
    public void theControlPortMustStillMatch() throws IOException {
        assertEquals(-1, index(THREE, 10005, "127.0.0.2"));
        assertEquals(1, index(List.of("127.0.0.2:10005", "127.0.0.2:10001"), PORT, "127.0.0.2"));
    }

    @Test
    public void aBadListenAddressFailsNamingIt() {
        String m = assertThrows(IOException.class, () -> index(THREE, PORT, "node-b")).getMessage();
        assertTrue(m, m.startsWith("invalid listen address: daos.listen.address is not an IP address: \"node-b\""));
    }

    @Test
    public void resolutionFailuresStillSayWhichAccessPoint() {
        String m = assertThrows(IOException.class,
                () -> index(List.of("nowhere:10001"), PORT, "127.0.0.2")).getMessage();
        assertTrue(m, m.startsWith("failed to resolve access point nowhere:10001"));
    }
}
