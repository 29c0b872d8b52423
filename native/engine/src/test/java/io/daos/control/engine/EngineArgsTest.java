package io.daos.control.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class EngineArgsTest {

    @Test
    public void everyShortFlagAsTheControlServerPassesThem() throws Exception {
        EngineArgs a = EngineArgs.parse(("-m vos,rdb -t 16 -x 2 -f 1 -g daos_server -d /var/run/daos_server"
                + " -s /mnt/daos -n /mnt/daos/daos_nvme.conf -i 1234 -r 4096 -p 1 -I 1 -a /tmp/ai -b").split(" "));
        assertEquals("vos,rdb", a.modules);
        assertEquals(16, a.targets);
        assertEquals(2, a.helpers);
        assertEquals(1, a.firstCore);
        assertEquals("daos_server", a.group);
        assertEquals("/var/run/daos_server", a.socketDir);
        assertEquals("/mnt/daos", a.storage);
        assertEquals("/mnt/daos/daos_nvme.conf", a.nvmeConf);
        assertEquals(1234, a.shmId);
        assertEquals(4096, a.memSizeMb);
        assertEquals(1, a.numaNode);
        assertEquals(1, a.instanceIdx);
        assertEquals("/tmp/ai", a.attachInfo);
        assertTrue(a.bypassHealthCheck);
    }

    @Test
    public void longFormsAttachedValuesAndDefaults() throws Exception {
        EngineArgs a = EngineArgs.parse(new String[] {"--modules=x", "--targets", "3", "--xshelpernr=0",
            "--firstcore=2", "--group=g", "--socket_dir=/s", "--storage", "/m", "--nvme=/n", "--shm_id=5",
            "--mem_size=6", "--pinned_numa_node=0", "--instance_idx=1", "--bypass_health_chk"});
        assertEquals("x", a.modules);
        assertEquals(3, a.targets);
        assertEquals(0, a.helpers);
        assertEquals(2, a.firstCore);
        assertEquals("g", a.group);
        assertEquals("/s", a.socketDir);
        assertEquals("/m", a.storage);
        assertEquals("/n", a.nvmeConf);
        assertEquals(5, a.shmId);
        assertEquals(6, a.memSizeMb);
        assertEquals(0, a.numaNode);
        assertEquals(1, a.instanceIdx);
        a = EngineArgs.parse(new String[] {"-t4", "-bI2", "-c", "7"});
        assertEquals(7, a.targets);
        assertEquals(2, a.instanceIdx);
        a = EngineArgs.parse(new String[0]);
        assertEquals(0, a.targets);
        assertEquals("daos_server", a.group);
        assertEquals("/var/run/daos_server", a.socketDir);
        assertEquals("/mnt/daos", a.storage);
        assertEquals(0, a.instanceIdx);
        assertEquals(-1, a.numaNode);
        try {
            EngineArgs.parse(new String[] {"-h"});
            fail("no help");
        } catch (EngineArgs.HelpRequested expected) {
            // ok
        }
    }

    private static void bad(String want, String... argv) throws Exception {
        try {
            EngineArgs.parse(argv);
            fail("accepted " + String.join(" ", argv));
        } catch (EngineArgs.UsageException e) {
            assertEquals(want, e.getMessage());
        }
    }

    @Test
    public void usageErrors() throws Exception {
        bad("invalid option -- 'z'", "-z");
        bad("unrecognized option '--bogus'", "--bogus");
        bad("option requires an argument -- 't'", "-t");
        bad("option '--targets' requires an argument", "--targets");
        bad("option '--help' doesn't allow an argument", "--help=1");
        bad("invalid value 'abc' for -t (--targets): not a number", "-t", "abc");
        bad("invalid value '-1' for -I (--instance_idx): out of range [0, 2147483647]", "-I", "-1");
        bad("empty value for -s (--storage)", "-s", "");
        bad("group name 'a_very_long_group_name' is longer than 15 characters", "-g", "a_very_long_group_name");
        bad("unexpected argument 'extra'", "-t", "1", "extra");
    }
}
