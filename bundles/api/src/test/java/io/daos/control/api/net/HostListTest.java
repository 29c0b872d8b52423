package io.daos.control.api.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class HostListTest {

    private static String set(String text) {
        return HostList.parseSet(text).toString();
    }

    @Test
    public void referenceSetExamples() {
        HostList big = HostList.parseSet("node[1-128],node2,node4");
        assertEquals("node[1-128]", big.toString());
        assertEquals(128, big.count());
        assertEquals("node3,node1-[2-3,45,47],node2-1", set("node2-1,node1-2,node1-[45,47],node3,node1-3"));
        assertEquals("10.5.1.[1-32,42]:10001", set("10.5.1.[2-32]:10001,10.5.1.42:10001,10.5.1.1:10001"));
        assertEquals("node[001-020]", set("node[001-9],node[010-20]"));
        assertEquals("node[10-20,001-009]", set("node[001-9],node[10-20]"));
        assertEquals("node[1-3]", set("node1 node2 node3"));
        assertEquals("host[2,01]", set("host01,host2"));
        assertEquals("host[1-2,10]", set("host1,host2,host10"));
    }

    @Test
    public void listKeepsOrderAndDuplicates() {
        HostList l = HostList.parse("b1,a1,a2,b1");
        assertEquals("b1,a[1-2],b1", l.toString());
        assertEquals(List.of("b1", "a1", "a2", "b1"), l.hosts());
        assertEquals(4, l.count());
        assertEquals("a[1-2],b1", l.toSet().toString());
        assertEquals("b1,a1,a2,b1", l.deranged());
    }

    @Test
    public void literalHostsAndPorts() {
        assertEquals("localhost:10001", set("localhost:10001,localhost:10001"));
        assertEquals(List.of("node01:7", "node02:7"), HostList.parse("node[01-02]:7").hosts());
        assertEquals("abc,abc[1-2]", set("abc2,abc,abc1"));
        assertEquals(0, HostList.parse("").count());
        assertTrue(HostList.parse(" , \t").isEmpty());
        assertEquals("", HostList.empty().toString());
    }

    @Test
    public void zeroPaddingPreserved() {
        assertEquals(List.of("n008", "n009", "n010"), HostList.parse("n[008-010]").hosts());
        assertEquals("n[008-010]", HostList.parse("n[008-010]").toString());
    }

    @Test
    public void printParseRoundTrip() {
        for (String t : new String[] {"node[1-128]", "node3,node1-[2-3,45,47],node2-1", "10.5.1.[1-32,42]:10001",
                "host[2,01]", "node[10-20,001-009]"}) {
            assertEquals(t, HostList.parseSet(t).toString());
        }
    }

    private static void bad(String text, String message) {
        try {
            HostList.parse(text);
            fail(text);
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void errors() {
        bad("node[5-4]", "invalid range \"5-4\" (4 < 5)");
        bad("node[a-b]", "invalid range \"a-b\" (\"a\" is not uint)");
        bad("node[0-b]", "invalid range \"0-b\" (\"b\" is not uint)");
        bad("node[0--1]", "invalid range: \"0--1\"");
        bad("node[ab]", "invalid range \"ab\" (\"ab\" is not uint)");
        bad("node[0-1", "invalid range \"node[0-1\"");
        bad("node]0[", "invalid range \"node]0[\"");
        bad("[1-2]", "invalid range: \"[1-2]\"");
        bad("1001", "invalid hostname \"1001\"");
        bad(":100", "invalid hostname \":100\"");
        bad("n[0-16384]", "invalid range \"0-16384\" (> 16384 hosts)");
        assertEquals(16384, HostList.parse("n[0-16383]").count());
    }

    @Test
    public void expandAddresses() {
        assertEquals(List.of("abc10:10001", "abc1:10000", "abc2:10000", "abc3:10000", "abc4:10000", "abc5:10000",
                "abc6:10001", "abc7:10001", "abc8:10001", "abc9:10001", "def1:10000", "def2:10000", "def3:10000"),
                HostList.expandAddresses("abc[1-5]:10000,abc[6-10]:10001,def[1-3]:10000", 9999));
        assertEquals(List.of("abc-1:9999", "abc-2:9999", "abc-3:9999", "localhost:10001"),
                HostList.expandAddresses("localhost:10001,abc-[1-3]", 9999));
        List<String> mixed = HostList.expandAddresses("abc[1-5,7-10],def[1-3,5,7-9]:10000", 9999);
        assertTrue(mixed.contains("abc7:9999"));
        assertTrue(mixed.contains("def5:10000"));
        assertEquals(9 + 7, mixed.size());
        try {
            HostList.expandAddresses("host:1:2", 1);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("address host:1:2: too many colons in address", e.getMessage());
        }
        try {
            HostList.expandAddresses("host:x", 1);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("invalid port \"x\"", e.getMessage());
        }
        try {
            HostList.expandAddresses("host:", 1);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("invalid port \"\"", e.getMessage());
        }
        // the split is HostPort's: a port must fit 16 bits
        try {
            HostList.expandAddresses("host:70000", 1);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("invalid port \"70000\"", e.getMessage());
        }
    }
}
