package io.daos.control.dmg.cmd.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.daos.control.api.system.RankSet;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cmd.JsonWriter;
import io.daos.control.dmg.text.Entity;
import io.daos.control.dmg.text.HostGroups;
import io.daos.control.dmg.text.Table;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.LeaderQueryResp;

/**
 * What the system commands print (SPEC-SYSTEM §6.6.1, §2.9), as pure functions of the replies:
 * the reference's text, and the {@code -j} documents whose field names the package documents.
 */
final class SystemText {

    /** The member state names by wire value (WIRE §5.8). */
    private static final String[] STATES = {"Unknown", "Started", "Stopping", "Stopped", "Evicted", "Errored",
        "Unresponsive"};

    static final String NO_MEMBERS = "No members in system";
    static final String NO_RESULTS = "No results returned";

    private SystemText() {
    }

    /**
     * The name of a member state.
     *
     * @throws DmgException {@code invalid member state <n>} above 6 (the reference crashes there)
     */
    static String state(int value) throws DmgException {
        if (value < 0 || value >= STATES.length) {
            throw new DmgException("invalid member state " + Integer.toUnsignedString(value));
        }
        return STATES[value];
    }

    /** A member's control address as the reference prints it: the empty address is {@code :0}. */
    static String address(String addr) {
        return addr.isEmpty() ? ":0" : addr;
    }

    private static long rank(int wire) {
        return Integer.toUnsignedLong(wire);
    }

    /**
     * Checks what {@code system query} got: every state known, and exactly one member when one rank
     * was requested ({@code expected 1 member in result, got <n>}).
     */
    static void checkQuery(List<SystemMember> members, RankSet requested) throws DmgException {
        for (SystemMember m : members) {
            state(m.getState());
        }
        if (requested.size() == 1 && members.size() != 1) {
            throw new DmgException("expected 1 member in result, got " + members.size());
        }
    }

    /**
     * The text of {@code system query} (checked with {@link #checkQuery}): {@value #NO_MEMBERS}, the
     * entity of the single rank requested, the verbose table, or the rank/state group table.
     */
    static String query(List<SystemMember> members, RankSet requested, boolean verbose) throws DmgException {
        if (members.isEmpty()) {
            return NO_MEMBERS;
        }
        if (requested.size() == 1) {
            SystemMember m = members.get(0);
            Map<String, String> a = new LinkedHashMap<>();
            a.put("address", address(m.getAddr()));
            a.put("uuid", m.getUuid());
            a.put("status", state(m.getState()));
            a.put("reason", "unknown");
            return Entity.render("Rank " + rank(m.getRank()), a);
        }
        if (verbose) {
            List<String[]> rows = new ArrayList<>(members.size());
            for (SystemMember m : members) {
                rows.add(new String[] {Long.toString(rank(m.getRank())), m.getUuid(), address(m.getAddr()),
                    state(m.getState())});
            }
            return Table.renderRows(List.of("Rank", "UUID", "Control Address", "State"), rows);
        }
        HostGroups groups = new HostGroups();
        for (SystemMember m : members) {
            groups.addRank(state(m.getState()), rank(m.getRank()));
        }
        return groups.tabulateRanks("Rank", "State");
    }

    /** {@code {"members":[{"rank":0,"uuid":"…","addr":"…","state":"Started"}]}}, in reply order. */
    static String queryJson(List<SystemMember> members) throws DmgException {
        JsonWriter w = new JsonWriter().beginObject().name("members").beginArray();
        for (SystemMember m : members) {
            w.beginObject().field("rank", rank(m.getRank())).field("uuid", m.getUuid())
                    .field("addr", address(m.getAddr())).field("state", state(m.getState())).endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** What the {@code Result} column shows of a rank result: {@code OK} or the error message. */
    static String result(RankResult r) {
        return r.getErrored() ? r.getMsg() : "OK";
    }

    /**
     * The {@code Rank Operation Result} table of {@code system stop|start}: ranks grouped by
     * action and result. A message holding {@code /} (a dRPC error naming a socket path) is one
     * cell: the reference fails the whole table there ({@code printing result table: unexpected
     * summary format}), hiding every rank's result.
     *
     * @throws DmgException {@code adding rank result to group: <err>}
     */
    static String results(List<RankResult> results) throws DmgException {
        HostGroups groups = new HostGroups();
        for (RankResult r : results) {
            try {
                groups.addRankCells(new String[] {r.getAction(), result(r)}, rank(r.getRank()));
            } catch (IllegalArgumentException e) {
                throw new DmgException("adding rank result to group: " + e.getMessage(), e);
            }
        }
        try {
            return groups.tabulateRanks("Rank", "Operation", "Result");
        } catch (IllegalArgumentException e) {
            throw new DmgException("printing result table: " + e.getMessage(), e);
        }
    }

    /**
     * {@code {"results":[{"rank":0,"action":"stop","result":"OK","errored":false,"msg":"","state":"Stopped"}]}},
     * in reply order.
     */
    static String resultsJson(List<RankResult> results) throws DmgException {
        JsonWriter w = new JsonWriter().beginObject().name("results").beginArray();
        for (RankResult r : results) {
            w.beginObject().field("rank", rank(r.getRank())).field("action", r.getAction())
                    .field("result", result(r)).field("errored", r.getErrored()).field("msg", r.getMsg())
                    .field("state", state(r.getState())).endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** {@code Current Leader: <addr>} and {@code    Replica Set: <a>, <b>}. */
    static String leader(LeaderQueryResp resp) {
        return "Current Leader: " + resp.getCurrentLeader() + "\n   Replica Set: "
                + String.join(", ", resp.getReplicasList()) + "\n";
    }

    /** {@code {"leader":"host1:10001","replicas":["host1:10001","host2:10001"]}}. */
    static String leaderJson(LeaderQueryResp resp) {
        JsonWriter w = new JsonWriter().beginObject().field("leader", resp.getCurrentLeader()).name("replicas")
                .beginArray();
        for (String r : resp.getReplicasList()) {
            w.value(r);
        }
        return w.endArray().endObject().toString();
    }
}
