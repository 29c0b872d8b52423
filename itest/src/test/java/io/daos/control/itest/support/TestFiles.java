package io.daos.control.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Ports, configs and temp trees shared by the OSGi tests, the end-to-end tests and the benchmarks. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A TCP port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * Writes {@code dir/daos_server.yml}: a one-node, insecure config on {@code port} with one
     * I/O server (ram SCM, file bdev), every path under {@code dir} (socket_dir created) — the
     * distribution's embedded default with test paths. {@code extra} is appended to the
     * top-level keys (e.g. {@code "bogus_key: 1\n"}).
     */
    public static Path writeConfig(Path dir, int port, String extra) throws IOException {
        Files.createDirectories(dir.resolve("run"));
        String yml = "name: daos_server\n"
                + "access_points: [\"localhost:" + port + "\"]\n"
                + "port: " + port + "\n"
                + "transport_config:\n  allow_insecure: true\n"
                + "provider: ofi+sockets\n"
                + "fabric_iface: lo\n"
                + "socket_dir: \"" + dir.resolve("run") + "\"\n"
                + extra
                + "servers:\n"
                + "- targets: 1\n"
                + "  fabric_iface_port: 31416\n"
                + "  log_file: \"" + dir.resolve("io0.log") + "\"\n"
                + "  scm_class: ram\n"
                + "  scm_mount: \"" + dir.resolve("scm0") + "\"\n"
                + "  scm_size: 1\n"
                + "  bdev_class: file\n"
                + "  bdev_list: [\"" + dir.resolve("bdev0.img") + "\"]\n"
                + "  bdev_size: 1\n";
        Path cfg = dir.resolve("daos_server.yml");
        Files.writeString(cfg, yml);
        return cfg;
    }

    /** True if {@code dir} is a mount point now (per /proc/self/mountinfo). */
    public static boolean isMountPoint(Path dir) throws IOException {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return false;
        }
        String want = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(mountinfo)) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].replace("\\040", " ").equals(want)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unmounts {@code dir} until nothing is mounted there (a real tmpfs SCM left by a test as
     * root; a crash may leave mounts stacked).
     */
    public static void unmountAll(Path dir) throws IOException, InterruptedException {
        for (int i = 0; i < 10 && isMountPoint(dir); i++) {
            Process u = new ProcessBuilder("umount", dir.toString()).inheritIO().start();
            if (!u.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || u.exitValue() != 0) {
                throw new IOException("umount " + dir + " failed");
            }
        }
        if (isMountPoint(dir)) {
            throw new IOException(dir + " is still mounted");
        }
    }

    /** Runs a command that must succeed within 10 s (an AssertionError with its output otherwise). */
    public static void command(String... cmd) throws IOException, InterruptedException {
        Output o = run(10_000, cmd);
        org.junit.Assert.assertEquals(String.join(" ", cmd) + ": " + o.text(), 0, o.rc());
    }

    /** A finished command's exit status and output (stdout and stderr together). */
    public record Output(int rc, String text) {
    }

    /**
     * Runs a command, its output to a file so that the time bound holds whatever it prints or
     * however long it hangs (an AssertionError if it has not ended within {@code timeoutMs}).
     */
    public static Output run(long timeoutMs, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cmd", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
            return new Output(p.exitValue(), Files.readString(out, java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Deletes a tree; a missing one is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
