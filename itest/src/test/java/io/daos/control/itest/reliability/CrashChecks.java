package io.daos.control.itest.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.daos.control.itest.e2e.KillableNode;

/**
 * What every daos_server SIGKILL of the suite must leave, checked after the kill and again once
 * the server is back: no engine process of the node anywhere (the engines die with their parent),
 * no zombie, a superblock per instance that is absent or complete (never torn), and the ram SCM
 * tmpfs mounted at most once per mount point — after the restart exactly once each, nothing else
 * mounted under the work directory or the distribution copy.
 */
final class CrashChecks {

    private CrashChecks() {
    }

    /** Right after the SIGKILL; what the superblocks and mounts are (for the log). */
    static String afterKill(KillableNode n, String at) throws Exception {
        n.awaitNoEngine();
        String sb = n.checkSuperblock(0) + " / " + n.checkSuperblock(1);
        Map<String, Integer> mounts = Procs.mountsUnder(n.work());
        for (Map.Entry<String, Integer> m : mounts.entrySet()) {
            assertTrue(at + ": unexpected mount after the kill " + mounts, Set.of("scm0", "scm1").contains(m.getKey()));
            assertEquals(at + ": mounted twice after the kill " + mounts, 1, (int) m.getValue());
        }
        assertEquals(at + ": mounts under the distribution copy", Map.of(), Procs.mountsUnder(n.home()));
        return "superblocks " + sb + ", mounts " + mounts.keySet();
    }

    /** Once both ranks are back after the restart. */
    static void afterRestart(KillableNode n, String at) throws Exception {
        assertEquals(at + ": mounts under the work directory after the restart",
                Map.of("scm0", 1, "scm1", 1), Procs.mountsUnder(n.work()));
        assertEquals(at + ": mounts under the distribution copy", Map.of(), Procs.mountsUnder(n.home()));
        for (int i = 0; i < 2; i++) {
            String sb = n.checkSuperblock(i);
            assertTrue(at + ": superblock " + i + " " + sb, sb.startsWith("complete(rank ") && sb.contains("validrank true"));
        }
        List<ProcessHandle> engines = n.engines();
        assertEquals(at + ": engines under daos_server " + engines, 2, engines.size());
        assertEquals(at + ": engine processes of this node", Set.copyOf(engines), Set.copyOf(n.engineProcesses()));
        assertEquals(at + ": zombie children of daos_server", List.of(), Procs.zombieChildren(n.server().pid()));
    }
}
