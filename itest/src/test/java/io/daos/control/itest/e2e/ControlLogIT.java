package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;

/**
 * Issue 10, point 9: {@code control_log_file} and {@code control_log_mask} were ignored (the log
 * always went to log/daos_server.log at INFO). Issue 16, point 3: logs like DAOS — the per-call
 * DEBUG line, an invalid mask, {@code -j}, {@code --syslog} (to a socket of the test's own) and
 * the rotation of the control log, each through {@code bin/daos_server}.
 */
public class ControlLogIT {

    private static final long START_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-ctllog");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    /** Waits (bounded) until a line of {@code file} matches. */
    private static String awaitLine(Path file, Predicate<String> p, String what) throws Exception {
        long deadline = System.nanoTime() + START_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    if (p.test(l)) {
                        return l;
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("no line with " + what + " in " + file);
        return null;
    }

    private ServerProcess start(Path ctl, String mask) throws Exception {
        return start(ctl, mask, Map.of());
    }

    /** Starts with {@code env} (JAVA_OPTS) and {@code flags} before {@code start}. */
    private ServerProcess start(Path ctl, String mask, Map<String, String> env, String... flags) throws Exception {
        int port = TestFiles.freePort();
        ServerProcess server = work.start(env, args(ctl, mask, port, flags));
        assertEquals(port, server.awaitListening(START_MS));
        this.port = port;
        return server;
    }

    private String[] args(Path ctl, String mask, int port, String... flags) throws Exception {
        Path cfg = TestFiles.writeConfig(work.dir(), port,
                "control_log_file: \"" + ctl + "\"\ncontrol_log_mask: " + mask + "\n");
        List<String> a = new java.util.ArrayList<>(List.of(flags));
        a.addAll(List.of("start", "-o", cfg.toString()));
        return a.toArray(String[]::new);
    }

    private int port;

    @Test
    public void point9ControlLogFileWithDebugGetsTheLogInANewDirectory() throws Exception {
        Path ctl = work.resolve("x/ctl.log");
        assertFalse(Files.exists(ctl.getParent()));
        ServerProcess server = start(ctl, "DEBUG");
        awaitLine(ctl, l -> l.contains("gRPC server listening on"), "the gRPC listening line");
        awaitLine(ctl, l -> l.contains(" FINE "), "a debug (FINE) line");
        awaitLine(ctl, l -> l.contains("DAOS config loaded from"), "the config line");
        server.close();
    }

    @Test
    public void point9MaskErrorKeepsInfoOut() throws Exception {
        Path ctl = work.resolve("y/ctl.log");
        ServerProcess server = start(ctl, "ERROR");
        // the gRPC listening line (INFO) is logged before the readiness the start banner waits for
        assertTrue(Files.exists(ctl));
        List<String> lines = Files.readAllLines(ctl);
        assertTrue(lines.toString(), lines.stream().noneMatch(l -> l.contains(" INFO ")));
        assertTrue(lines.toString(), lines.stream().noneMatch(l -> l.contains("gRPC server listening on")));
        server.close();
    }

    // ---- issue 16, point 3 ----

    private static final String CALL_LINE = "gRPC call method=grpc.health.v1.Health/Check peer=127.0.0.1:";

    /** Starts with {@code mask} and makes one health check. */
    private ServerProcess startAndCall(Path ctl, String mask) throws Exception {
        ServerProcess server = start(ctl, mask);
        try (GrpcTestClient c = new GrpcTestClient(port)) {
            c.check("");
        }
        return server;
    }

    @Test
    public void point3DebugMaskLogsOneLinePerGrpcCall() throws Exception {
        Path ctl = work.resolve("calls/ctl.log");
        ServerProcess server = startAndCall(ctl, "DEBUG");
        String line = awaitLine(ctl, l -> l.contains(CALL_LINE), "the per-call line");
        assertTrue(line, line.matches(".* FINE io\\.daos\\.control\\.rpc\\.calls: " + java.util.regex.Pattern.quote(CALL_LINE)
                + "\\d+ status=OK duration_ms=\\d+\\.\\d{3}"));
        server.close();
    }

    @Test
    public void point3InfoMaskLogsNoCallLine() throws Exception {
        Path ctl = work.resolve("nocalls/ctl.log");
        ServerProcess server = startAndCall(ctl, "INFO");
        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
        List<String> lines = Files.readAllLines(ctl);
        // the stop line comes after the call: had the call been logged, it would be here by now
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.contains("gRPC server on") && l.contains("stopped")));
        assertTrue(lines.toString(), lines.stream().noneMatch(l -> l.contains("gRPC call ")));
    }

    @Test
    public void point3AnInvalidMaskFailsStartAsTheReference() throws Exception {
        ServerProcess server = work.start(Map.of(), args(work.resolve("bad/ctl.log"), "LOUD", TestFiles.freePort()));
        assertEquals(1, server.awaitExit(START_MS));
        assertTrue(server.err().toString(), server.err().stream()
                .anyMatch(l -> l.startsWith("ERROR: ") && l.contains("\"LOUD\" is not a valid log level")));
    }

    @Test
    public void point3JsonFlagWritesJsonLines() throws Exception {
        Path ctl = work.resolve("json/ctl.log");
        ServerProcess server = start(ctl, "INFO", Map.of(), "-j");
        awaitLine(ctl, l -> l.startsWith("{\"level\":\"INFO\",\"time\":\"") && l.contains("gRPC server listening on"),
                "a JSON line");
        assertTrue(Files.readAllLines(ctl).stream().allMatch(l -> l.startsWith("{\"level\":") && l.endsWith("\"}")));
        server.close();
    }

    @Test
    public void point3SyslogSendsToTheSocketOfDaosSyslogAddress() throws Exception {
        Path sock = work.resolve("dev-log");
        try (DatagramSocket receiver = AFUNIXDatagramSocket.newInstance()) {
            receiver.bind(AFUNIXSocketAddress.of(sock.toFile()));
            receiver.setSoTimeout((int) START_MS);
            ServerProcess server = start(work.resolve("syslog/ctl.log"), "INFO",
                    Map.of("JAVA_OPTS", "-Ddaos.syslog.address=" + sock), "--syslog");
            long pid = server.process.pid();
            String got = null;
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            while (got == null) { // bounded by SO_TIMEOUT per datagram
                receiver.receive(p);
                String d = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (d.contains("gRPC server listening on")) {
                    got = d;
                }
            }
            assertTrue(got, got.matches("<30>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d daos_server\\[" + pid
                    + "\\]: gRPC server listening on .*"));
            server.close();
        }
    }

    @Test
    public void point3TheControlLogRotatesBySize() throws Exception {
        Path ctl = work.resolve("rotate/ctl.log");
        ServerProcess server = start(ctl, "DEBUG", Map.of("JAVA_OPTS", "-Ddaos.log.max.size=4k -Ddaos.log.max.files=2000"));
        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
        Path first = ctl.resolveSibling("ctl.log.1");
        assertTrue("no rotation at 4k with DEBUG", Files.exists(first));
        // every file, oldest first: ctl.log.<n-1> ... ctl.log.1, then the current ctl.log
        int n = 1;
        while (Files.exists(ctl.resolveSibling("ctl.log." + n))) {
            n++;
        }
        List<String> all = new java.util.ArrayList<>();
        for (int i = n - 1; i >= 1; i--) {
            all.addAll(Files.readAllLines(ctl.resolveSibling("ctl.log." + i))); // sizes: RotatingFileHandlerTest
        }
        List<String> current = Files.readAllLines(ctl);
        assertFalse("the current file is empty", current.isEmpty());
        all.addAll(current);
        // none dropped: the switch to the file opens the oldest file, and the stop line follows it somewhere
        // (how many debug lines come after it, and so which file it lands in, depends on the threads' timing)
        assertTrue(all.get(0), all.get(0).contains("daos_server logging to file " + ctl));
        assertTrue(all.stream().anyMatch(l -> l.contains("gRPC server on") && l.contains("stopped")));
    }
}
