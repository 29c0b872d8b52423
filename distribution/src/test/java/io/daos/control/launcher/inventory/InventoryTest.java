package io.daos.control.launcher.inventory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

/** The reflective entry point: option names, config loading of the network commands. */
public class InventoryTest {

    private final Console c = new Console();
    private Path dir;

    @After
    public void tearDown() throws Exception {
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path config(String yaml) throws Exception {
        dir = Files.createTempDirectory("inventory-test");
        Path f = dir.resolve("daos_server.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private int run(String command, Map<String, String> opts, Path config) {
        return Inventory.run(command, opts, List.of(), config, new ByteArrayInputStream(new byte[0]),
                c.outStream, c.errStream);
    }

    @Test
    public void networkListLoadsTheConfig() throws Exception {
        assertEquals(0, run("network list", Map.of("debug", "true"), config("provider: ofi+tcp;ofi_rxm\n")));
        assertEquals("DEBUG DAOS config loaded from " + dir.resolve("daos_server.yml") + "\n"
                + "Supported providers:\n\tofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm\n", c.out());
    }

    @Test
    public void aBrokenConfigIsFatalForNetworkCommands() throws Exception {
        Path f = config("provider: [x\n");
        for (String cmd : new String[] {"network list", "network scan"}) {
            Console k = new Console();
            assertEquals(1, Inventory.run(cmd, Map.of(), List.of(), f, new ByteArrayInputStream(new byte[0]),
                    k.outStream, k.errStream));
            assertEquals("", k.out());
            assertTrue(k.err(), k.err().startsWith("ERROR: failed to load config from " + f + ": parse failed; "));
        }
    }

    @Test
    public void prepareWithBothOnlyFlagsFailsBeforeLookingForProviders() {
        assertEquals(1, run("storage prepare", Map.of("nvme-only", "true", "scm-only", "true"), null));
        assertEquals("ERROR: nvme-only and scm-only options should not be set together\n", c.err());
        assertEquals("", c.out());
    }

    @Test
    public void notAnInventoryCommand() {
        assertEquals(1, run("start", Map.of(), null));
        assertEquals("ERROR: not an inventory command: start\n", c.err());
    }
}
