package io.daos.control.dmg.text;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** {@link Table} (§6.5.1) and {@link Entity} (§6.5.2). */
public class TableTest {

    @Test
    public void specPoolListTableWithTrailingSpacesAndNone() {
        String out = Table.render(List.of("Pool UUID", "Svc Replicas"), List.of(
                Map.of("Pool UUID", "2a8ec3b2-729b-4617-bf51-77f37f764194", "Svc Replicas", "1,2"),
                Map.of("Pool UUID", "a106d667-5c5d-4d6f-ac3a-89099196c41a")));
        assertEquals(""
                + "Pool UUID                            Svc Replicas \n"
                + "---------                            ------------ \n"
                + "2a8ec3b2-729b-4617-bf51-77f37f764194 1,2          \n"
                + "a106d667-5c5d-4d6f-ac3a-89099196c41a None         \n", out);
    }

    @Test
    public void noRowsGivesTitlesAndDashes() {
        assertEquals("A  Bcd \n-- --- \n", Table.render(List.of("A ", "Bcd"), List.of()));
    }

    @Test
    public void rowsAsArraysKeepTheirOrderAndPadEveryColumn() {
        String out = Table.renderRows(List.of("Rank", "UUID", "Control Address", "State"), List.of(
                new String[] {"0", "abc", "127.0.0.1:10001", "Started"},
                new String[] {"10", "d", "127.0.0.2:10001", null},
                new String[] {"2"}));
        assertEquals(""
                + "Rank UUID Control Address State   \n"
                + "---- ---- --------------- -----   \n"
                + "0    abc  127.0.0.1:10001 Started \n"
                + "10   d    127.0.0.2:10001 None    \n"
                + "2    None None            None    \n", out);
    }

    @Test
    public void specSystemQuerySingleRankEntity() {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("address", "127.0.0.1:10001");
        attrs.put("uuid", "abc");
        attrs.put("status", "Started");
        attrs.put("reason", "unknown");
        assertEquals(""
                + "Rank 0\n"
                + "------\n"
                + "address : 127.0.0.1:10001\n"
                + "uuid    : abc            \n"
                + "status  : Started        \n"
                + "reason  : unknown        \n", Entity.render("Rank 0", attrs));
    }

    @Test
    public void entityKeyAsLongAsTheWidthGetsNoSpace() {
        // "ab" sets the width to 3; "abc" is not longer than 3, so it keeps 3 and touches the colon
        String out = Entity.render("T", List.of(Map.entry("ab", "x"), Map.entry("abc", "yy")));
        assertEquals("T\n-\nab : x \nabc: yy\n", out);
        // a longer key later raises the width for every line
        out = Entity.render("Title", List.of(Map.entry("a", "1"), Map.entry("abcd", "2")));
        assertEquals("Title\n-----\na    : 1\nabcd : 2\n", out);
    }

    @Test
    public void entityWithoutAttributes() {
        assertEquals("Empty\n-----\n", Entity.render("Empty", Map.of()));
    }
}
