package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Issue 16, point 3: {@code --syslog} really sends — to a datagram socket of this test's own
 * (AF_UNIX, as /dev/log, and UDP), never to the machine's syslog.
 */
public class SyslogHandlerTest {

    private static final String PREFIX = "<\\d+>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d daos_server\\["
            + ProcessHandle.current().pid() + "\\]: ";

    private final Logger logger = Logger.getLogger("io.daos.control.launcher.syslogtest");
    private final TestSupport.Lines console = new TestSupport.Lines();
    private PrintStream savedErr;
    private Path dir;
    private Path properties;
    private DatagramSocket receiver;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("syslog-test");
        properties = dir.resolve("logging.properties");
        Files.writeString(properties, """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                java.util.logging.ConsoleHandler.level=WARNING
                java.util.logging.SimpleFormatter.format=%4$s %5$s%n
                """);
        savedErr = System.err;
        System.setErr(console.stream());
    }

    @After
    public void tearDown() throws Exception {
        LogManager.getLogManager().readConfiguration(); // closes our handlers
        System.setErr(savedErr);
        if (receiver != null) {
            receiver.close();
        }
        TestSupport.deleteTree(dir);
    }

    private BundleLogging configure(String address, boolean debug) throws Exception {
        Map<String, String> fw = new HashMap<>();
        fw.put(BundleLogging.CLI_SYSLOG, "true");
        fw.put(SyslogHandler.ADDRESS, address);
        return BundleLogging.configure(properties, fw, dir.resolve("log"), debug);
    }

    private String receive() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        receiver.receive(p); // bounded by SO_TIMEOUT
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    public void unixDatagramSocketGetsInfoWarningAndErrorButNeverDebug() throws Exception {
        Path socket = dir.resolve("dev-log");
        receiver = AFUNIXDatagramSocket.newInstance();
        receiver.bind(AFUNIXSocketAddress.of(socket.toFile()));
        receiver.setSoTimeout(10_000);
        BundleLogging l = configure(socket.toString(), true); // -b: FINE everywhere else
        logger.fine("debug stays out of syslog");
        logger.info("hello syslog");
        String first = receive();
        assertTrue(first, first.matches("<30>" + PREFIX.substring("<\\d+>".length()) + "hello syslog"));
        logger.warning("careful");
        assertTrue(receive().matches("<28>" + PREFIX.substring("<\\d+>".length()) + "careful"));
        logger.log(Level.SEVERE, "failed", new IllegalStateException("boom\nsecond line"));
        assertTrue(receive().matches("<27>" + PREFIX.substring("<\\d+>".length()) + "failed: boom"));

        l.apply(null, ControlLog.level("DEBUG"), true); // a DEBUG mask and JSON do not reach syslog
        logger.fine("still out");
        logger.info("plain");
        assertTrue(receive().matches(PREFIX + "plain"));
    }

    @Test
    public void udpTargetAndTheMaskStillFilters() throws Exception {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receiver.setSoTimeout(10_000);
        BundleLogging l = configure("udp:127.0.0.1:" + receiver.getLocalPort(), false);
        l.apply(null, ControlLog.level("ERROR"), false);
        logger.info("masked out");
        logger.severe("only errors");
        assertTrue(receive().matches("<27>" + PREFIX.substring("<\\d+>".length()) + "only errors"));
    }

    @Test
    public void aMissingSocketFallsBackToUdpOnLocalhostAndSaysSo() throws Exception {
        List<String> said = new ArrayList<>();
        Path none = dir.resolve("no-such-socket");
        SyslogHandler h = SyslogHandler.open(none.toString(), null, said::add);
        try {
            assertEquals(SyslogHandler.FALLBACK, h.target());
            assertEquals(List.of("syslog: cannot use " + none + " (no such socket); sending to udp:127.0.0.1:514 instead"),
                    said);
        } finally {
            h.close();
        }
        // through configure the warning is a log record: held back for the console, in the log
        BundleLogging l = configure(none.toString(), false);
        l.releaseConsole();
        assertTrue(console.lines().toString(), console.lines().stream()
                .anyMatch(s -> s.startsWith("WARNING syslog: cannot use " + none)));
    }

    @Test
    public void badUdpAddressIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyslogHandler.open("udp:localhost", null, s -> { }));
        assertEquals("daos.syslog.address: \"udp:localhost\" is not udp:<host>:<port>", e.getMessage());
    }

    @Test
    public void lineFormatIsGosLocalSyslogForm() throws Exception {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SyslogHandler h = new SyslogHandler(receiver, "test", "daos_server[7]");
        LogRecord r = new LogRecord(Level.INFO, "a {0} b");
        r.setParameters(new Object[] {"x"});
        r.setInstant(Instant.parse("2026-01-02T03:04:05Z"));
        assertEquals("<30>Jan  2 03:04:05 daos_server[7]: a x b", h.line(r, ZoneOffset.UTC));
        r.setInstant(Instant.parse("2026-12-24T23:59:59Z"));
        r.setLevel(Level.WARNING);
        assertEquals("<28>Dec 24 23:59:59 daos_server[7]: a x b", h.line(r, ZoneOffset.UTC));
        receiver = null; // closed by the handler
        h.close();
    }
}
