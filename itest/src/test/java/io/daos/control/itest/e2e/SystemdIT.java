package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * bin/daos_server as systemd runs it (lib/systemd/daos_server.service): NOTIFY_SOCKET bound by
 * the test ({@link NotifyReceiver}), JOURNAL_STREAM set, DAOS_EXIT_CODES=distinct. READY=1 comes
 * once the gRPC server answers, STOPPING=1 on SIGTERM, and the exit status says what happened.
 * The unit itself passes {@code systemd-analyze verify} for the installed tree. The unit under a
 * real systemd: {@link RealSystemdIT}.
 */
public class SystemdIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-systemd");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    /** The environment systemd gives the unit's process (and the unit's DAOS_EXIT_CODES). */
    private static Map<String, String> underSystemd(NotifyReceiver sd) {
        return Map.of("NOTIFY_SOCKET", sd.address(), "JOURNAL_STREAM", "8:4242", "DAOS_EXIT_CODES", "distinct");
    }

    private NotifyReceiver receiver() throws Exception {
        return work.closing(new NotifyReceiver(work.resolve("notify")));
    }

    @Test
    public void readyOnceHealthAnswersStoppingOnSigtermAndExitZero() throws Exception {
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work.dir(), port, "");
        NotifyReceiver sd = receiver();
        ServerProcess server = work.start(underSystemd(sd), "start", "-o", cfg.toString());

        List<String> ready = sd.await("READY=1", START_MS);
        // when READY=1 arrives, a new client's first health check is answered (no waiting for ready)
        GrpcTestClient client = work.closing(new GrpcTestClient(port));
        assertEquals(ServingStatus.SERVING, client.check(""));
        long pid = server.process.pid();
        // (exactly these lines: sent by the JVM itself through junixsocket, not by systemd-notify,
        // which would add MAINPID=)
        assertEquals(List.of("READY=1", "STATUS=DAOS Control Server (pid " + pid + ") listening on 0.0.0.0:" + port),
                ready);
        assertEquals("READY=1 is the first notification", ready, sd.messages().get(0));
        assertEquals(port, server.awaitListening(EVENT_MS));
        // the journal has the log: the console carries INFO under JOURNAL_STREAM, each line with
        // its journal priority (<6> info)
        server.awaitErr(l -> l.startsWith("<6>") && l.contains(" INFO ")
                && l.contains("gRPC server listening on 0.0.0.0:" + port), EVENT_MS);

        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
        assertEquals(List.of("STOPPING=1", "STATUS=stopping (signal)"), sd.await("STOPPING=1", EVENT_MS));
        assertEquals(1, sd.messages().stream().filter(m -> m.contains("READY=1")).count());
        assertTrue(server.out().toString(), server.out().contains("DAOS Control Server (pid " + pid + ") shutting down"));
        assertFalse(server.leftovers());
        assertTrue(server.err().toString(), server.err().stream().noneMatch(l -> l.startsWith("WARNING: systemd")));
        // the launcher loads junixsocket from lib/engine itself: under systemd the class path, and
        // so the class-data archive of start, are those of a start by hand
        try (Stream<Path> cds = Files.list(DIST.dist().home.resolve("data/cds"))) {
            List<String> names = cds.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.toString(), names.stream().anyMatch(n -> n.startsWith("daos_server-")));
            assertTrue(names.toString(), names.stream().noneMatch(n -> n.startsWith("daos_server_systemd")));
        }
    }

    @Test
    public void configurationErrorsExit78AndUsageErrors64() throws Exception {
        NotifyReceiver sd = receiver();
        ServerProcess server = work.start(underSystemd(sd), "start", "-o", work.resolve("absent.yml").toString());
        assertEquals(78, server.awaitExit(START_MS));

        Path cfg = TestFiles.writeConfig(work.dir(), TestFiles.freePort(), "bogus_key: 1\n");
        server = work.start(underSystemd(sd), "start", "-o", cfg.toString());
        assertEquals(78, server.awaitExit(START_MS));
        List<String> status = sd.await(m -> m.stream().anyMatch(l -> l.startsWith("STATUS=start-up failed: ")), EVENT_MS);
        assertTrue(status.toString(), status.get(0).contains("bogus_key"));

        // a logging set-up error (set up beside the framework's initialisation) is one too
        Path good = TestFiles.writeConfig(work.dir().resolve("good"), TestFiles.freePort(), "");
        Map<String, String> env = new java.util.HashMap<>(underSystemd(sd));
        env.put("JAVA_OPTS", "-Ddaos.log.max.size=lots");
        server = work.start(env, "start", "-o", good.toString());
        assertEquals(78, server.awaitExit(START_MS));
        assertTrue(server.err().toString(), server.err().stream()
                .anyMatch(l -> l.startsWith("ERROR: daos.log.max.size: ")));

        server = work.start(underSystemd(sd), "start", "-p", "abc");
        assertEquals(64, server.awaitExit(START_MS));
        assertTrue(sd.messages().toString(), sd.messages().stream().noneMatch(m -> m.contains("READY=1")));
    }

    @Test
    public void aStartUpFailureExits69WithItsStatus() throws Exception {
        NotifyReceiver sd = receiver();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Path cfg = TestFiles.writeConfig(work.dir(), port, "");
            ServerProcess server = work.start(underSystemd(sd), "start", "-o", cfg.toString());
            assertEquals(69, server.awaitExit(START_MS));
            List<String> status = sd.await(m -> m.stream().anyMatch(l -> l.startsWith("STATUS=start-up failed: ")),
                    EVENT_MS);
            assertTrue(status.toString(), status.get(0).contains("0.0.0.0:" + port));
            assertTrue(sd.messages().toString(), sd.messages().stream().noneMatch(m -> m.contains("READY=1")));
            assertFalse(server.leftovers());
        }
    }

    /** An I/O server that exits after the server was ready: a run-time failure, 70, announced. */
    @Test
    public void aFailureAfterReadyExits70AndIsAnnounced() throws Exception {
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work.dir(), port, "");
        NotifyReceiver sd = receiver();
        Map<String, String> env = new java.util.HashMap<>(underSystemd(sd));
        env.put("JAVA_OPTS", "-Ddaos.harness.io_server=/bin/false");
        ServerProcess server = work.start(env, "start", "-o", cfg.toString());
        sd.await("READY=1", START_MS);
        ManagedChannel channel = work.channel(port);
        Iterator<StorageFormatResp> replies = MgmtCtlGrpc.newBlockingStub(channel)
                .withDeadlineAfter(START_MS, TimeUnit.MILLISECONDS)
                .storageFormat(StorageFormatReq.getDefaultInstance());
        assertEquals(0, replies.next().getMrets(0).getState().getStatusValue());
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        assertEquals(70, server.awaitExit(START_MS));
        List<String> stopping = sd.await("STOPPING=1", EVENT_MS);
        assertEquals(stopping.toString(), "STATUS=failed: DAOS I/O Server exited with error: /bin/false (instance 0) "
                + "exited: exit status 1", stopping.get(1));
        assertFalse(server.leftovers());
    }

    /**
     * The unit of the assembled tree, installed for this copy (its /opt/daos-control rewritten, as
     * the README's install step does for another prefix): {@code systemd-analyze verify} finds
     * nothing, not even a warning (an unknown key is only a warning there).
     */
    @Test
    public void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue("systemd-analyze is not installed (" + analyze + "): the unit is not verified", Files.isExecutable(analyze));
        Dist dist = DIST.dist();
        Path shipped = dist.home.resolve("lib/systemd/daos_server.service");
        assertTrue("the distribution has no " + shipped, Files.isRegularFile(shipped));
        Path installed = work.resolve("daos_server.service");
        Files.writeString(installed, Files.readString(shipped).replace("/opt/daos-control", dist.home.toString()));
        Path log = work.resolve("verify.log");
        Process p = new ProcessBuilder(analyze.toString(), "verify", installed.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(out, 0, p.exitValue());
        assertEquals("", out);
    }
}
