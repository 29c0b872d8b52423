package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class CommandTreeTest {

    private static List<String> names(CommandNode n) {
        List<String> out = new ArrayList<>();
        for (CommandNode c : n.children()) {
            out.add(c.name() + (c.aliases().isEmpty() ? "" : "/" + String.join(",", c.aliases())));
        }
        return out;
    }

    @Test
    public void everyV1CommandWithItsAliasesInDeclarationOrder() {
        CommandNode root = CommandTree.root();
        assertEquals(List.of("network/n", "pool/p", "storage/st", "system/sy", "version"), names(root));
        assertEquals(List.of("scan", "list"), names(root.find("network")));
        assertEquals(List.of("create/c", "destroy/d", "list/l", "query/q", "set-prop/sp", "get-acl/ga",
                "overwrite-acl/oa", "update-acl/ua", "delete-acl/da"), names(root.find("pool")));
        assertEquals(List.of("prepare/p", "scan/s", "format/f", "query/q", "set/s"), names(root.find("storage")));
        assertEquals(List.of("nvme-health/n", "blobstore-health/b", "smd/s", "device-state/d"),
                names(root.find("storage").find("query")));
        assertEquals(List.of("nvme-faulty/n"), names(root.find("storage").find("set")));
        assertEquals(List.of("query/q", "stop/s", "start/r", "leader-query/l", "list-pools/p"),
                names(root.find("system")));
    }

    @Test
    public void theLaterDeclaredAliasWins() {
        CommandNode storage = CommandTree.root().find("storage");
        assertSame(storage.find("set"), storage.find("s"));
        assertNull(storage.find("S"));
    }

    @Test
    public void flagSpecsRenderAsGoFlagsDoes() {
        CommandNode create = CommandTree.root().find("pool").find("create");
        assertEquals("-s, --scm-size", create.longFlag("scm-size").toString());
        assertEquals("-v, --nsvc", create.shortFlag('v').toString());
        assertEquals("1", create.longFlag("nsvc").defaultValue());
        assertEquals("daos_server", create.longFlag("sys").defaultValue());
        assertEquals("--pool", CommandTree.root().find("pool").find("query").longFlag("pool").toString());
        assertEquals("-x", new FlagSpec('x', null, FlagSpec.Type.BOOL, false, null).toString());
        assertEquals("x", new FlagSpec('x', null, FlagSpec.Type.BOOL, false, null).key());
    }
}
