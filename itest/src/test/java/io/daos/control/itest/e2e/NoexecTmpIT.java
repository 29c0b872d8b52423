package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.bench.DrpcFloodBench;
import io.daos.control.itest.support.TestFiles;

/**
 * A node whose {@code java.io.tmpdir} is a tmpfs mounted noexec, as on many hardened HPC nodes.
 * The native libraries of the gRPC transport (Netty's epoll) and of dRPC (junixsocket) are the
 * bundles' native code, extracted once into the bundle cache under the installation's data
 * directory, so neither is copied into the temporary directory: the server listens on epoll (not
 * the NIO fallback) and its dRPC socket answers. Before, Netty fell back to NIO there without a
 * word, and junixsocket could not be loaded at all. Needs root (the mount); skipped otherwise.
 */
public class NoexecTmpIT {

    private static final long START_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-noexec");

    @Rule
    public final WorkRule workRule = new WorkRule(DIST, "e2e-noexec-work");

    @Test
    public void theNativeLibrariesLoadWithoutATemporaryDirectoryToRunFrom() throws Exception {
        Assume.assumeTrue("needs root: a noexec tmpfs is mounted for java.io.tmpdir", RunningNode.isRoot());
        NodeSupport node = workRule.node(false);
        Path tmp = Files.createDirectories(node.work.resolve("noexec-tmp"));
        TestFiles.command("mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", tmp.toString());
        try {
            int mark = node.logLines();
            ServerProcess server = workRule.start(Map.of("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp),
                    "start", "-o", node.config().toString());
            assertEquals(node.port, server.awaitListening(START_MS));
            String listening = node.awaitLog(server, mark, l -> l.contains("gRPC server listening on"), START_MS);
            assertTrue("epoll, not the NIO fallback: " + listening, listening.endsWith("(epoll)"));
            try (DrpcFloodBench.Flood one = DrpcFloodBench.flood(node.work.resolve("run").resolve("daos_server.sock"),
                    1)) {
                assertEquals("the dRPC socket answers: " + one, 1, one.held.size());
            }
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals("no native library copied out", List.of(),
                        left.filter(p -> p.getFileName().toString().endsWith(".so")).toList());
            }
            server.terminate();
            assertEquals(0, server.awaitExit(START_MS));
        } finally {
            TestFiles.command("umount", "-l", tmp.toString());
        }
    }
}
