package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.config.CliOverrides;
import io.daos.control.config.ConfigEquality;
import io.daos.control.config.ServerConfigLoader;
import io.daos.control.config.ServerConfigWriter;

/**
 * The distribution's default config and CLI properties agree with the config bundle (which is on
 * this module's runtime class path because it ships in system/).
 */
public class EmbeddedDefaultConfigTest {

    private final Path distSrc = Path.of(System.getProperty("daos.dist.src", "src/main/dist"));

    @Test
    public void generatedDefaultConfigLoadsAndValidates() throws Exception {
        String template = Files.readString(distSrc.resolve("etc/daos_server.yml.in"));
        String yml = template.replace("@DAOS_HOME@", "/opt/daos-control");
        assertFalse(yml.contains("@"));
        Path file = Path.of("/opt/daos-control/etc/daos_server.yml");
        ServerConfig cfg = new ServerConfigLoader().loadText(yml, file, null);
        assertEquals(10001, cfg.port());
        // the file the launcher logs to before the config is read: one log, not two
        assertEquals("/opt/daos-control/log/daos_server.log", cfg.controlLogFile());
    }

    /** Its active copy (SPEC-SERVER §3.2 step 2) loads back to the same configuration. */
    @Test
    public void activeCopyOfTheDefaultLoadsBackEqual() throws Exception {
        Path home = Files.createTempDirectory("embedded-default");
        try {
            Files.createDirectories(home.resolve("etc"));
            String yml = Files.readString(distSrc.resolve("etc/daos_server.yml.in")).replace("@DAOS_HOME@", home.toString());
            Path file = home.resolve("etc/daos_server.yml");
            Files.writeString(file, yml);
            CliOverrides flags = CliOverrides.builder().port(4242).insecure(true).build();
            ServerConfig cfg = new ServerConfigLoader().load(file, flags);
            Path active = ServerConfigWriter.writeActive(cfg, home.resolve("no-fallback"));
            assertEquals(home.resolve("etc/.daos_server.active.yml"), active);
            ConfigEquality.assertEqualConfigs(cfg, new ServerConfigLoader().load(active, flags));
            assertEquals(4242, new ServerConfigLoader().load(active, null).port());
        } finally {
            TestSupport.deleteTree(home);
        }
    }

    @Test
    public void everyStartFlagPropertyIsOneTheConfigBundleReads() throws Exception {
        Set<String> bundle = new TreeSet<>();
        for (Field f : CliOverrides.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("PROP_")) {
                bundle.add((String) f.get(null));
            }
        }
        Set<String> launcher = new TreeSet<>();
        for (Cli.Command c : Cli.ROOT.subcommands()) {
            if (c.name().equals("start")) {
                for (Cli.Opt o : c.options()) {
                    launcher.add(o.property());
                }
            }
        }
        assertEquals(bundle, launcher);
    }
}
