package io.daos.control.config;

import static io.daos.control.config.ConfigEquality.assertEqualConfigs;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.ServerConfig;

public class ServerConfigWriterTest {

    /**
     * Every example configuration in the test resources that validates (reference-commented.yml,
     * all comments, is the defaults alone: no provider, no servers).
     */
    static final List<String> EXAMPLES = List.of("embedded-default.yml", "reference-uncommented.yml",
            "three-servers.yml", "worked-example.yml");

    private static final CliOverrides HOST = CliOverrides.builder().hostname("h").build();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static ServerConfig load(String resource, CliOverrides o) throws Exception {
        return new ServerConfigLoader().loadText(ServerConfigLoaderTest.resource(resource), ServerConfigLoaderTest.FILE, o);
    }

    /** SPEC-SERVER §8.1: load, validate, save, load, validate gives the same configuration. */
    private void roundTrip(String resource, CliOverrides o) throws Exception {
        ServerConfig first = load(resource, o);
        Path saved = tmp.newFile().toPath();
        ServerConfigWriter.write(first, saved);
        ServerConfig second = new ServerConfigLoader().load(saved, o);
        assertEqualConfigs(first, second);
        assertEquals(ServerConfigWriter.toYaml(first), ServerConfigWriter.toYaml(second));
    }

    @Test
    public void everyExampleRoundTrips() throws Exception {
        for (String r : EXAMPLES) {
            roundTrip(r, HOST);
        }
    }

    @Test
    public void everyExampleRoundTripsWithStartFlags() throws Exception {
        CliOverrides flags = CliOverrides.builder().hostname("h").port(4242).group("grp").targets(3).xsHelperNr(1)
                .firstCore(2).socketDir("/run/x").modules("m").storage("/mnt/flag").insecure(true)
                .recreateSuperblocks(true).build();
        for (String r : EXAMPLES) {
            roundTrip(r, flags);
        }
    }

    /** The reference file with every key commented out: the defaults alone, parsed without validation. */
    @Test
    public void theDefaultsAloneRoundTripUnvalidated() throws Exception {
        ServerConfig first = new ServerConfigLoader().parseText(ServerConfigLoaderTest.resource("reference-commented.yml"),
                ServerConfigLoaderTest.FILE);
        Path saved = tmp.newFile().toPath();
        ServerConfigWriter.write(first, saved);
        assertEqualConfigs(first, new ServerConfigLoader().parse(saved));
    }

    /** The copy holds the effective values: loaded again without the flags, they are still there. */
    @Test
    public void theCopyHoldsWhatTheStartFlagsChanged() throws Exception {
        ServerConfig effective = load("reference-uncommented.yml",
                CliOverrides.builder().hostname("h").port(4242).group("grp").targets(3).insecure(true).build());
        Path saved = tmp.newFile().toPath();
        ServerConfigWriter.write(effective, saved);
        ServerConfig again = new ServerConfigLoader().load(saved, HOST);
        assertEquals(4242, again.port());
        assertEquals("grp", again.systemName());
        assertEquals(3, again.servers().get(0).targets());
        assertTrue(again.allowInsecure());
        assertEqualConfigs(effective, again);
    }

    @Test
    public void theComparisonSeesADifference() throws Exception {
        ServerConfig a = load("reference-uncommented.yml", HOST);
        ServerConfig b = load("reference-uncommented.yml", CliOverrides.builder().hostname("h").port(4242).targets(7)
                .build());
        List<String> d = ConfigEquality.differences(a, b);
        assertTrue(d.toString(), d.contains("port: " + a.port() + " != 4242"));
        assertTrue(d.toString(), d.stream().anyMatch(s -> s.startsWith("servers[0].targets: ")));
        assertThrows(AssertionError.class, () -> assertEqualConfigs(a, b));
        assertEquals(List.of(), ConfigEquality.differences(a, load("reference-uncommented.yml", HOST)));
    }

