package io.daos.control.dmg.cmd.system;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;

import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.daos.control.api.system.RankSet;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.ListPoolsResp;

/** The system commands' text and JSON, pinned as SPEC-SYSTEM §6.6.1 and §7.4 show them. */
public class SystemTextTest {

    static SystemMember member(int rank, int state) {
        return SystemMember.newBuilder().setRank(rank).setState(state).setUuid("uuid-" + rank)
                .setAddr("127.0.0.1:1000" + rank).build();
    }

    static RankResult result(int rank, String action, String msg) {
        return RankResult.newBuilder().setRank(rank).setAction(action).setErrored(msg != null)
                .setMsg(msg == null ? "" : msg).setState(msg == null ? 3 : 1).build();
    }

    @Test
    public void queryGroupsRanksByStateWithTheUnderPaddedRankColumn() throws Exception {
        assertEquals("Rank    State   \n"
                + "----    -----   \n"
                + "[0-1] Started \n"
                + "2     Stopped \n",
                SystemText.query(List.of(member(0, 1), member(1, 1), member(2, 3)), RankSet.EMPTY, false));
    }

    @Test
    public void queryOfSingleRanksInTwoStates() throws Exception {
        assertEquals("Rank State        \n"
                + "---- -----        \n"
                + "0  Started      \n"
                + "1  Unresponsive \n",
                SystemText.query(List.of(member(0, 1), member(1, 6)), RankSet.EMPTY, false));
    }

    @Test
    public void groupsAreOrderedByStateName() throws Exception {
        String text = SystemText.query(List.of(member(0, 6), member(1, 3), member(2, 5), member(3, 1)),
                RankSet.EMPTY, false);
        List<String> lines = text.lines().toList();
        assertEquals(List.of("Errored", "Started", "Stopped", "Unresponsive"),
                lines.subList(2, 6).stream().map(l -> l.trim().split(" +")[1]).toList());
    }

    @Test
    public void oneRankRequestedIsTheEntityEvenWhenVerbose() throws Exception {
        SystemMember m = SystemMember.newBuilder().setRank(0).setUuid("abc").setAddr("127.0.0.1:10001")
                .setState(1).build();
        String expected = "Rank 0\n"
                + "------\n"
                + "address : 127.0.0.1:10001\n"
                + "uuid    : abc            \n"
                + "status  : Started        \n"
                + "reason  : unknown        \n";
        assertEquals(expected, SystemText.query(List.of(m), RankSet.parse("0"), false));
        assertEquals(expected, SystemText.query(List.of(m), RankSet.parse("0"), true));
    }

    @Test
    public void oneRankRequestedNeedsExactlyOneMember() {
        DmgException e = assertThrows(DmgException.class,
                () -> SystemText.checkQuery(List.of(member(0, 1), member(1, 1)), RankSet.parse("1")));
        assertEquals("expected 1 member in result, got 2", e.getMessage());
        e = assertThrows(DmgException.class, () -> SystemText.checkQuery(List.of(), RankSet.parse("1")));
        assertEquals("expected 1 member in result, got 0", e.getMessage());
    }

    @Test
    public void verboseIsOneRowPerMemberInReplyOrder() throws Exception {
        SystemMember empty = SystemMember.newBuilder().setRank(1).setUuid("u1").setState(3).build();
        assertEquals("Rank UUID   Control Address State   \n"
                + "---- ----   --------------- -----   \n"
                + "2    uuid-2 127.0.0.1:10002 Started \n"
                + "1    u1     :0              Stopped \n",
                SystemText.query(List.of(member(2, 1), empty), RankSet.EMPTY, true));
    }

    @Test
    public void noMembers() throws Exception {
        assertEquals("No members in system", SystemText.query(List.of(), RankSet.EMPTY, true));
    }

    @Test
    public void aStateAboveSixIsAnErrorNotACrash() {
        DmgException e = assertThrows(DmgException.class,
                () -> SystemText.checkQuery(List.of(member(0, 7)), RankSet.EMPTY));
        assertEquals("invalid member state 7", e.getMessage());
        e = assertThrows(DmgException.class, () -> SystemText.state(-1));
        assertEquals("invalid member state 4294967295", e.getMessage());
    }

