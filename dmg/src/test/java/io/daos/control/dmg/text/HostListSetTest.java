package io.daos.control.dmg.text;

import io.daos.control.api.net.HostList;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** Host sets as dmg displays them ({@link HostList#parseSet} of the api): ordering, merging, de-duplication, renderings, pinned to §6.3's examples. */
public class HostListSetTest {

    @Test
    public void specExampleDuplicatesInsideARange() {
        HostList s = HostList.parseSet("node[1-128],node2,node4");
        assertEquals("node[1-128]", s.toString());
        assertEquals(128, s.count());
    }

    @Test
    public void specExampleOrderedByPrefixThenNumber() {
        assertEquals("node3,node1-[2-3,45,47],node2-1",
                HostList.parseSet("node2-1,node1-2,node1-[45,47],node3,node1-3").toString());
    }

    @Test
    public void specExampleIpAddresses() {
        HostList s = HostList.parseSet("10.5.1.[2-32]:10001,10.5.1.42:10001,10.5.1.1:10001");
        assertEquals("10.5.1.[1-32,42]:10001", s.toString());
        assertEquals(33, s.count());
    }

    @Test
    public void specExampleCompatibleWidthsMerge() {
        assertEquals("node[001-020]", HostList.parseSet("node[001-9],node[010-20]").toString());
    }

    @Test
    public void specExampleIncompatibleWidthsOrderByWidth() {
        assertEquals("node[10-20,001-009]", HostList.parseSet("node[001-9],node[10-20]").toString());
    }

    @Test
    public void specExampleBlankSeparated() {
        assertEquals("node[1-3]", HostList.parseSet("node1 node2 node3").toString());
    }

    @Test
    public void specExampleZeroPaddedHostAfterNarrower() {
        assertEquals("host[2,01]", HostList.parseSet("host01,host2").toString());
    }

    @Test
    public void specExampleWiderNumberTakesNarrowerWidth() {
        assertEquals("host[1-2,10]", HostList.parseSet("host1,host2,host10").toString());
    }

    @Test
    public void orderIsInsertionIndependent() {
        String a = HostList.parseSet("node5,node1,node3,node2,node4,other,node9").toString();
        String b = HostList.parseSet("node9 other node4 node2 node3 node1 node5").toString();
        assertEquals("node[1-5,9],other", a);
        assertEquals(a, b);
    }

    @Test
    public void literalHostsAreDeduplicatedAndOrdered() {
        HostList s = HostList.parseSet("zeta,alpha,zeta,alpha");
        assertEquals("alpha,zeta", s.toString());
        assertEquals(2, s.count());
    }

    @Test
    public void suffixesSeparateGroups() {
        assertEquals("bar9:10000,bar[7-8]:10001",
                HostList.parseSet("bar8:10001,bar9:10000,bar7:10001").toString());
    }

    @Test
    public void overlappingRangesMergeAcrossInsertions() {
        HostList s = HostList.parseSet("n[1-3] n[7-9] n[2-8]");
        assertEquals("n[1-9]", s.toString());
        assertEquals(9, s.count());
    }

    @Test
    public void derangedAndHostsSpellEveryHostOutInSetOrder() {
        HostList s = HostList.parseSet("b2,a[01-02],b1");
        assertEquals("a01,a02,b1,b2", s.deranged());
        assertEquals(List.of("a01", "a02", "b1", "b2"), s.hosts());
    }

    @Test
    public void ofManyPatterns() {
        assertEquals("a[1-3]", HostList.setOf(List.of("a3", "a1", "a2")).toString());
        assertTrue(HostList.setOf(List.of()).isEmpty());
        assertEquals(HostList.parseSet("a[1-3]"), HostList.setOf(List.of("a3", "a1", "a2")));
    }

    @Test
    public void badPatternIsRejectedWithTheListMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostList.parseSet("node[5-4]"));
        assertEquals("invalid range \"5-4\" (4 < 5)", e.getMessage());
    }

    @Test
    public void thousandsOfSingleHostsStayCheap() {
        StringBuilder sb = new StringBuilder();
        for (int i = 4000; i > 0; i -= 2) {
            sb.append("h").append(i).append(',');
        }
        HostList s = HostList.parseSet(sb.toString());
        assertEquals(2000, s.count());
        assertTrue(s.toString().startsWith("h[2,4,6,"));
    }
}
