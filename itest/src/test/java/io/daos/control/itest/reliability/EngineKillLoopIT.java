package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.KillableNode;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * Engine SIGKILL loop (issue 16, point 5): on one formatted node (two emulated engines, ranks 0
 * and 1, rank 0 the management service replica), a seeded choice of engines (rank 0, rank 1 or
 * both) is SIGKILLed, {@code reliability.engine.kills} times (quick 5, long 300). Each time: the
 * harness notices (its {@code instance exited: ... signal: killed} and {@code rank <r> member
 * state Stopped} lines), the killed process is reaped (gone from {@code /proc}, no zombie child of
 * daos_server), its dRPC socket removed, SystemQuery (the server keeps answering) shows the killed
 * ranks Stopped or Errored and the others Started; then, as the reference restarts (instances are
 * never restarted automatically, StartRanks only once every instance exited: SPEC-SERVER §3.7,
 * SPEC-SYSTEM §2.7), StopRanks stops the survivors and StartRanks starts both again: both ranks
 * come back Started with their uuids, exactly two engines run under daos_server, and no engine
 * process of this node runs anywhere else.
 */
public class EngineKillLoopIT {

    private static final int STARTED = 1;
    private static final int STOPPED = 3;
    private static final int ERRORED = 5;

    @Rule
    public final NodeRule rule = new NodeRule("rel-enginekill");

    private KillableNode node() {
        return rule.get();
    }

    @Test
    public void sigkilledEnginesAreNoticedReapedAndRestartable() throws Exception {
        int kills = Profile.count("engine.kills", 5, 300);
        Random rnd = Profile.random("EngineKillLoopIT");
        long t0 = System.nanoTime();
        node().start();
        node().formatAndAwaitJoined();
        Map<Integer, String> uuids = ranksAndUuids(node().members());
        assertEquals(uuids.toString(), Set.of(0, 1), uuids.keySet());
        long server = node().server().pid();
        long loop0 = System.nanoTime();
        int[] killedPerRank = new int[2];
        for (int k = 1; k <= kills; k++) {
            int pick = rnd.nextInt(3);
            List<Integer> victims = pick == 2 ? List.of(0, 1) : List.of(pick);
            String at = "kill " + k + "/" + kills + " of rank(s) " + victims;
            int mark = node().logLines();
            Map<Integer, ProcessHandle> killed = new LinkedHashMap<>();
            for (int rank : victims) {
                ProcessHandle engine = node().engine(rank);
                killed.put(rank, engine);
                assertTrue(at, engine.destroyForcibly());
                killedPerRank[rank]++;
            }
            for (Map.Entry<Integer, ProcessHandle> e : killed.entrySet()) {
                int rank = e.getKey();
                String exited = "(instance " + rank + ") exited: signal: killed";
                node().awaitLog(mark, l -> l.contains("instance exited: ") && l.contains(exited), KillableNode.EVENT_MS);
                node().awaitLog(mark, l -> l.contains("rank " + rank + " member state Stopped at "), KillableNode.EVENT_MS);
                long pid = e.getValue().pid();
                assertTrue(at + ": engine " + pid + " still in /proc (not reaped)", Procs.gone(pid));
                assertFalse(at + ": the socket of engine " + pid + " left behind", java.nio.file.Files.exists(
                        node().work().resolve("run").resolve("daos_io_server_" + pid + ".sock")));
            }
            assertEquals(at + ": zombie children of daos_server", List.of(), Procs.zombieChildren(server));
            for (SystemMember m : node().members()) {
                if (victims.contains(m.getRank())) {
                    assertTrue(at + ": " + m, m.getState() == STOPPED || m.getState() == ERRORED);
                } else {
                    assertEquals(at + ": " + m, STARTED, m.getState());
                }
            }
            restartBoth(at, victims.size() < 2);
            assertEquals(at, uuids, ranksAndUuids(node().members()));
            for (SystemMember m : node().members()) {
                assertEquals(at + ": " + m, STARTED, m.getState());
            }
            List<ProcessHandle> engines = node().engines();
            assertEquals(at + ": engines under daos_server " + engines, 2, engines.size());
            for (ProcessHandle old : killed.values()) {
                assertFalse(at, engines.contains(old));
            }
            assertEquals(at + ": engine processes of this node", Set.copyOf(engines), Set.copyOf(node().engineProcesses()));
            assertEquals(at + ": zombie children of daos_server", List.of(), Procs.zombieChildren(server));
            assertEquals(at + ": daos_server restarted?", server, node().server().pid());
        }
        long loopNs = System.nanoTime() - loop0;
        System.out.printf("[measure] EngineKillLoopIT: %d kills (rank 0: %d, rank 1: %d), %.2f s per kill and "
                + "restart, %.1f s in all%n", kills, killedPerRank[0], killedPerRank[1], loopNs / 1e9 / kills,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * StopRanks when an instance still runs (StartRanks starts only once all exited), then
     * StartRanks; waits (log events) until both ranks rejoined and both instances started.
     */
    private void restartBoth(String at, boolean survivors) throws Exception {
        int mark = node().logLines();
        RanksReq all = RanksReq.getDefaultInstance();
        if (survivors) {
            RanksResp stopped = node().mgmt().stopRanks(all);
            stopped.getResultsList().forEach(r -> assertEquals(at + ": " + stopped, STOPPED, r.getState()));
        }
        RanksResp started = node().mgmt().withDeadlineAfter(60, TimeUnit.SECONDS).startRanks(all);
        assertEquals(at + ": " + started, 2, started.getResultsCount());
        node().awaitJoined(mark);
    }

    private static Map<Integer, String> ranksAndUuids(List<SystemMember> members) {
        Map<Integer, String> out = new LinkedHashMap<>();
        members.forEach(m -> out.put(m.getRank(), m.getUuid()));
        return out;
    }
}
