package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.ManagedChannel;

/** Bad input to bin/daos_server: a clear ERROR line and a non-zero exit, never a hang. */
public class StartupFailureIT {

    private static final long EXIT_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-failure");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    private ServerProcess server;

    /**
     * An I/O server that exits before it is ready is fatal (SPEC-SERVER §3.7): daos_server says
     * why and exits non-zero, also when it happens after the start banner (here: after format).
     */
    @Test
    public void ioServerExitingBeforeReadyStopsTheServerWithExitOne() throws Exception {
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work.dir(), port, "");
        server = work.start(java.util.Map.of("JAVA_OPTS", "-Ddaos.harness.io_server=/bin/false"),
                "start", "-o", cfg.toString());
        assertEquals(port, server.awaitListening(EXIT_MS));
        ManagedChannel channel = work.channel(port);
        Iterator<StorageFormatResp> replies = MgmtCtlGrpc.newBlockingStub(channel)
                .withDeadlineAfter(EXIT_MS, TimeUnit.MILLISECONDS)
                .storageFormat(StorageFormatReq.getDefaultInstance());
        StorageFormatResp reply = replies.next();
        assertEquals(reply.toString(), 0, reply.getMrets(0).getState().getStatusValue());
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        assertEquals(1, server.awaitExit(EXIT_MS));
        assertTrue(server.err().toString(), errorLines().contains(
                "ERROR: DAOS I/O Server exited with error: /bin/false (instance 0) exited: exit status 1"));
        assertFalse(server.leftovers());
    }

    private List<String> errorLines() {
        return server.err().stream().filter(l -> l.startsWith("ERROR: ")).toList();
    }

    @Test
    public void configErrorExitsNonZeroWithOneClearLine() throws Exception {
        Path cfg = TestFiles.writeConfig(work.dir(), TestFiles.freePort(), "bogus_key: 1\n");
        server = work.start("start", "-o", cfg.toString());
        assertEquals(1, server.awaitExit(EXIT_MS));
        List<String> errors = errorLines();
        assertEquals(server.err().toString(), 1, errors.size());
        assertTrue(errors.get(0), errors.get(0).contains("bogus_key"));
        assertEquals(server.err().toString(), 1, server.err().size());
        assertTrue(server.out().stream().noneMatch(l -> l.contains("listening on")));
        assertFalse(server.leftovers());
    }

    @Test
    public void occupiedPortExitsNonZeroNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Path cfg = TestFiles.writeConfig(work.dir(), port, "");
            server = work.start("start", "-o", cfg.toString());
            assertEquals(1, server.awaitExit(EXIT_MS));
            List<String> errors = errorLines();
            assertTrue(server.err().toString(), errors.size() >= 1 && errors.size() <= 2);
            assertTrue(errors.get(0), errors.get(0).contains("0.0.0.0:" + port));
            assertTrue(server.out().stream().noneMatch(l -> l.contains("listening on")));
        }
    }

    @Test
    public void missingConfigFile() throws Exception {
        Path cfg = work.resolve("absent.yml");
        server = work.start("start", "-o", cfg.toString());
        assertEquals(1, server.awaitExit(EXIT_MS));
        assertEquals(List.of("ERROR: failed to load config from " + cfg + ": stat " + cfg
                + ": no such file or directory"), server.err());
    }

    @Test
    public void badFlagAndUnknownCommand() throws Exception {
        server = work.start("start", "-p", "abc");
        assertEquals(1, server.awaitExit(EXIT_MS));
        assertEquals(List.of("ERROR: invalid argument for flag `-p, --port' (expected uint16): "
                + "strconv.ParseUint: parsing \"abc\": invalid syntax"), server.err());
        server = work.start("launch");
        assertEquals(1, server.awaitExit(EXIT_MS));
        assertEquals(List.of("ERROR: Unknown command `launch'. Please specify one command of: "
                + "network, start, storage or version"), server.err());
    }

    @Test
    public void versionPrintsTheVersionAndExitsZero() throws Exception {
        // storage and network commands: StorageCliIT
        server = work.start("version");
        assertEquals(0, server.awaitExit(EXIT_MS));
        assertEquals(List.of("daos_server version " + System.getProperty("project.version", "0.1.0-SNAPSHOT")),
                server.out());
    }
}
