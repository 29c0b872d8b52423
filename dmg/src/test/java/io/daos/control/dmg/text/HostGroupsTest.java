package io.daos.control.dmg.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.daos.control.api.net.HostList;
import io.daos.control.api.system.RankSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** {@link HostGroups}: group list, group table and blocks (§6.5.3), rank tables (§6.6.1, §2.8). */
public class HostGroupsTest {

    @Test
    public void noGroupsRenderNothing() {
        HostGroups g = new HostGroups();
        assertTrue(g.isEmpty());
        assertEquals("", g.toString());
        assertEquals("", g.blocks());
    }

    @Test
    public void specConnectionStateSingleHost() {
        assertEquals("localhost:10001: connected\n", new HostGroups().add("connected", "localhost:10001").toString());
        assertEquals("abc:10000: connected\n", new HostGroups().add("connected", "abc:10000").toString());
    }

    @Test
    public void specConnectionStatesRightAligned() {
        HostGroups g = new HostGroups();
        for (String h : new String[] {"bar3:10001", "bar4:10001", "bar5:10001", "bar6:10001"}) {
            g.add("connected", h);
        }
        g.add("foobar", "bar7:10001").add("foobar", "bar9:10000").add("foobar", "bar8:10001");
        g.add("foobaz", "bar2:10001");
        assertEquals(""
                + "           bar[3-6]:10001: connected\n"
                + "bar9:10000,bar[7-8]:10001: foobar\n"
                + "               bar2:10001: foobaz\n", g.toString());
    }

    @Test
    public void specConnectionStatesGroupedByPortAndIp() {
        assertEquals("abc[4-5]:10000: refused\n",
                new HostGroups().add("refused", "abc4:10000").add("refused", "abc5:10000").toString());
        assertEquals("abc4:10000,abc5:10001: refused\n",
                new HostGroups().add("refused", "abc4:10000").add("refused", "abc5:10001").toString());
        HostGroups ip = new HostGroups();
        for (int i = 6; i >= 3; i--) {
            ip.add("connected", "10.0.0." + i + ":10001");
        }
        assertEquals("10.0.0.[3-6]:10001: connected\n", ip.toString());
    }

    @Test
    public void groupTableSplitsKeysIntoColumns() {
        HostGroups g = new HostGroups()
                .add("3.0 TB (2 namespaces)/2.0 TB (1 controller)", "host2")
                .add("3.0 TB (2 namespaces)/2.0 TB (1 controller)", "host1")
                .add("Error: no scm/0 B (0 controllers)", "host3");
        assertEquals(""
                + "Hosts     SCM Total             NVMe Total            \n"
                + "-----     ---------             ----------            \n"
                + "host[1-2] 3.0 TB (2 namespaces) 2.0 TB (1 controller) \n"
                + "host3     Error: no scm         0 B (0 controllers)   \n",
                g.tabulate("Hosts", "SCM Total", "NVMe Total"));
    }

    /** Cells keep their slashes; rows sort as the reference's slash-joined keys; equal rows group. */
    @Test
    public void groupTableOfCellsKeepsSlashesInACell() {
        HostGroups g = new HostGroups()
                .addCells(new String[] {"Error: connection refused: /10.0.0.2:10001", "Error: x"}, "10.0.0.2")
                .addCells(new String[] {"1.0 GiB (1 module)", "0 B (0 controllers)"}, "10.0.0.1")
                .addCells(new String[] {"1.0 GiB (1 module)", "0 B (0 controllers)"}, "10.0.0.3");
        assertEquals(""
                + "Hosts        SCM Total                                  NVMe Total          \n"
                + "-----        ---------                                  ----------          \n"
                + "10.0.0.[1,3] 1.0 GiB (1 module)                         0 B (0 controllers) \n"
                + "10.0.0.2     Error: connection refused: /10.0.0.2:10001 Error: x            \n",
                g.tabulate("Hosts", "SCM Total", "NVMe Total"));
    }

    @Test
    public void groupTableErrors() {
        HostGroups g = new HostGroups().add("a/b/c", "h1");
        assertEquals("unexpected summary format",
                assertThrows(IllegalArgumentException.class, () -> g.tabulate("Hosts", "X")).getMessage());
        assertEquals("insufficient number of column titles",
                assertThrows(IllegalArgumentException.class, () -> g.tabulate("Hosts")).getMessage());
    }

