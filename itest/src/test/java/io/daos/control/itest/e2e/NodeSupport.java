package io.daos.control.itest.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.daos.control.itest.support.LogWait;
import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.grpc.ManagedChannel;

/**
 * One node of the e2e tests on a private distribution copy: a work directory with a two-instance
 * config (emulated engines, ram SCM in {@code scm0}/{@code scm1}, optionally a file bdev each),
 * event-driven waits on the server log, the engines of this node, and the clean-up (tmpfs
 * unmounted before the directory is deleted).
 */
final class NodeSupport {

    /**
     * A member added to this node's membership, or one the system DB knew coming back after a
     * restart: port, rank, uuid, state. A bootstrap replica is registered Unknown at spawn and
     * moves to Started at its SetUp; a joined rank is registered Started.
     */
    static final Pattern MEMBER_ADDED = Pattern.compile("system member (?:added|rejoined): member "
            + "127\\.0\\.0\\.1:(\\d+)/(\\d+) \\(([0-9a-f-]+), (Unknown|Started)\\)");

    final Dist dist;
    final Path work;
    final int port;

    private NodeSupport(Dist dist, Path work, int port) {
        this.dist = dist;
        this.work = work;
        this.port = port;
    }

    /** A work directory and its daos_server.yml; {@code fileBdev} adds a 1 GB file bdev per instance. */
    static NodeSupport create(Dist dist, String prefix, boolean fileBdev) throws IOException {
        return in(dist, Files.createTempDirectory(prefix), fileBdev);
    }

    /** The same in an existing (empty) work directory, e.g. {@link WorkRule#dir()}. */
    static NodeSupport in(Dist dist, Path work, boolean fileBdev) throws IOException {
        int port = portBelowEphemeralRange();
        Files.createDirectories(work.resolve("run"));
        StringBuilder yml = new StringBuilder()
                .append("name: daos_server\n")
                .append("access_points: [\"localhost:").append(port).append("\"]\n")
                .append("port: ").append(port).append('\n')
                .append("transport_config:\n  allow_insecure: true\n")
                .append("provider: ofi+sockets\n")
                .append("fabric_iface: lo\n")
                .append("socket_dir: \"").append(work.resolve("run")).append("\"\n")
                .append("servers:\n");
        for (int i = 0; i < 2; i++) {
            yml.append("- targets: 1\n")
                    .append("  fabric_iface_port: ").append(31416 + 100 * i).append('\n')
                    .append("  log_file: \"").append(work.resolve("io" + i + ".log")).append("\"\n")
                    .append("  scm_class: ram\n")
                    .append("  scm_mount: \"").append(work.resolve("scm" + i)).append("\"\n")
                    .append("  scm_size: 1\n");
            if (fileBdev) {
                yml.append("  bdev_class: file\n")
                        .append("  bdev_list: [\"").append(work.resolve("bdev" + i + ".img")).append("\"]\n")
                        .append("  bdev_size: 1\n");
            }
        }
        Files.writeString(work.resolve("daos_server.yml"), yml.toString());
        Files.createDirectories(dist.home.resolve("log"));
        return new NodeSupport(dist, work, port);
    }

    static boolean isRoot() throws IOException {
        return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    }

    /**
     * A free port below the kernel's ephemeral range (32768+): the server binds the same port
     * again at each restart, and an outgoing connection elsewhere on the machine must not be able
     * to take it in between.
     */
    static int portBelowEphemeralRange() throws IOException {
        java.util.Random rnd = new java.util.Random();
        for (int i = 0; i < 200; i++) {
            int p = 20_000 + rnd.nextInt(12_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress("0.0.0.0", p));
                return p;
            } catch (IOException busy) {
                // try another
            }
        }
        return TestFiles.freePort();
    }

    Path config() {
        return work.resolve("daos_server.yml");
    }

    Path scm(int i) {
        return work.resolve("scm" + i);
    }

    ServerProcess start() throws IOException {
        return ServerProcess.start(dist, "start", "-o", config().toString());
    }

    Path log() {
        return dist.home.resolve("log").resolve("daos_server.log");
    }

    int logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8).size() : 0;
    }

    List<String> linesFrom(int from) throws IOException {
        return LogWait.linesFrom(log(), from);
    }

    /**
     * Waits (on file-system events, no sleeping) for a line of the server log after line
     * {@code from} matching {@code p}; fails early when {@code server} exits.
     */
    String awaitLog(ServerProcess server, int from, Predicate<String> p, long timeoutMs) throws Exception {
        return LogWait.await(log(), from, p, timeoutMs, server.process::isAlive,
                () -> "stdout=" + server.out() + " stderr=" + server.err());
    }

    /**
     * The rank-{@code rank} "system member added" line on this node's port after line {@code from},
     * once that member is Started (added Started, or its later "Unknown -> Started" line).
     */
    String awaitMemberAdded(ServerProcess server, int from, int rank, long timeoutMs) throws Exception {
        String added = awaitLog(server, from, l -> {
            Matcher m = MEMBER_ADDED.matcher(l);
            return m.find() && m.group(1).equals(Integer.toString(port)) && m.group(2).equals(Integer.toString(rank));
        }, timeoutMs);
        if (added.contains(", Unknown)")) {
            String started = "rank " + rank + " state Unknown -> Started";
            awaitLog(server, from, l -> l.contains(started), timeoutMs);
        }
        return added;
    }

    /**
     * Formats a node waiting at the format gate (StorageFormat over {@code channel}) and waits,
     * within {@code eventMs} per event, until both ranks joined Started and finished their start.
     */
    void formatAndAwaitJoined(ServerProcess server, ManagedChannel channel, long eventMs) throws Exception {
        awaitLog(server, 0, l -> l.contains("SCM format required on instance 0"), eventMs);
        MgmtCtlGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                .storageFormat(StorageFormatReq.getDefaultInstance()).forEachRemaining(r -> { });
        awaitMemberAdded(server, 0, 0, eventMs);
        awaitMemberAdded(server, 0, 1, eventMs);
        awaitSetUp(server, 0, eventMs);
    }

    /** Both instances finished their start sequence (superblocks written, SetUp answered). */
    void awaitSetUp(ServerProcess server, int from, long timeoutMs) throws Exception {
        for (int i = 0; i < 2; i++) {
            String want = "I/O server instance " + i + " started on rank ";
            awaitLog(server, from, l -> l.contains(want), timeoutMs);
        }
    }

    /**
     * Every process of this node's engines (the setpriv wrapper and the emulator), found by this
     * node's socket directory on their command line, whoever their parent is now.
     */
    List<ProcessHandle> engineProcesses() {
        String marker = work.resolve("run").toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self
                && h.info().commandLine().orElse("").contains(marker)).toList();
    }

    void unmountScm() throws Exception {
        for (int i = 0; i < 2; i++) {
            TestFiles.unmountAll(scm(i));
        }
    }

    /** Kills any engine left (by pid), unmounts the SCM and deletes the work directory. */
    void cleanUp() throws Exception {
        for (ProcessHandle h : engineProcesses()) {
            h.destroyForcibly();
            h.onExit().get(10, TimeUnit.SECONDS);
        }
        unmountScm();
        TestFiles.deleteTree(work);
    }
}
