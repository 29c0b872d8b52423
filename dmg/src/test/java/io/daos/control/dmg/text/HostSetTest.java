package io.daos.control.dmg.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** {@link HostSet}: ordering, merging, de-duplication and renderings, pinned to §6.3's examples. */
public class HostSetTest {

    @Test
    public void specExampleDuplicatesInsideARange() {
        HostSet s = HostSet.parse("node[1-128],node2,node4");
        assertEquals("node[1-128]", s.toString());
        assertEquals(128, s.count());
    }

    @Test
    public void specExampleOrderedByPrefixThenNumber() {
        assertEquals("node3,node1-[2-3,45,47],node2-1",
                HostSet.parse("node2-1,node1-2,node1-[45,47],node3,node1-3").toString());
    }

    @Test
    public void specExampleIpAddresses() {
        HostSet s = HostSet.parse("10.5.1.[2-32]:10001,10.5.1.42:10001,10.5.1.1:10001");
        assertEquals("10.5.1.[1-32,42]:10001", s.toString());
        assertEquals(33, s.count());
    }

    @Test
    public void specExampleCompatibleWidthsMerge() {
        assertEquals("node[001-020]", HostSet.parse("node[001-9],node[010-20]").toString());
    }

    @Test
    public void specExampleIncompatibleWidthsOrderByWidth() {
        assertEquals("node[10-20,001-009]", HostSet.parse("node[001-9],node[10-20]").toString());
    }

    @Test
    public void specExampleBlankSeparated() {
        assertEquals("node[1-3]", HostSet.parse("node1 node2 node3").toString());
    }

    @Test
    public void specExampleZeroPaddedHostAfterNarrower() {
        assertEquals("host[2,01]", HostSet.parse("host01,host2").toString());
    }

    @Test
    public void specExampleWiderNumberTakesNarrowerWidth() {
        assertEquals("host[1-2,10]", HostSet.parse("host1,host2,host10").toString());
    }

    @Test
    public void orderIsInsertionIndependent() {
        String a = HostSet.parse("node5,node1,node3,node2,node4,other,node9").toString();
        String b = HostSet.parse("node9 other node4 node2 node3 node1 node5").toString();
        assertEquals("node[1-5,9],other", a);
        assertEquals(a, b);
    }

    @Test
    public void literalHostsAreDeduplicatedAndOrdered() {
        HostSet s = HostSet.parse("zeta,alpha,zeta,alpha");
        assertEquals("alpha,zeta", s.toString());
        assertEquals(2, s.count());
    }

    @Test
    public void suffixesSeparateGroups() {
        assertEquals("bar9:10000,bar[7-8]:10001",
                HostSet.parse("bar8:10001,bar9:10000,bar7:10001").toString());
    }

    @Test
    public void overlappingRangesMergeAcrossInsertions() {
        HostSet s = HostSet.parse("n[1-3]").with("n[7-9]").with("n[2-8]");
        assertEquals("n[1-9]", s.toString());
        assertEquals(9, s.count());
    }

    @Test
    public void derangedAndHostsSpellEveryHostOutInSetOrder() {
        HostSet s = HostSet.parse("b2,a[01-02],b1");
        assertEquals("a01,a02,b1,b2", s.deranged());
        assertEquals(List.of("a01", "a02", "b1", "b2"), s.hosts());
    }

    @Test
    public void withLeavesTheOriginalUnchanged() {
        HostSet s = HostSet.parse("n1");
        HostSet t = s.with("n2");
        assertEquals("n1", s.toString());
        assertEquals("n[1-2]", t.toString());
        assertSame(s, s.with(" "));
    }

    @Test
    public void ofManyPatterns() {
        assertEquals("a[1-3]", HostSet.of(List.of("a3", "a1", "a2")).toString());
        assertTrue(HostSet.of(List.of()).isEmpty());
        assertEquals(HostSet.parse("a[1-3]"), HostSet.of(List.of("a3", "a1", "a2")));
    }

    @Test
    public void badPatternIsRejectedWithTheListMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostSet.parse("node[5-4]"));
        assertEquals("invalid range \"5-4\" (4 < 5)", e.getMessage());
    }

    @Test
    public void thousandsOfSingleHostsStayCheap() {
        StringBuilder sb = new StringBuilder();
        for (int i = 4000; i > 0; i -= 2) {
            sb.append("h").append(i).append(',');
        }
        HostSet s = HostSet.parse(sb.toString());
        assertEquals(2000, s.count());
        assertTrue(s.toString().startsWith("h[2,4,6,"));
    }
}
