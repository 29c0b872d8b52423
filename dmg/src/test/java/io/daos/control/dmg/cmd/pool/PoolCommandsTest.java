package io.daos.control.dmg.cmd.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.daos.control.dmg.cli.CommandNode;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.CommandTree;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolDestroyResp;

/** Registration of every {@code pool} subcommand, and {@code -j} on failure. */
public class PoolCommandsTest extends LoopbackTest {

    @Test
    public void everyPoolSubcommandOfTheTreeHasABody() {
        CommandRegistry registry = PoolCommands.register(new CommandRegistry());
        List<String> names = new ArrayList<>();
        for (CommandNode n : CommandTree.root().find("pool").children()) {
            names.add(n.name());
            assertTrue(n.name(), registry.body(List.of("pool", n.name())) instanceof PoolCommands);
        }
        assertEquals(names.size(), PoolCommands.NAMES.length);
    }

    @Test
    public void systemListPoolsCanShareThePoolListBody() throws Exception {
        mgmt.reply = ListPoolsResp.getDefaultInstance();
        mgmt.registry.register("system list-pools", PoolCommands.listPools());
        assertEquals(0, mgmt.run(cwd, "system", "list-pools"));
        assertEquals(mgmt.connected() + "No pools in system\n", mgmt.out());
        assertEquals("daos_server", ((ListPoolsReq) mgmt.request).getSys());
    }

    @Test
    public void jsonFailurePrintsNoDocumentOnlyTheErrorLine() {
        mgmt.reply = PoolDestroyResp.newBuilder().setStatus(-1012).build();
        assertEquals(1, mgmt.run(cwd, "-j", "pool", "destroy", "--pool", "x"));
        assertTrue(mgmt.out(), mgmt.out().lines().allMatch(l -> l.contains("\"level\":\"INFO\"")
                && l.contains("connected")));
        assertTrue(mgmt.err(), mgmt.err().contains("dmg: DAOS returned error code: -1012"));
        assertEquals(1, mgmt.err().lines().count());
    }
}