    @Test
    public void stopResultsGroupedByActionAndOutcome() throws Exception {
        assertEquals("Rank    Operation Result                    \n"
                + "----    --------- ------                    \n"
                + "[0-1] stop      OK                        \n"
                + "2     stop      want Stopped, got Started \n",
                SystemText.results(List.of(result(2, "stop", "want Stopped, got Started"), result(1, "stop", null),
                        result(0, "stop", null))));
    }

    @Test
    public void resultGroupsOrderedByKey() throws Exception {
        String text = SystemText.results(List.of(result(3, "stop", "want Stopped, got Started"),
                result(0, "stop", null), result(5, "prep shutdown", "harness unresponsive")));
        List<String> lines = text.lines().toList();
        assertEquals(5, lines.size());
        assertEquals("5  prep shutdown harness unresponsive      ", lines.get(2));
        assertEquals("0  stop          OK                        ", lines.get(3));
        assertEquals("3  stop          want Stopped, got Started ", lines.get(4));
    }

    /** The reference fails the whole table here; a slash in a message is just text of its cell. */
    @Test
    public void aResultMessageWithASlashStaysOneCell() throws DmgException {
        String text = SystemText.results(List.of(
                result(0, "prep shutdown", "rank 0 dRPC failed: dial /var/run/daos_server/daos_io_server.sock"),
                result(1, "prep shutdown", "rank 0 dRPC failed: dial /var/run/daos_server/daos_io_server.sock"),
                result(2, "prep shutdown", null)));
        assertEquals(List.of("Rank    Operation     Result                                                            ",
                "----    ---------     ------                                                            ",
                "2     prep shutdown OK                                                                ",
                "[0-1] prep shutdown rank 0 dRPC failed: dial /var/run/daos_server/daos_io_server.sock "),
                text.lines().toList());
    }

    @Test
    public void leaderAndReplicas() {
        assertEquals("Current Leader: host1:10001\n   Replica Set: host1:10001, host2:10001\n",
                SystemText.leader(LeaderQueryResp.newBuilder().setCurrentLeader("host1:10001")
                        .addReplicas("host1:10001").addReplicas("host2:10001").build()));
    }

    @Test
    public void jsonDocumentsParseBackWithTheirFieldNames() throws Exception {
        JsonObject q = JsonParser.parseString(SystemText.queryJson(List.of(member(0, 1),
                SystemMember.newBuilder().setRank(-1).setState(6).setUuid("u\"<").build()))).getAsJsonObject();
        JsonArray members = q.getAsJsonArray("members");
        assertEquals(2, members.size());
        JsonObject m0 = members.get(0).getAsJsonObject();
        assertEquals(0, m0.get("rank").getAsLong());
        assertEquals("uuid-0", m0.get("uuid").getAsString());
        assertEquals("127.0.0.1:10000", m0.get("addr").getAsString());
        assertEquals("Started", m0.get("state").getAsString());
        JsonObject m1 = members.get(1).getAsJsonObject();
        assertEquals(4294967295L, m1.get("rank").getAsLong());
        assertEquals("u\"<", m1.get("uuid").getAsString());
        assertEquals(":0", m1.get("addr").getAsString());
        assertEquals("Unresponsive", m1.get("state").getAsString());
        assertEquals("{\"members\":[]}", SystemText.queryJson(List.of()));

        JsonObject r = JsonParser.parseString(SystemText.resultsJson(List.of(result(0, "stop", null),
                result(1, "stop", "want Stopped, got Started")))).getAsJsonObject();
        JsonObject r1 = r.getAsJsonArray("results").get(1).getAsJsonObject();
        assertEquals(1, r1.get("rank").getAsLong());
        assertEquals("stop", r1.get("action").getAsString());
        assertEquals("want Stopped, got Started", r1.get("result").getAsString());
        assertEquals(true, r1.get("errored").getAsBoolean());
        assertEquals("want Stopped, got Started", r1.get("msg").getAsString());
        assertEquals("Started", r1.get("state").getAsString());
        assertEquals("OK", r.getAsJsonArray("results").get(0).getAsJsonObject().get("result").getAsString());

        JsonObject l = JsonParser.parseString(SystemText.leaderJson(LeaderQueryResp.newBuilder()
                .setCurrentLeader("a:1").addReplicas("a:1").addReplicas("b:1").build())).getAsJsonObject();
        assertEquals("a:1", l.get("leader").getAsString());
        assertEquals(2, l.getAsJsonArray("replicas").size());
        assertEquals("b:1", l.getAsJsonArray("replicas").get(1).getAsString());

    }
}
