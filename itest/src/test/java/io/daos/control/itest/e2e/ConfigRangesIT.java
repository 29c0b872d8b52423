package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;

/**
 * Issue 10, defect 6: {@code port: 70000} printed a 44-line stack trace and the server kept
 * running without a gRPC port. Out-of-range numbers in the config, and a port that cannot be
 * bound, end start-up with a clear ERROR line, exit 1 and no stack trace.
 */
public class ConfigRangesIT {

    private static final long EXIT_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-ranges");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    /** The test config with one line replaced. */
    private Path config(int port, String line, String replacement) throws Exception {
        Path cfg = TestFiles.writeConfig(work.dir(), port, "");
        String yml = Files.readString(cfg);
        assertTrue(yml, yml.contains(line));
        Files.writeString(cfg, yml.replace(line, replacement));
        return cfg;
    }

    /** Exits 1 with {@code first} as its first ERROR line, no stack trace, never listening. */
    private List<String> refused(Path cfg) throws Exception {
        ServerProcess server = work.start("start", "-o", cfg.toString());
        assertEquals(1, server.awaitExit(EXIT_MS));
        List<String> all = new ArrayList<>(server.out());
        all.addAll(server.err());
        assertTrue(all.toString(), all.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")));
        assertTrue(server.out().toString(), server.out().stream().noneMatch(l -> l.contains("listening on")));
        List<String> errors = server.err().stream().filter(l -> l.startsWith("ERROR: ")).toList();
        assertEquals(server.err().toString(), errors.size(), server.err().size());
        assertTrue(server.err().toString(), errors.size() >= 1 && errors.size() <= 2);
        assertFalse(server.leftovers());
        return errors;
    }

    @Test
    public void defect6Port70000IsRefusedWithOneClearLine() throws Exception {
        int port = TestFiles.freePort();
        List<String> errors = refused(config(port, "port: " + port + "\n", "port: 70000\n"));
        assertEquals("ERROR: port 70000 out of range [1, 65535]: server: code = 632 description = "
                + "\"invalid control port in configuration\"", errors.get(0));
    }

    @Test
    public void defect6TargetsZeroIsRefusedWithOneClearLine() throws Exception {
        List<String> errors = refused(config(TestFiles.freePort(), "- targets: 1\n", "- targets: 0\n"));
        assertTrue(errors.get(0), errors.get(0).startsWith(
                "ERROR: I/O server 0 failed config validation: targets 0 out of range [1, 65535], examples: "));
    }

    @Test
    public void defect6PortInUseIsRefusedWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            List<String> errors = refused(TestFiles.writeConfig(work.dir(), port, ""));
            assertEquals("ERROR: failed to listen on 0.0.0.0:" + port + ": address already in use", errors.get(0));
        }
    }
}
