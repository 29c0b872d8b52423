package io.daos.control.itest.e2e;

import static io.daos.control.itest.e2e.MgmtCalls.MIB;
import static io.daos.control.itest.e2e.MgmtCalls.create;
import static io.daos.control.itest.e2e.MgmtCalls.newUuid;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.api.system.MemberState;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;

/**
 * The system DB survives a restart of daos_server (issue 11, proof 3), end to end on the
 * assembled distribution: one formatted node, pools created (default, {@code -r 1}, {@code -r 0},
 * with an ACL); daos_server stopped cleanly (SIGINT) and started again on the same storage and
 * distribution copy, then SIGKILLed and started again. After each start: SystemQuery lists the
 * same ranks with the same uuids at once (before the engines are back), both ranks come back as
 * members the DB knew ("system member rejoined") and are Started with the same ranks and uuids,
 * ListPools lists the same pools with the same replicas, each answers PoolQuery 0, a new pool can
 * be created and one destroyed. The DB directory {@code data/control_raft} holds the Raft log.
 */
public class DbRestartIT {

    private static final Set<Integer> BEFORE_REJOIN = Set.of(MemberState.UNKNOWN.code(), MemberState.STARTED.code(),
            MemberState.STOPPED.code());

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-dbrestart")
            .assuming("needs root: the ram SCM is a tmpfs mount", NodeSupport::isRoot);

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-dbrestart-work");

    @Test
    public void membersAndPoolsSurviveACleanStopAndASigkill() throws Exception {
        long t0 = System.nanoTime();
        DbNode n = DbNode.startFormatted(workRule);
        MgmtCalls mgmt = n.mgmt();

        Map<String, List<Integer>> made = new LinkedHashMap<>();
        String plain = newUuid();
        made.put(plain, mgmt.createOk(create(plain, 32 * MIB).build(), List.of(1)).getSvcrepsList());
        String onRank1 = newUuid();
        made.put(onRank1, mgmt.createOk(create(onRank1, 16 * MIB).addRanks(1).build(), List.of(1)).getSvcrepsList());
        String onRank0 = newUuid();
        made.put(onRank0, mgmt.createOk(create(onRank0, 16 * MIB).addRanks(0).build(), List.of(0)).getSvcrepsList());
        String withAcl = newUuid();
        List<String> acl = List.of("A::OWNER@:rw", "A::bob@:r", "A:G:GROUP@:rw");
        made.put(withAcl, mgmt.createOk(create(withAcl, 16 * MIB).addAllAcl(acl).build(), List.of(1)).getSvcrepsList());
        assertEquals(made, n.listPools());
        List<SystemMember> before = n.members();
        Map<Integer, String> ranks = DbNode.ranksAndUuids(before);
        assertEquals(before.toString(), Set.of(0, 1), ranks.keySet());
        assertDbFiles(n.dbDir());

        // 1. clean stop (SIGINT) and start on the same storage
        long s0 = System.nanoTime();
        n.stopCleanly();
        made = checkAfterRestart(n, made, ranks, acl, withAcl, "clean stop");
        System.out.printf("[measure] DbRestartIT: SIGINT -> back with both ranks and the pools: %.1f s%n",
                (System.nanoTime() - s0) / 1e9);

        // 2. SIGKILL (no shutdown hook; the engines die with it) and start again
        long k0 = System.nanoTime();
        n.kill();
        checkAfterRestart(n, made, ranks, acl, withAcl, "SIGKILL");
        System.out.printf("[measure] DbRestartIT: SIGKILL -> back with both ranks and the pools: %.1f s; "
                + "whole test %.1f s%n", (System.nanoTime() - k0) / 1e9, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Starts the server again after {@code how} and checks members and pools; creates one pool
     * and destroys another; returns the pools now.
     */
    private Map<String, List<Integer>> checkAfterRestart(DbNode n, Map<String, List<Integer>> made,
            Map<Integer, String> ranks, List<String> acl, String withAcl, String how) throws Exception {
        int mark = n.start();
        // the DB is read before the engines are back: the same ranks and uuids, not yet Started
        // (or already, if they were quick), never a member the DB did not have
        List<SystemMember> early = n.members();
        assertEquals(how + ": members right after the start " + early, ranks, DbNode.ranksAndUuids(early));
        for (SystemMember m : early) {
            assertTrue(how + ": member state right after the start " + early, BEFORE_REJOIN.contains(m.getState()));
        }
        List<String> uuids = n.awaitRejoined(mark);
        assertEquals(how + ": uuids the ranks rejoined with", List.copyOf(ranks.values()), uuids);
        n.assertRejoinedNotAdded(mark);
        List<SystemMember> after = n.members();
        assertEquals(how + ": " + after, ranks, DbNode.ranksAndUuids(after));
        for (SystemMember m : after) {
            assertEquals(how + ": " + after, MemberState.STARTED.code(), m.getState());
            assertEquals(how + ": " + after, "127.0.0.1:" + n.node.port, m.getAddr());
        }

        assertEquals(how + ": ListPools", made, n.listPools());
        for (String uuid : made.keySet()) {
            assertEquals(how + ": PoolQuery " + uuid, 0, n.queryStatus(uuid));
        }
        assertEquals(how + ": the engines' pools", made, n.enginePools());
        MgmtCalls.assertAcl(n.mgmt().getAcl(withAcl), acl, "root@", "root@");

        Map<String, List<Integer>> now = new LinkedHashMap<>(made);
        String fresh = newUuid();
        now.put(fresh, n.mgmt().createOk(create(fresh, 16 * MIB).build(), List.of(1)).getSvcrepsList());
        String gone = made.keySet().iterator().next();
        PoolDestroyResp d = n.mgmt().stub().poolDestroy(PoolDestroyReq.newBuilder().setUuid(gone).build());
        assertEquals(how + ": " + d, 0, d.getStatus());
        now.remove(gone);
        assertEquals(how + ": ListPools after a create and a destroy", now, n.listPools());
        assertEquals(how + ": PoolQuery of the destroyed pool", -1005, n.queryStatus(gone));
        assertDbFiles(n.dbDir());
        return now;
    }

    /** The DB directory holds the Raft group's files (its log segments, at least). */
    private static void assertDbFiles(Path dir) throws Exception {
        assertTrue(dir + " missing", Files.isDirectory(dir));
        List<String> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        }
        assertFalse("no file under " + dir, files.isEmpty());
        assertTrue("no Raft log segment under " + dir + ": " + files,
                files.stream().anyMatch(f -> f.contains("log_")));
    }
}
