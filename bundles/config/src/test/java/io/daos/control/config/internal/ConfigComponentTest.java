package io.daos.control.config.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.daos.control.api.StartupFailure;
import io.daos.control.api.config.ServerConfig;
import io.daos.control.config.ConfigEquality;
import io.daos.control.config.ServerConfigLoader;
import io.daos.control.config.ServerConfigLoaderTest;
import io.daos.control.config.UnwritableDir;

/** The DS component against a hand-made BundleContext (OSGi proper is exercised in itest/). */
public class ConfigComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** One registerService call. */
    static final class Registration {
        final String clazz;
        final Object service;
        final Dictionary<String, ?> props;
        boolean unregistered;

        Registration(String clazz, Object service, Dictionary<String, ?> props) {
            this.clazz = clazz;
            this.service = service;
            this.props = props;
        }
    }

    final Map<String, String> properties = new HashMap<>();
    final List<Registration> registrations = new ArrayList<>();

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return properties.get((String) args[0]);
                        case "registerService":
                            String clazz = args[0] instanceof Class ? ((Class<?>) args[0]).getName()
                                    : String.valueOf(args[0]);
                            Registration r = new Registration(clazz, args[1], (Dictionary<String, ?>) args[2]);
                            registrations.add(r);
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                        if (m.getName().equals("unregister")) {
                                            if (r.unregistered) {
                                                throw new IllegalStateException("already unregistered");
                                            }
                                            r.unregistered = true;
                                            return null;
                                        }
                                        throw new UnsupportedOperationException(m.getName());
                                    });
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    Path config(String yaml) throws Exception {
        Path f = tmp.newFolder().toPath().resolve("daos_server.yml");
        Files.writeString(f, yaml);
        return f;
    }

    /** Issue 10, point 9: the launcher moves the control log on these properties. */
    @Test
    public void publishesTheControlLogSettingsForTheLauncher() throws Exception {
        properties.put("daos.config", config("control_log_file: rel/ctl.log\ncontrol_log_mask: debug\n"
                + "control_log_json: true\n" + ServerConfigLoaderTest.MINIMAL).toString());
        ConfigComponent c = new ConfigComponent();
        c.activate(context());
        Registration r = registrations.get(0);
        assertEquals(Path.of("rel/ctl.log").toAbsolutePath().toString(), r.props.get(ConfigComponent.PROP_LOG_FILE));
        assertEquals("DEBUG", r.props.get(ConfigComponent.PROP_LOG_MASK));
        assertEquals("true", r.props.get(ConfigComponent.PROP_LOG_JSON));
        c.deactivate();
    }

    @Test
    public void withoutControlLogFileThePropertyIsEmpty() throws Exception {
        properties.put("daos.config", config(ServerConfigLoaderTest.MINIMAL).toString());
        ConfigComponent c = new ConfigComponent();
        c.activate(context());
        Registration r = registrations.get(0);
        assertEquals("", r.props.get(ConfigComponent.PROP_LOG_FILE));
        assertEquals("INFO", r.props.get(ConfigComponent.PROP_LOG_MASK));
        assertEquals("false", r.props.get(ConfigComponent.PROP_LOG_JSON));
        c.deactivate();
    }

    @Test
    public void registersServerConfigWithPortAndName() throws Exception {
        properties.put("daos.config", config(ServerConfigLoaderTest.MINIMAL + "name: sys\n")
                .toString());
        properties.put("daos.cli.port", "4242");
        properties.put("daos.cli.insecure", "true");
        ConfigComponent c = new ConfigComponent();
        c.activate(context());
        assertEquals(1, registrations.size());
        Registration r = registrations.get(0);
        assertEquals(ServerConfig.class.getName(), r.clazz);
        assertEquals(4242, r.props.get("port"));
        assertEquals("sys", r.props.get("name"));
        ServerConfig cfg = (ServerConfig) r.service;
        assertEquals(4242, cfg.port());
        assertTrue(cfg.allowInsecure());
        c.deactivate();
        assertTrue(r.unregistered);
        c.deactivate();
    }

    @Test
    public void validationFailureRegistersStartupFailure() throws Exception {
        properties.put("daos.config", config("servers: []\n").toString());
        ConfigComponent c = new ConfigComponent();
        c.activate(context());
        Registration r = registrations.get(0);
        assertEquals(Object.class.getName(), r.clazz);
        assertEquals("server: code = 634 description = \"provider not specified in configuration\"",
                r.props.get(StartupFailure.MESSAGE));
        assertEquals("server", r.props.get(StartupFailure.DOMAIN));
        assertEquals("634", r.props.get(StartupFailure.CODE));
        assertEquals("specify a valid network provider in configuration ('provider' parameter) and restart the "
                + "control server", r.props.get(StartupFailure.RESOLUTION));
        c.deactivate();
        assertTrue(r.unregistered);
    }

    @Test
    public void parseFailureHasNoResolution() throws Exception {
        Path f = config("port: [\n");
        properties.put("daos.config", f.toString());
        new ConfigComponent().activate(context());
        Registration r = registrations.get(0);
        String msg = (String) r.props.get(StartupFailure.MESSAGE);
        assertTrue(msg, msg.startsWith("failed to load config from " + f + ": parse failed;"));
        assertTrue(msg, msg.contains("yaml: line "));
        assertNull(r.props.get(StartupFailure.RESOLUTION));
    }

    @Test
    public void missingConfigPropertyIsFault631() {
        new ConfigComponent().activate(context());
        Registration r = registrations.get(0);
        assertEquals("631", r.props.get(StartupFailure.CODE));
        assertEquals("server: code = 631 description = \"configuration file path not set\"",
                r.props.get(StartupFailure.MESSAGE));
    }

    /** Issue 16: in Apache Karaf (no launcher, so no daos.config), the file in ${karaf.etc}. */
    @Test
    public void withoutTheLaunchersPropertyTheConfigIsInKarafsEtc() throws Exception {
        Path etc = config(ServerConfigLoaderTest.MINIMAL + "name: karaf\n").getParent();
        properties.put("karaf.etc", etc.toString());
        ConfigComponent c = new ConfigComponent();
        c.activate(context());
        Registration r = registrations.get(0);
        assertEquals(ServerConfig.class.getName(), r.clazz);
        assertEquals("karaf", r.props.get("name"));
        assertEquals(etc.resolve("daos_server.yml").toString(), r.props.get(ConfigComponent.PROP_CONFIG_PATH));
        c.deactivate();

        // the launcher's property wins; an empty Karaf etc names a file that is not there
        properties.put("daos.config", "/elsewhere/daos_server.yml");
        assertEquals("/elsewhere/daos_server.yml", ConfigComponent.configPath(properties::get));
        properties.remove("daos.config");
        Path empty = tmp.newFolder().toPath();
        properties.put("karaf.etc", empty.toString());
        new ConfigComponent().activate(context());
        assertEquals("failed to load config from " + empty.resolve("daos_server.yml") + ": stat "
                + empty.resolve("daos_server.yml") + ": no such file or directory",
                registrations.get(1).props.get(StartupFailure.MESSAGE));
    }

    @Test
    public void missingFileAndBadCliPropertyAreReported() throws Exception {
        properties.put("daos.config", "/nonexistent/daos_server.yml");
        new ConfigComponent().activate(context());
        assertEquals("failed to load config from /nonexistent/daos_server.yml: stat /nonexistent/daos_server.yml: "
                + "no such file or directory", registrations.get(0).props.get(StartupFailure.MESSAGE));

        properties.put("daos.config", config(ServerConfigLoaderTest.MINIMAL).toString());
        properties.put("daos.cli.port", "seventy");
        new ConfigComponent().activate(context());
        assertEquals("invalid value \"seventy\" for daos.cli.port: expected an integer in [0, 65535]",
                registrations.get(1).props.get(StartupFailure.MESSAGE));
    }

    /** Records the config bundle's log (FINE included) while a test runs. */
    static final class Recorder extends Handler implements AutoCloseable {
        final List<LogRecord> records = new ArrayList<>();
        private final Logger logger = Logger.getLogger("io.daos.control.config");
        private final Level saved = logger.getLevel();

        Recorder() {
            logger.setLevel(Level.FINE);
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        synchronized List<String> at(Level level) {
            return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage)
                    .toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(saved);
        }
    }

    /** SPEC-SERVER §3.2 step 2: the effective configuration, start flags applied, next to the file. */
    @Test
    public void writesTheActiveCopyWithTheStartFlags() throws Exception {
        Path file = config(ServerConfigLoaderTest.MINIMAL);
        properties.put("daos.config", file.toString());
        properties.put("daos.cli.port", "4242");
        properties.put("daos.cli.group", "grp");
        ConfigComponent c = new ConfigComponent();
        c.activeFallbackDir = tmp.newFolder("fallback").toPath();
        try (Recorder log = new Recorder()) {
            c.activate(context());
            Path active = file.resolveSibling(".daos_server.active.yml");
            assertEquals(List.of("active config saved to " + active), log.at(Level.FINE).stream()
                    .filter(m -> m.startsWith("active config")).toList());
            ServerConfig copy = new ServerConfigLoader().load(active, null);
            assertEquals(4242, copy.port());
            assertEquals("grp", copy.systemName());
            ConfigEquality.assertEqualConfigs((ServerConfig) registrations.get(0).service, copy);
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(active)));
        } finally {
            c.deactivate();
        }
    }

    /** Nowhere to write the copy: only a FINE line; the configuration is published all the same. */
    @Test
    public void aCopyThatCannotBeWrittenIsOnlyDebugLogged() throws Exception {
        Path file = config(ServerConfigLoaderTest.MINIMAL);
        properties.put("daos.config", file.toString());
        ConfigComponent c = new ConfigComponent();
        c.activeFallbackDir = tmp.getRoot().toPath().resolve("no/such/dir");
        Runnable undo = UnwritableDir.make(file.getParent());
        try (Recorder log = new Recorder()) {
            c.activate(context());
            List<String> fine = log.at(Level.FINE).stream().filter(m -> m.startsWith("active config")).toList();
            assertEquals(fine.toString(), 1, fine.size());
            assertTrue(fine.get(0), fine.get(0).startsWith("active config could not be saved: "));
            assertEquals(List.of(), log.at(Level.WARNING));
            assertEquals(List.of(), log.at(Level.SEVERE));
            assertEquals(ServerConfig.class.getName(), registrations.get(0).clazz);
        } finally {
            undo.run();
            c.deactivate();
        }
        assertTrue(Files.notExists(file.resolveSibling(".daos_server.active.yml")));
    }
}
