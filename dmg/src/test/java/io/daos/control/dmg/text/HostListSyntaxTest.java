package io.daos.control.dmg.text;

import io.daos.control.api.net.HostList;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

/**
 * The host-list syntax dmg reads ({@link HostList} of the api, §6.3): tokenising, host tokens,
 * bracket ranges, list building and every error message, pinned to the spec.
 */
public class HostListSyntaxTest {

    private static void assertError(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostList.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    public void separatorsAreCommasBlanksAndTabsOutsideBrackets() {
        HostList l = HostList.parse(" ,\tnode1 node2\tnode3,,foo[1,3] ,");
        assertEquals("node[1-3],foo[1,3]", l.toString());
        assertEquals(List.of("node1", "node2", "node3", "foo1", "foo3"), l.hosts());
        assertEquals(5, l.count());
    }

    @Test
    public void emptyAndBlankTextGiveTheEmptyList() {
        assertTrue(HostList.parse("").isEmpty());
        assertTrue(HostList.parse(" , \t").isEmpty());
        assertEquals("", HostList.empty().toString());
        assertEquals(0, HostList.empty().count());
    }

    @Test
    public void unbracketedHostsSplitIntoPrefixNumberAndSuffix() {
        // with a dash the greedy word run takes digits: node1-3 is prefix node1-, number 3
        assertEquals("node1-[3-4]", HostList.parse("node1-3,node1-4").toString());
        assertEquals("abc-[1-2]", HostList.parse("abc-1,abc-2").toString());
        // without a dash: letters then the number
        assertEquals("host[12-13]", HostList.parse("host12,host13").toString());
        // IPv4: numbered on the last octet, port as suffix
        assertEquals("10.0.0.[7-8]:10001", HostList.parse("10.0.0.7:10001,10.0.0.8:10001").toString());
        // no number: a literal host, kept whole and never merged
        assertEquals("localhost:10001,localhost:10001", HostList.parse("localhost:10001 localhost:10001").toString());
        assertEquals("node-abc", HostList.parse("node-abc").toString());
    }

    @Test
    public void numberWidthIsKeptAsWritten() {
        assertEquals("host007", HostList.parse("host007").toString());
        assertEquals(List.of("host007", "host008"), HostList.parse("host007,host008").hosts());
        assertEquals("host[007-008]", HostList.parse("host007,host008").toString());
    }

    @Test
    public void invalidHostnames() {
        assertError("1001", "invalid hostname \"1001\"");
        assertError(":100", "invalid hostname \":100\"");
        assertError("valid:10001,:100", "invalid hostname \":100\"");
        assertError("-abc", "invalid hostname \"-abc\"");
    }

    @Test
    public void bracketRangesKeepZeroPaddingAndSuffix() {
        HostList l = HostList.parse("node[001-003]-ib:10001");
        assertEquals(List.of("node001-ib:10001", "node002-ib:10001", "node003-ib:10001"), l.hosts());
        assertEquals("node[001-003]-ib:10001", l.toString());
        assertEquals("node001-ib:10001,node002-ib:10001,node003-ib:10001", l.deranged());
    }

    @Test
    public void bracketItemsAreMergedWhenTheyContinueEachOther() {
        assertEquals("node[1-5]", HostList.parse("node[1-3,4-5]").toString());
        assertEquals("node[1-3,5]", HostList.parse("node[1-3,5]").toString());
        assertEquals("node1", HostList.parse("node[1]").toString());
    }

    @Test
    public void listBuildingKeepsOrderAndDuplicates() {
        HostList l = HostList.parse("node3,node1,node2,node3");
        assertEquals("node[3,1-3]", l.toString());
        assertEquals(4, l.count());
    }

    @Test
    public void rangeErrorsOfTheSpec() {
        assertError("node[5-4]", "invalid range \"5-4\" (4 < 5)");
        assertError("node[a-b]", "invalid range \"a-b\" (\"a\" is not uint)");
        assertError("node[0-b]", "invalid range \"0-b\" (\"b\" is not uint)");
        assertError("node[0--1]", "invalid range: \"0--1\"");
        assertError("node[ab]", "invalid range \"ab\" (\"ab\" is not uint)");
        assertError("node[0-1", "invalid range \"node[0-1\"");
    }

    @Test
    public void moreRangeErrors() {
        assertError("[1-3]", "invalid range: \"[1-3]\"");
        assertError("node[]", "invalid range \"\" (\"\" is not uint)");
        assertError("node[1,]", "invalid range \"\" (\"\" is not uint)");
        assertError("node[-5]", "invalid range \"-5\" (\"\" is not uint)");
        assertError("node[0-16384]", "invalid range \"0-16384\" (> 16384 hosts)");
        assertEquals(16384, HostList.parse("node[0-16383]").count());
        // a separator inside an unclosed bracket belongs to the bad token
        assertError("node[0-1,node2", "invalid range \"node[0-1,node2\"");
    }

    @Test
    public void widthCompatibilityDecidesMerging() {
        // pad(1,3)=2 both ways: compatible, merged at width 3
        assertEquals("node[001-020]", HostList.parse("node[001-9],node[010-20]").toString());
        // 001 needs width 3 and 10 would gain a zero at width 3: incompatible, not merged
        assertEquals("node[001-009,10-20]", HostList.parse("node[001-9],node[10-20]").toString());
        // 9 at width 1 then 10 at width 2: 10 prints the same at width 1, merged
        assertEquals("node[8-12]", HostList.parse("node[8-9],node[10-12]").toString());
    }
}
