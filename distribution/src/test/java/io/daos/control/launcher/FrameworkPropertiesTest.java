package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The framework properties of a distribution tree in a temp directory. */
public class FrameworkPropertiesTest {

    private static final String SYS_A = "daos.test.fwprops.a";
    private static final String SYS_B = "daos.test.fwprops.b";

    private Path home;
    private String savedHome;

    @Before
    public void setUp() throws Exception {
        home = Files.createTempDirectory("fwprops-home");
        Files.createDirectories(home.resolve("etc"));
        savedHome = System.getProperty("daos.home");
        System.setProperty("daos.home", home.toString());
    }

    @After
    public void tearDown() throws Exception {
        System.clearProperty(SYS_A);
        System.clearProperty(SYS_B);
        if (savedHome == null) {
            System.clearProperty("daos.home");
        } else {
            System.setProperty("daos.home", savedHome);
        }
        TestSupport.deleteTree(home);
    }

    private FrameworkProperties load(String configProperties, String... args) throws Exception {
        Files.writeString(home.resolve("etc/config.properties"), configProperties);
        return FrameworkProperties.load(home, home.resolve("etc/daos_server.yml"), Cli.parse(args));
    }

    @Test
    public void configPropertiesWithTheLauncherValuesAndTheStartFlags() throws Exception {
        FrameworkProperties fw = load("""
                daos.features.file=${daos.home}/etc/features.xml
                daos.features.boot= a, ,b ,
                daos.system.dir=${daos.home}/system
                daos.deploy.dir=${daos.home}/deploy
                daos.deploy.settle.ms=7
                daos.log.dir=/var/log/x
                daos.start.timeout.ms=1000
                daos.stop.timeout.ms=2000
                org.osgi.framework.storage=${daos.home}/data/cache
                """, "start", "-p", "1234", "-i");
        assertEquals(home.resolve("etc/features.xml"), fw.featuresFile());
        assertEquals(List.of("a", "b"), fw.bootFeatures());
        assertEquals(home.resolve("system"), fw.systemDir());
        assertEquals(home.resolve("deploy"), fw.deployDir());
        assertEquals(home.resolve("deploy").toString(), fw.get(FrameworkProperties.DEPLOY));
        assertEquals(7, fw.settleMs());
        assertEquals(Path.of("/var/log/x"), fw.logDir());
        assertEquals(1000, fw.startTimeoutMs());
        assertEquals(2000, fw.stopTimeoutMs());
        assertEquals(home.resolve("data/cache"), fw.storageDir());
        Map<String, String> m = fw.map();
        assertEquals(home.toString(), m.get("daos.home"));
        assertEquals(home.resolve("etc/daos_server.yml").toString(), m.get("daos.config"));
        assertEquals(Main.version(), m.get("daos.version"));
        assertEquals("1234", m.get("daos.cli.port"));
        assertEquals("true", m.get("daos.cli.insecure"));
        assertThrows(UnsupportedOperationException.class, () -> m.put("x", "y"));
    }

    @Test
    public void defaultsForTheOptionalKeysAndNumbersFailWhenRead() throws Exception {
        FrameworkProperties fw = load("daos.stop.timeout.ms=soon\n", "start");
        assertEquals(60_000, fw.startTimeoutMs());
        assertEquals(50, fw.settleMs());
        assertEquals(home.resolve("log"), fw.logDir());
        NumberFormatException e = assertThrows(NumberFormatException.class, fw::stopTimeoutMs);
        assertTrue(e.getMessage(), e.getMessage().contains("soon"));
    }

    @Test
    public void systemPropertiesFileSetsWhatTheCommandLineDidNot() throws Exception {
        System.setProperty(SYS_B, "from -D");
        Files.writeString(home.resolve("etc/system.properties"),
                SYS_A + "=${daos.home}/a\n" + SYS_B + "=from the file\n");
        FrameworkProperties fw = load("daos.x=${" + SYS_A + "}\n", "start");
        assertEquals(home + "/a", System.getProperty(SYS_A));
        assertEquals("from -D", System.getProperty(SYS_B));
        assertEquals(home + "/a", fw.get("daos.x"));
    }

    @Test
    public void noSystemPropertiesFileIsFine() throws Exception {
        FrameworkProperties.loadSystemProperties(home.resolve("etc/none.properties"));
        assertEquals(null, System.getProperty(SYS_A));
    }

    @Test
    public void split() {
        assertEquals(List.of(), FrameworkProperties.split(null));
        assertEquals(List.of(), FrameworkProperties.split(" , "));
        assertEquals(List.of("daos-scr", "daos-core"), FrameworkProperties.split("daos-scr ,daos-core"));
    }

    @Test
    public void theConsoleCarriesInfoOnlyUnderTheJournal() throws Exception {
        assertEquals("WARNING", FrameworkProperties.consoleLevel(Map.of()));
        assertEquals("WARNING", FrameworkProperties.consoleLevel(Map.of("JOURNAL_STREAM", "")));
        assertEquals("INFO", FrameworkProperties.consoleLevel(Map.of("JOURNAL_STREAM", "8:12345")));
        assertEquals("java.util.logging.SimpleFormatter", FrameworkProperties.consoleFormatter(Map.of()));
        assertEquals(JournalFormatter.class.getName(),
                FrameworkProperties.consoleFormatter(Map.of("JOURNAL_STREAM", "8:12345")));
        // set in config.properties (or -D): kept
        assertEquals("SEVERE", load("daos.log.console.level=SEVERE\n", "start").get(FrameworkProperties.CONSOLE_LEVEL));
        assertEquals(FrameworkProperties.consoleLevel(System.getenv()),
                load("", "start").get(FrameworkProperties.CONSOLE_LEVEL));
    }
}
