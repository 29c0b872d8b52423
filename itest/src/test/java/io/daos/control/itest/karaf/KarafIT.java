package io.daos.control.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.grpc.ConnectivityState;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * Issue 16, point 1: daos-control in a stock Apache Karaf 4.4 (the Maven Central tarball,
 * unpacked; only Maven resolution, ports and a shell user configured, see {@link KarafRun}).
 * {@code feature:repo-add} of our descriptor and {@code feature:install daos-server} make a node
 * that serves gRPC (health, reflection, ctl.MgmtCtl, mgmt.MgmtSvc) on the port of
 * {@code ${karaf.etc}/daos_server.yml}; uninstalling one concern's feature withdraws its methods
 * from the running server while the other bundles keep their ids and state and health keeps
 * answering on the same connection; Karaf stops and leaves no process.
 */
public class KarafIT {

    /** Karaf's boot, our features' deployment, the first gRPC answer: each well inside this. */
    private static final long EVENT_MS = 90_000;

    private Path work;
    private KarafRun karaf;
    private GrpcTestClient client;

    @After
    public void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (karaf != null) {
            karaf.close();
            // the log of a failed run stays readable in target/
            Path keep = Path.of("target", "karaf-it.log");
            if (Files.exists(karaf.log())) {
                Files.copy(karaf.log(), keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (work != null) {
            TestFiles.unmountAll(work.resolve("node/scm0"));
            TestFiles.deleteTree(work);
        }
    }

    private static Path distribution() {
        Path dist = Path.of(System.getProperty("daos.dist.dir", "../distribution/target/daos-control"));
        if (!Files.isDirectory(dist.resolve("system/io/daos/control/io.daos.control.features"))) {
            throw new IllegalStateException("assembled distribution with the features descriptor in system/ "
                    + "not found at " + dist.toAbsolutePath());
        }
        return dist.toAbsolutePath().normalize();
    }

    @Test
    public void daosServerInstallsIntoStockKarafAndConcernsUninstallOneByOne() throws Exception {
        Path dist = distribution();
        String version = System.getProperty("project.version");
        work = Files.createTempDirectory("karaf-it");
        karaf = KarafRun.unpack(Path.of(System.getProperty("karaf.tarball")), work.resolve("karaf"));
        // no daos.config: the config bundle finds ${karaf.etc}/daos_server.yml
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work.resolve("node"), port, "");
        Files.copy(cfg, karaf.home.resolve("etc/daos_server.yml"));
        karaf.configure(dist.resolve("system"), Map.of(
                "daos.harness.io_server", dist.resolve("bin/daos_io_server").toString()));

        long t0 = System.nanoTime();
        karaf.start();
        // Karaf's boot features deployed (its first "Done."), then the shell answers (the client
        // retries its connection while the SSH server starts)
        karaf.awaitLog(0, l -> l.contains("FeaturesServiceImpl") && l.endsWith("| Done."), EVENT_MS);
        long booted = System.nanoTime();
        karaf.shell("feature:repo-add mvn:io.daos.control/io.daos.control.features/" + version + "/xml/features");
        int from = karaf.logLines().size();
        // installing JNA makes Karaf refresh its own shell (jline's optional com.sun.jna import), which
        // may close this session before the command returns: the log and gRPC say when it is done
        karaf.client("feature:install daos-server");
        karaf.awaitLog(from, l -> l.contains("gRPC server listening on 0.0.0.0:" + port), EVENT_MS);
        karaf.awaitLog(from, l -> l.contains("FeaturesServiceImpl") && l.endsWith("| Done."), EVENT_MS);

        client = new GrpcTestClient(port);
        assertEquals(ServingStatus.SERVING, client.check(""));
        long serving = System.nanoTime();
        System.out.printf("KarafIT: Karaf booted in %d ms; feature:repo-add + feature:install daos-server "
                + "to the first health answer %d ms%n", (booted - t0) / 1_000_000, (serving - booted) / 1_000_000);
        assertEquals(Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "ctl.MgmtCtl",
                "mgmt.MgmtSvc", "peer.ControlPeer"), client.listServices());
        assertEquals(ServingStatus.SERVING, client.check("ctl.MgmtCtl"));
        assertEquals(ServingStatus.SERVING, client.check("mgmt.MgmtSvc"));
        // fanout's SystemQuery is served (this node's harness waits for a format: not UNIMPLEMENTED)
        assertNotEquals(Status.Code.UNIMPLEMENTED, systemQuery());
        assertTrue(karaf.logLines().stream().anyMatch(l -> l.contains("DAOS config loaded from "
                + karaf.home.resolve("etc/daos_server.yml"))));

        Map<String, String> whole = karaf.daosBundlesAfter("");
        assertEquals(whole.toString(), 19, whole.size());
        assertTrue(whole.toString(), whole.values().stream().allMatch(v -> v.endsWith(" Active")));

        // the concerns as features of their own, then without the whole node: nothing moves
        assertEquals(whole, karaf.daosBundlesAfter("feature:install daos-core daos-security daos-storage-scm "
                + "daos-storage-nvme daos-harness daos-control daos-management daos-fanout\n"
                + "feature:uninstall daos-server"));

        // one concern out: its methods go, the rest stays as it was, on the same server and connection
        assertEquals(without(whole, "io.daos.control.fanout"), karaf.daosBundlesAfter("feature:uninstall daos-fanout"));
        assertEquals(Status.Code.UNIMPLEMENTED, systemQuery());
        assertEquals(ServingStatus.SERVING, client.check(""));
        assertEquals(ServingStatus.SERVING, client.check("ctl.MgmtCtl"));

        // management (and the Ratis runtime only it uses) out: its service leaves reflection;
        // mgmt.MgmtSvc stays with the harness's *Ranks methods
        Map<String, String> left = karaf.daosBundlesAfter("feature:uninstall daos-management");
        assertEquals(Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "ctl.MgmtCtl",
                "mgmt.MgmtSvc"), client.listServices());
        assertEquals(without(whole, "io.daos.control.fanout", "io.daos.control.management",
                "io.daos.control.ratis.runtime"), left);
        assertEquals(ServingStatus.SERVING, client.check(""));
        assertEquals(ConnectivityState.READY, client.channel().getState(false));
        assertEquals("the gRPC server started once", 1,
                karaf.logLines().stream().filter(l -> l.contains("gRPC server listening on")).count());

        // stop: Karaf's JVM ends and leaves nothing behind (the harness's engines included)
        client.close();
        client = null;
        karaf.stop(60);
        List<ProcessHandle> running = KarafRun.processesNaming(work);
        assertTrue("left running: " + running.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse(""))
                .toList(), running.isEmpty());
        assertFalse(karaf.process().isAlive());
    }

    private Status.Code systemQuery() {
        return GrpcTestClient.codeOf(() -> MgmtCtlGrpc.newBlockingStub(client.channel())
                .withDeadlineAfter(GrpcTestClient.TIMEOUT_S, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()));
    }

    private static Map<String, String> without(Map<String, String> bundles, String... names) {
        Map<String, String> out = new TreeMap<>(bundles);
        for (String n : names) {
            assertTrue(n + " in " + bundles, out.remove(n) != null);
        }
        return out;
    }
}
