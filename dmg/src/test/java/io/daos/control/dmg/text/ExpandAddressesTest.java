package io.daos.control.dmg.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

/** {@link HostList#expandAddresses} (dmg.text): the {@code -l} expansion of §6.3 and the host errors of §7.4 (44). */
public class ExpandAddressesTest {

    private static void assertError(String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostList.expandAddresses(value, 9999));
        assertEquals(message, e.getMessage());
    }

    @Test
    public void specExamplePortsPerToken() {
        assertEquals(List.of("abc10:10001", "abc1:10000", "abc2:10000", "abc3:10000", "abc4:10000",
                "abc5:10000", "abc6:10001", "abc7:10001", "abc8:10001", "abc9:10001",
                "def1:10000", "def2:10000", "def3:10000"),
                HostList.expandAddresses("abc[1-5]:10000,abc[6-10]:10001,def[1-3]:10000", 9999));
    }

    @Test
    public void specExampleDefaultPort() {
        assertEquals(List.of("abc-1:9999", "abc-2:9999", "abc-3:9999", "localhost:10001"),
                HostList.expandAddresses("localhost:10001,abc-[1-3]", 9999));
    }

    @Test
    public void specExampleSuffixBelongsToItsOwnToken() {
        assertEquals(List.of("abc10:9999", "abc1:9999", "abc2:9999", "abc3:9999", "abc4:9999",
                "abc5:9999", "abc7:9999", "abc8:9999", "abc9:9999",
                "def1:10000", "def2:10000", "def3:10000", "def5:10000", "def7:10000", "def8:10000", "def9:10000"),
                HostList.expandAddresses("abc[1-5,7-10],def[1-3,5,7-9]:10000", 9999));
    }

    @Test
    public void duplicatesCollapse() {
        assertEquals(List.of("a:1", "a:9999", "b:9999"), HostList.expandAddresses("b a a:9999 a:1 b", 9999));
    }

    @Test
    public void emptyValueGivesNoAddresses() {
        assertEquals(List.of(), HostList.expandAddresses("", 9999));
    }

    @Test
    public void hostErrorsOfTheSpec() {
        assertError("bad:addr:here", "address bad:addr:here: too many colons in address");
        assertError("valid:10001,:100", "invalid hostname \":100\"");
        assertError("1001", "invalid hostname \"1001\"");
        assertError("foo:bar", "invalid port \"bar\"");
        assertError("foo:", "invalid port \"\"");
        assertError("node[5-4]", "invalid range \"5-4\" (4 < 5)");
    }

    @Test
    public void closingBracketWithoutOpeningIsABadRange() {
        assertError("foo]:1", "invalid range \"foo]:1\"");
    }

    @Test
    public void portOutsideTheTcpRangeIsRefused() {
        assertError("foo:65536", "invalid port \"65536\"");
        assertEquals(List.of("foo:65535"), HostList.expandAddresses("foo:65535", 9999));
    }
}