    @Test
    public void specSystemQueryRankTableIsUnderPadded() {
        HostGroups g = new HostGroups().addRank("Started", 1).addRank("Stopped", 2).addRank("Started", 0);
        assertEquals(""
                + "Rank    State   \n"
                + "----    -----   \n"
                + "[0-1] Started \n"
                + "2     Stopped \n", g.tabulateRanks("Rank", "State"));
    }

    @Test
    public void specSystemQueryRankTableSingleRanks() {
        HostGroups g = new HostGroups().addRank("Started", 0).addRank("Unresponsive", 1);
        assertEquals(""
                + "Rank State        \n"
                + "---- -----        \n"
                + "0  Started      \n"
                + "1  Unresponsive \n", g.tabulateRanks("Rank", "State"));
    }

    @Test
    public void specSystemStopTable() {
        HostGroups g = new HostGroups().addRank("stop/OK", 0).addRank("stop/OK", 1)
                .addRank("stop/want Stopped, got Started", 2);
        assertEquals(""
                + "Rank    Operation Result                    \n"
                + "----    --------- ------                    \n"
                + "[0-1] stop      OK                        \n"
                + "2     stop      want Stopped, got Started \n", g.tabulateRanks("Rank", "Operation", "Result"));
    }

    @Test
    public void specStopResultWithSlashBreaksTheTable() {
        HostGroups g = new HostGroups().addRank("stop/dial unix /var/run/daos_server/daos_io_server.sock", 0);
        assertEquals("unexpected summary format", assertThrows(IllegalArgumentException.class,
                () -> g.tabulateRanks("Rank", "Operation", "Result")).getMessage());
    }

    @Test
    public void rankGroupsPrintAsTheHostSetOfTheirPseudoHosts() {
        long[][] cases = {{0, 1, 2, 3, 5, 10, 11, 12}, {7}, {0, 2, 4}, {9, 10}, {1, 100}, {100, 1, 5, 3, 2, 4, 99}};
        String[] expected = {"[0-3,5,10-12]", "7", "[0,2,4]", "[9-10]", "[1,100]", "[1-5,99-100]"};
        for (int i = 0; i < cases.length; i++) {
            HostGroups g = new HostGroups();
            List<String> pseudoHosts = new ArrayList<>();
            for (long r : cases[i]) {
                g.addRank("k", r);
                pseudoHosts.add("r-" + r);
            }
            String reference = HostList.setOf(pseudoHosts).toString();
            assertEquals(reference, g.groups().get("k"));
            assertEquals("r-" + expected[i], reference);
            assertEquals(expected[i], RankSet.ofValues(cases[i]).toString());
        }
    }

    @Test
    public void thousandsOfScatteredRanks() {
        HostGroups g = new HostGroups();
        for (int r = 0; r < 4000; r++) {
            g.addRank(r % 2 == 0 ? "Started" : "Stopped", r);
        }
        String out = g.tabulateRanks("Rank", "State");
        assertTrue(out, out.contains("\n[0,2,4,6,"));
        assertTrue(out, out.contains(",3996,3998] Started "));
    }

    @Test
    public void aGroupHoldsHostsOrRanksNotBoth() {
        HostGroups g = new HostGroups().addRank("r", 1).add("h", "host1");
        assertThrows(IllegalStateException.class, () -> g.add("r", "host2"));
        assertThrows(IllegalStateException.class, () -> g.addRank("h", 2));
        assertEquals("invalid range \"-1\" (rank -1 out of range [0, 4294967294])",
                assertThrows(IllegalArgumentException.class, () -> g.addRank("r", -1)).getMessage());
    }

    @Test
    public void blocksForVerboseStorageOutput() {
        HostGroups g = new HostGroups().add("\tNo SCM modules found\n", "h1").add("\tNo SCM modules found\n", "h2")
                .add("NVMe Error: boom\n", "other");
        assertEquals("------\nh[1-2]\n------\n\tNo SCM modules found\n"
                + "-----\nother\n-----\nNVMe Error: boom\n", g.blocks());
    }

    @Test
    public void specFormatSummaryGroupList() {
        HostGroups g = new HostGroups().add("storage format ok", "host1").add("storage format ok", "host2")
                .add("dial tcp: connection refused", "host3");
        assertEquals("    host3: dial tcp: connection refused\nhost[1-2]: storage format ok\n", g.toString());
    }

    @Test
    public void badHostIsRejected() {
        assertEquals("invalid hostname \"1001\"", assertThrows(IllegalArgumentException.class,
                () -> new HostGroups().add("k", "1001")).getMessage());
    }
}
