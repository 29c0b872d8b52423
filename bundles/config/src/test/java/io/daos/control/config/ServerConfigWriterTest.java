package io.daos.control.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.ServerConfig;

public class ServerConfigWriterTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private void roundTrip(String resource) throws Exception {
        CliOverrides o = CliOverrides.builder().hostname("h").build();
        ServerConfig first = new ServerConfigLoader().loadText(ServerConfigLoaderTest.resource(resource),
                ServerConfigLoaderTest.FILE, o);
        Path saved = tmp.newFile().toPath();
        ServerConfigWriter.write(first, saved);
        ServerConfig second = new ServerConfigLoader().load(saved, o);
        assertEquals(ServerConfigWriter.toYaml(first), ServerConfigWriter.toYaml(second));
        assertEquals(first.servers().size(), second.servers().size());
        for (int i = 0; i < first.servers().size(); i++) {
            assertEquals(first.servers().get(i).bdevClass(), second.servers().get(i).bdevClass());
            assertEquals(first.servers().get(i).rank(), second.servers().get(i).rank());
            assertEquals(first.servers().get(i).pinnedNumaNode(), second.servers().get(i).pinnedNumaNode());
            assertEquals(first.servers().get(i).envVars(), second.servers().get(i).envVars());
        }
        assertEquals(first.transportConfig(), second.transportConfig());
        assertEquals(first.accessPoints(), second.accessPoints());
    }

    @Test
    public void roundTripReference() throws Exception {
        roundTrip("reference-uncommented.yml");
    }

    @Test
    public void roundTripWorkedExampleAndEmbeddedDefault() throws Exception {
        roundTrip("worked-example.yml");
        roundTrip("embedded-default.yml");
    }

    @Test
    public void serverKeysInReferenceOrder() throws Exception {
        ServerConfig c = new ServerConfigLoader().loadText(ServerConfigLoaderTest.resource("reference-uncommented.yml"),
                ServerConfigLoaderTest.FILE, CliOverrides.builder().hostname("h").build());
        List<String> keys = new ArrayList<>();
        for (String line : ServerConfigWriter.serverToYaml(c.servers().get(0)).split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("-") && line.contains(":")) {
                keys.add(line.substring(0, line.indexOf(':')));
            }
        }
        assertEquals(List.of("rank", "modules", "targets", "nr_xs_helpers", "first_core", "name", "socket_dir",
                "log_mask", "log_file", "scm_mount", "scm_class", "scm_size", "scm_list", "bdev_class", "bdev_list",
                "bdev_number", "bdev_size", "provider", "fabric_iface", "fabric_iface_port", "pinned_numa_node",
                "env_vars"), keys);
        assertTrue(Files.exists(tmp.getRoot().toPath()));
    }
}
