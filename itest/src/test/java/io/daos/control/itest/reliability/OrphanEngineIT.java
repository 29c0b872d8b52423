package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.KillableNode;

/**
 * Engines that outlive a SIGKILLed daos_server: with no parent-death signal (no {@code setpriv} on
 * the PATH, here {@code daos.harness.pdeathsig=false}; or a kill between an engine's spawn and its
 * wrapper's {@code prctl}) the engines run on, still bound to the node's SCM and sockets. The next
 * daos_server on the same config must not run beside them: it kills the I/O servers its
 * predecessor left (they name its socket directory), says so in its log, and starts its own —
 * exactly two engines afterwards, the leftovers gone, both ranks back with their uuids.
 */
public class OrphanEngineIT {

    @Rule
    public final NodeRule rule = new NodeRule("rel-orphan", Map.of("daos.harness.pdeathsig", "false"));

    private KillableNode node() {
        return rule.get();
    }

    @Test
    public void theNextStartKillsTheEnginesASigkilledServerLeft() throws Exception {
        node().start();
        node().formatAndAwaitJoined();
        List<String> uuids = List.of(node().members().get(0).getUuid(), node().members().get(1).getUuid());
        List<ProcessHandle> before = node().engines();
        assertEquals(before.toString(), 2, before.size());
        node().sigkillServerOnly();
        for (ProcessHandle h : before) {
            assertTrue("without a parent-death signal engine " + h.pid() + " outlives its server", h.isAlive());
        }

        long r0 = System.nanoTime();
        int mark = node().start();
        assertEquals(uuids, node().awaitJoined(mark));
        System.out.printf("[measure] OrphanEngineIT: start after the SIGKILL, leftovers killed, both ranks back: "
                + "%.1f s%n", (System.nanoTime() - r0) / 1e9);
        for (ProcessHandle h : before) {
            assertFalse("engine " + h.pid() + " left by the killed server still runs", h.isAlive());
            assertTrue(node().logFrom(mark).stream().anyMatch(l -> l.contains("left by an earlier daos_server")
                    && l.contains("pid " + h.pid())));
        }
        List<ProcessHandle> engines = node().engines();
        assertEquals(engines.toString(), 2, engines.size());
        assertEquals(Set.copyOf(engines), Set.copyOf(node().engineProcesses()));
        assertEquals(List.of(), Procs.zombieChildren(node().server().pid()));
        assertEquals(Map.of("scm0", 1, "scm1", 1), Procs.mountsUnder(node().work()));
    }
}
