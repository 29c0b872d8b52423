package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * The embedded default configuration: written by bin/daos_server on first use with this tree's
 * absolute paths, started without -o, rewritten when the tree is copied elsewhere, never
 * overwritten once edited.
 */
public class DefaultConfigIT {

    /** What the security bundle warns at start in insecure mode (its SecurityComponent). */
    private static final String INSECURE = "transport_config.allow_insecure (or start -i): gRPC is PLAINTEXT and "
            + "every caller may call every method";

    @Rule
    public final WorkRule trees = new WorkRule();

    private ServerProcess server;

    private Dist copy() throws IOException {
        Dist d = Dist.copy("e2e-default");
        trees.own(d.home.getParent());
        return d;
    }

    private static Path yml(Dist d) {
        return d.home.resolve("etc/daos_server.yml");
    }

    private static void run(Dist d, String... args) throws Exception {
        try (ServerProcess p = ServerProcess.start(d, args)) {
            assertEquals(p.err().toString(), 0, p.awaitExit(60_000));
        }
    }

    /** cp -a of a whole tree (generated config included), as an operator would copy it. */
    private Dist copyTree(Dist from) throws Exception {
        Path to = trees.own(Files.createTempDirectory("e2e-default-copy")).resolve("daos-control");
        Process cp = new ProcessBuilder("cp", "-a", from.home.toString(), to.toString()).inheritIO().start();
        assertEquals(0, cp.waitFor());
        return Dist.at(to);
    }

    @Test
    public void startsOnTheGeneratedDefault() throws Exception {
        Dist d = copy();
        int port = TestFiles.freePort();
        server = trees.track(ServerProcess.start(d, "start", "-p", Integer.toString(port)));
        assertEquals(port, server.awaitListening(60_000));
        // the banner's later lines may still be on their way when the first one is seen
        String configLine = "  config:  " + yml(d);
        server.awaitOut(configLine::equals, 60_000);
        String text = Files.readString(yml(d));
        assertTrue(text, text.contains("scm_mount: \"" + d.home.resolve("data/scm0") + "\""));
        assertFalse(text, text.contains("@DAOS_HOME@"));
        try (GrpcTestClient c = new GrpcTestClient(port)) {
            assertEquals(ServingStatus.SERVING, c.check(""));
        }
        server.terminate();
        assertEquals(0, server.awaitExit(60_000));
        // the default is insecure, and says so once, loudly
        assertEquals(server.err().toString(), 1, server.err().stream().filter(l -> l.contains(INSECURE)).count());
    }

    @Test
    public void copiedTreeGetsItsOwnPathsButAnEditedConfigIsKept() throws Exception {
        Dist a = copy();
        run(a, "version");
        assertTrue(Files.readString(yml(a)).contains("socket_dir: \"" + a.home.resolve("data/run") + "\""));

        Dist b = copyTree(a);
        run(b, "version");
        String inB = Files.readString(yml(b));
        assertTrue(inB, inB.contains("socket_dir: \"" + b.home.resolve("data/run") + "\""));
        assertFalse(inB, inB.contains(a.home.toString()));

        Files.writeString(yml(b), inB + "# edited by the operator\n");
        Dist c = copyTree(b);
        run(c, "version");
        String inC = Files.readString(yml(c));
        assertTrue("an edited config is never overwritten", inC.endsWith("# edited by the operator\n"));
        assertTrue(inC.contains(b.home.resolve("data/run").toString()));
    }
}
