package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintStream;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The bundles' java.util.logging set-up against the real LogManager: the console (this test's
 * stderr) and a log file in a temp directory.
 */
public class BundleLoggingTest {

    private static final String PROPERTIES = """
            handlers=io.daos.control.launcher.RotatingFileHandler,java.util.logging.ConsoleHandler
            .level=INFO
            io.daos.control.launcher.RotatingFileHandler.file=${daos.log.dir}/test.log
            io.daos.control.launcher.RotatingFileHandler.limit=${daos.log.max.size}
            io.daos.control.launcher.RotatingFileHandler.count=${daos.log.max.files}
            io.daos.control.launcher.RotatingFileHandler.level=ALL
            io.daos.control.launcher.RotatingFileHandler.formatter=java.util.logging.SimpleFormatter
            java.util.logging.ConsoleHandler.level=WARNING
            java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter
            java.util.logging.SimpleFormatter.format=%4$s %5$s%n
            """;

    private final Logger logger = Logger.getLogger("io.daos.control.launcher.test");
    private final TestSupport.Lines console = new TestSupport.Lines();
    private PrintStream savedErr;
    private Path dir;
    private Path logDir;
    private Path file;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("logging-test");
        logDir = dir.resolve("log"); // created by configure
        file = dir.resolve("logging.properties");
        Files.writeString(file, PROPERTIES);
        savedErr = System.err;
        System.setErr(console.stream()); // the console handler writes to the stderr of its creation
    }

    @After
    public void tearDown() throws Exception {
        LogManager.getLogManager().readConfiguration(); // the JVM's defaults again (closes our handlers)
        System.setErr(savedErr);
        TestSupport.deleteTree(dir);
    }

    private BundleLogging configure(boolean debug) throws Exception {
        return configure(debug, Map.of());
    }

    private BundleLogging configure(boolean debug, Map<String, String> more) throws Exception {
        Map<String, String> fw = new java.util.HashMap<>(more);
        fw.put("daos.log.dir", logDir.toString());
        return BundleLogging.configure(file, fw, logDir, debug);
    }

    private List<String> logFile() throws Exception {
        return Files.readAllLines(logDir.resolve("test.log"));
    }

    @Test
    public void consoleIsQuietUntilReleasedThenShowsWhatItHeldBack() throws Exception {
        BundleLogging l = configure(false);
        logger.warning("format required");
        logger.info("just info");
        assertEquals(List.of(), console.lines());
        assertEquals(List.of("WARNING format required", "INFO just info"), logFile());

        l.releaseConsole();
        assertEquals(List.of("WARNING format required"), console.lines());
        logger.severe("later");
        logger.info("still not on the console");
        assertEquals(List.of("WARNING format required", "SEVERE later"), console.lines());
        assertEquals(4, logFile().size());
    }

    @Test
    public void heldBackIsBounded() throws Exception {
        BundleLogging l = configure(false);
        for (int i = 0; i < BundleLogging.MAX_HELD + 20; i++) {
            logger.warning("w" + i);
        }
        l.releaseConsole();
        List<String> shown = console.lines();
        assertEquals(BundleLogging.MAX_HELD, shown.size());
        assertEquals("WARNING w0", shown.get(0));
        assertEquals("WARNING w" + (BundleLogging.MAX_HELD - 1), shown.get(shown.size() - 1));
        assertEquals(BundleLogging.MAX_HELD + 20, logFile().size());
    }

    @Test
    public void debugShowsFineEverywhereAtOnce() throws Exception {
        BundleLogging l = configure(true);
        logger.fine("detail");
        assertEquals(List.of("FINE detail"), console.lines());
        assertEquals(List.of("FINE detail"), logFile());
        l.releaseConsole(); // nothing was held back: nothing repeated
        assertEquals(List.of("FINE detail"), console.lines());
        assertEquals(Level.FINE, Logger.getLogger("").getLevel());
    }

    @Test
    public void withoutLoggingPropertiesNothingChanges() throws Exception {
        Level before = Logger.getLogger("").getLevel();
        BundleLogging l = BundleLogging.configure(dir.resolve("absent.properties"), Map.of(), logDir, false);
        l.releaseConsole();
        assertEquals(before, Logger.getLogger("").getLevel());
        assertTrue(Files.notExists(logDir));
    }

    @Test
    public void escapeKeepsPropertiesSyntax() {
        assertEquals("a\\=b\\:c\\#\\!\\\\ \\u00e9\\u0009", BundleLogging.escape("a=b:c#!\\ é\t"));
    }

    // ---- control_log_file / control_log_mask / control_log_json (issue 10, point 9) ----

    @Test
    public void point9ControlLogFileReplacesTheDefaultFileCreatedWithItsDirectory() throws Exception {
        BundleLogging l = configure(false);
        logger.info("before");
        Path ctl = dir.resolve("x/y/ctl.log");
        l.apply(ctl, Level.INFO, false);
        logger.info("after");
        logger.fine("not at INFO");
        assertEquals(List.of("INFO before"), Files.readAllLines(logDir.resolve("test.log")));
        assertEquals(List.of("INFO daos_server logging to file " + ctl, "INFO after"), Files.readAllLines(ctl));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ctl)));
        l.apply(ctl, Level.INFO, false); // the same file again: appended, not truncated
        logger.info("third");
        assertEquals(4, Files.readAllLines(ctl).size());
    }

    @Test
    public void point9MaskDebugLogsFineToTheFileAndTheConsoleOnceReleased() throws Exception {
        BundleLogging l = configure(false);
        Path ctl = dir.resolve("ctl.log");
        l.apply(ctl, ControlLog.level("DEBUG"), false);
        logger.fine("detail");
        assertTrue(Files.readAllLines(ctl).contains("FINE detail"));
        l.releaseConsole();
        logger.fine("later detail");
        assertTrue(console.lines().toString(), console.lines().contains("FINE later detail"));
    }

    @Test
    public void point9MaskErrorKeepsInfoAndWarningsOut() throws Exception {
        BundleLogging l = configure(false);
        Path ctl = dir.resolve("ctl.log");
        l.apply(ctl, ControlLog.level("ERROR"), false);
        logger.info("info");
        logger.warning("warning");
        logger.severe("error");
        l.releaseConsole();
        logger.warning("warning after release");
        assertEquals(List.of("SEVERE error"), Files.readAllLines(ctl));
        assertEquals(List.of("SEVERE error"), console.lines());
    }

    @Test
    public void debugFlagStillForcesDebug() throws Exception {
        BundleLogging l = configure(true);
        Path ctl = dir.resolve("ctl.log");
        l.apply(ctl, ControlLog.level("ERROR"), false);
        logger.fine("detail");
        assertTrue(Files.readAllLines(ctl).contains("FINE detail"));
    }

    @Test
    public void withoutAFileOnlyTheLevelChanges() throws Exception {
        BundleLogging l = configure(false);
        l.apply(null, Level.SEVERE, false);
        logger.info("dropped");
        logger.severe("kept");
        assertEquals(List.of("SEVERE kept"), Files.readAllLines(logDir.resolve("test.log")));
    }

    @Test
    public void jsonLines() throws Exception {
        BundleLogging l = configure(false);
        Path ctl = dir.resolve("ctl.log");
        l.apply(ctl, Level.INFO, true);
        logger.warning("say \"hi\"\nthere");
        String last = Files.readAllLines(ctl).get(Files.readAllLines(ctl).size() - 1);
        assertTrue(last, last.startsWith("{\"level\":\"WARN\",\"time\":\""));
        assertTrue(last, last.endsWith(",\"extra\":\"io.daos.control.launcher.test\",\"message\":\"say \\\"hi\\\"\\nthere\"}"));
        LogRecord r = new LogRecord(Level.SEVERE, "m");
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLineFormatter().format(r);
        assertFalse(line, line.contains("extra"));
        assertTrue(line, line.contains("\"message\":\"m: boom\""));
    }

    @Test
    public void anUncreatableFileFailsAndTheDefaultFileStays() throws Exception {
        BundleLogging l = configure(false);
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "");
        try {
            l.apply(blocker.resolve("sub/ctl.log"), Level.INFO, false);
            throw new AssertionError("a file under a regular file was created");
        } catch (java.io.IOException expected) {
            // ControlLog reports it as "create log file: <error>", a start-up failure
        }
        logger.info("still logged");
        assertEquals(List.of("INFO still logged"), Files.readAllLines(logDir.resolve("test.log")));
    }

    // ---- issue 16, point 3 ----

    @Test
    public void point3JsonFlagMakesJsonLinesFromTheFirstRecord() throws Exception {
        BundleLogging l = configure(false, Map.of(BundleLogging.CLI_JSON, "true"));
        logger.info("first");
        assertTrue(logFile().toString(), logFile().get(0).startsWith("{\"level\":\"INFO\",\"time\":\""));
        Path ctl = dir.resolve("ctl.log");
        l.apply(ctl, Level.INFO, false); // control_log_json false does not undo -j
        logger.warning("second");
        List<String> lines = Files.readAllLines(ctl);
        assertTrue(lines.toString(), lines.get(lines.size() - 1).endsWith("\"message\":\"second\"}"));
    }

    @Test
    public void point3ControlLogFileRotatesWithTheConfiguredLimits() throws Exception {
        BundleLogging l = configure(false, Map.of("daos.log.max.size", "1k", "daos.log.max.files", "3"));
        Path ctl = dir.resolve("ctl.log");
        l.apply(ctl, Level.INFO, false);
        for (int i = 0; i < 100; i++) {
            logger.info("line " + i + " " + "y".repeat(40));
        }
        assertTrue(Files.size(ctl) <= 1024);
        assertTrue(Files.exists(dir.resolve("ctl.log.3")));
        assertFalse(Files.exists(dir.resolve("ctl.log.4")));
        List<String> last = Files.readAllLines(ctl);
        assertTrue(last.toString(), last.get(last.size() - 1).startsWith("INFO line 99 "));
    }

    @Test
    public void point3ABadLogSizeIsAClearError() throws Exception {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> configure(false, Map.of("daos.log.max.size", "lots")));
        assertEquals("daos.log.max.size: invalid log file size \"lots\" (bytes, or a number with k, m or g)", e.getMessage());
        e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> configure(false, Map.of("daos.log.max.files", "0")));
        assertEquals("daos.log.max.files: invalid number of old log files \"0\" (1 to 9999)", e.getMessage());
    }
}