    @Test
    public void serverKeysInReferenceOrder() throws Exception {
        ServerConfig c = load("reference-uncommented.yml", HOST);
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
    }

    // ------------------------------------------------------------------ the active copy (§3.2 step 2)

    /** A config file in a directory of its own, loaded as start loads it. */
    private ServerConfig loadFileIn(Path dir) throws Exception {
        Path file = dir.resolve("daos_server.yml");
        Files.writeString(file, ServerConfigLoaderTest.resource("worked-example.yml"));
        return new ServerConfigLoader().load(file, HOST);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    public void activeCopyGoesNextToTheConfigFileWithMode0644() throws Exception {
        Path etc = tmp.newFolder("etc").toPath();
        Path fallback = tmp.newFolder("fallback").toPath();
        ServerConfig cfg = loadFileIn(etc);
        Path written = ServerConfigWriter.writeActive(cfg, fallback);
        assertEquals(etc.resolve(".daos_server.active.yml"), written);
        assertEquals("rw-r--r--", mode(written));
        assertEqualConfigs(cfg, new ServerConfigLoader().load(written, HOST));
        assertTrue(Files.notExists(fallback.resolve(ServerConfigWriter.ACTIVE_NAME)));
    }

    @Test
    public void anExistingCopyIsReplacedAndGets0644() throws Exception {
        Path etc = tmp.newFolder("etc").toPath();
        Path old = etc.resolve(ServerConfigWriter.ACTIVE_NAME);
        Files.writeString(old, "stale: true\n".repeat(1000));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx-w----"));
        ServerConfig cfg = loadFileIn(etc);
        assertEquals(old, ServerConfigWriter.writeActive(cfg, tmp.newFolder().toPath()));
        assertEquals("rw-r--r--", mode(old));
        assertEquals(ServerConfigWriter.toYaml(cfg), Files.readString(old));
    }

    @Test
    public void anUnwritableConfigDirectoryFallsBack() throws Exception {
        Path etc = tmp.newFolder("etc").toPath();
        Path fallback = tmp.newFolder("fallback").toPath();
        ServerConfig cfg = loadFileIn(etc);
        Runnable undo = UnwritableDir.make(etc);
        Path written;
        try {
            written = ServerConfigWriter.writeActive(cfg, fallback);
        } finally {
            undo.run();
        }
        assertEquals(fallback.resolve(".daos_server.active.yml"), written);
        assertTrue(Files.notExists(etc.resolve(ServerConfigWriter.ACTIVE_NAME)));
        assertEquals("rw-r--r--", mode(written));
        assertEqualConfigs(cfg, new ServerConfigLoader().load(written, HOST));
    }

    @Test
    public void aSymbolicLinkInPlaceOfTheCopyIsNotFollowed() throws Exception {
        Path etc = tmp.newFolder("etc").toPath();
        Path victim = tmp.newFile("victim").toPath();
        Files.writeString(victim, "untouched");
        Files.createSymbolicLink(etc.resolve(ServerConfigWriter.ACTIVE_NAME), victim);
        Path fallback = tmp.newFolder("fallback").toPath();
        assertEquals(fallback.resolve(ServerConfigWriter.ACTIVE_NAME),
                ServerConfigWriter.writeActive(loadFileIn(etc), fallback));
        assertEquals("untouched", Files.readString(victim));
    }

    @Test
    public void whenBothPlacesFailTheErrorNamesBoth() throws Exception {
        Path etc = tmp.newFolder("etc").toPath();
        ServerConfig cfg = loadFileIn(etc);
        Files.delete(etc.resolve("daos_server.yml"));
        Files.delete(etc); // the config's directory is gone
        Path noFallback = tmp.getRoot().toPath().resolve("no/such/dir");
        IOException e = assertThrows(IOException.class, () -> ServerConfigWriter.writeActive(cfg, noFallback));
        assertTrue(e.toString(), e.getMessage().contains(noFallback.toString()));
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().contains(etc.toString()));
    }
}
