package io.daos.control.itest.karaf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.daos.control.itest.support.LogWait;
import io.daos.control.itest.support.TestFiles;

/**
 * One stock Apache Karaf, unpacked from its Maven Central tarball into a fresh directory and
 * configured only where a test machine needs it: Maven resolution offline, from Karaf's own
 * {@code system/} and the daos-control distribution's {@code system/} (a Maven repository that
 * holds our features descriptor and every bundle it names), nothing downloaded, nothing written
 * to {@code ~/.m2}; free ports for SSH and JMX; a shell user for {@code bin/client}. The process is
 * {@code bin/karaf server} with {@code KARAF_EXEC=exec}, so the process started is Karaf's JVM
 * itself and is stopped by its pid.
 */
final class KarafRun implements AutoCloseable {

    static final String USER = "karaf";
    /** Deadline of one shell command (a client JVM, a feature deployment). */
    static final long COMMAND_TIMEOUT_S = 120;

    final Path home;
    final int sshPort;
    private Process process;

    private KarafRun(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /** Unpacks {@code tarball} into {@code dir} (with the system tar: the scripts stay executable). */
    static KarafRun unpack(Path tarball, Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("Apache Karaf tarball not found: " + tarball
                    + " (the itest build copies it from org.apache.karaf:apache-karaf:tar.gz)");
        }
        Files.createDirectories(dir);
        run(List.of("tar", "xzf", tarball.toString(), "-C", dir.toString()), dir);
        Path home;
        try (Stream<Path> s = Files.list(dir)) {
            home = s.filter(p -> p.getFileName().toString().startsWith("apache-karaf-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no apache-karaf-* in " + dir));
        }
        return new KarafRun(home, TestFiles.freePort());
    }

    /**
     * Offline Maven resolution from Karaf's {@code system/} and {@code repo}; free SSH and JMX ports;
     * the shell user; {@code systemProperties} appended to {@code etc/system.properties}.
     */
    void configure(Path repo, Map<String, String> systemProperties) throws IOException {
        Path mvn = home.resolve("etc/org.ops4j.pax.url.mvn.cfg");
        set(mvn, "org.ops4j.pax.url.mvn.offline", "true");
        set(mvn, "org.ops4j.pax.url.mvn.repositories", "");
        set(mvn, "org.ops4j.pax.url.mvn.localRepository", "${karaf.data}/m2");
        set(mvn, "org.ops4j.pax.url.mvn.defaultRepositories",
                "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + repo.toUri() + "@id=daos-control@snapshots");
        Path shell = home.resolve("etc/org.apache.karaf.shell.cfg");
        set(shell, "sshPort", Integer.toString(sshPort));
        set(shell, "sshHost", "127.0.0.1");
        Path jmx = home.resolve("etc/org.apache.karaf.management.cfg");
        set(jmx, "rmiRegistryPort", Integer.toString(TestFiles.freePort()));
        set(jmx, "rmiServerPort", Integer.toString(TestFiles.freePort()));
        set(jmx, "rmiRegistryHost", "127.0.0.1");
        set(jmx, "rmiServerHost", "127.0.0.1");
        // stock etc/users.properties has every user commented out
        Files.writeString(home.resolve("etc/users.properties"), USER + " = " + USER + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                java.nio.file.StandardOpenOption.APPEND);
        StringBuilder sys = new StringBuilder("\n");
        systemProperties.forEach((k, v) -> sys.append(k).append('=').append(v).append('\n'));
        Files.writeString(home.resolve("etc/system.properties"), sys.toString(),
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Replaces {@code key}'s definition in a Karaf .cfg file (a value continued over lines with
     * a trailing backslash included), or appends it.
     */
    static void set(Path cfg, String key, String value) throws IOException {
        List<String> out = new ArrayList<>();
        boolean continued = false;
        for (String l : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
            boolean ours = continued || l.matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*");
            continued = ours && l.endsWith("\\");
            if (!ours) {
                out.add(l);
            }
        }
        out.add(key + " = " + value);
        Files.write(cfg, out, StandardCharsets.UTF_8);
    }

    /** {@code bin/karaf server}, in its home, with this JVM's Java. */
    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile());
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().put("KARAF_EXEC", "exec");
        process = pb.start();
    }

    Process process() {
        return process;
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    /** The lines of data/log/karaf.log now. */
    List<String> logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
    }

    /**
     * Waits, on file-system events, for a line of karaf.log after line {@code from} that
     * {@code p} accepts; fails when Karaf exits or {@code timeoutMs} pass.
     */
    String awaitLog(int from, Predicate<String> p, long timeoutMs) throws Exception {
        return LogWait.await(log(), from, p, timeoutMs, process::isAlive, () -> {
            try {
                return "karaf.out: " + out();
            } catch (IOException e) {
                return "karaf.out: " + e;
            }
        });
    }

    String out() throws IOException {
        Path f = home.resolve("karaf.out");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /**
     * Runs one shell command through {@code bin/client} (SSH, batch mode: the command on stdin),
     * retrying the connection while the SSH server comes up; returns its output. A command that
     * Karaf reports as failed fails the test.
     */
    String shell(String command) throws Exception {
        Session s = client(command);
        if (s.exit() != 0 || s.out().contains("Error executing command") || s.out().contains("Command not found")) {
            throw new AssertionError("karaf> " + command + " (bin/client exit " + s.exit() + ")\n" + s.out());
        }
        return s.out();
    }

    /** One bin/client session: its exit status and output. */
    record Session(int exit, String out) {
    }

    /** {@link #shell} without the checks (e.g. for a command that may lose its session). */
    Session client(String command) throws Exception {
        Path in = Files.createTempFile(home, "command", ".txt");
        Files.writeString(in, command + "\n");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort),
                "-h", "127.0.0.1", "-u", USER, "-p", USER, "-r", "60", "-d", "1", "-b")
                .directory(home.toFile()).redirectErrorStream(true).redirectInput(in.toFile());
        pb.environment().put("JAVA_HOME", javaHome());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("karaf> " + command + ": no answer in " + COMMAND_TIMEOUT_S + " s");
        }
        Files.delete(in);
        // the shell colours its output; the tests read plain text
        return new Session(p.exitValue(), new String(out, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", ""));
    }

    /**
     * Runs {@code commands} (one a line; none when empty), then lists our bundles (and SCR) as
     * Karaf sees them: symbolic name → "id state", from {@code bundle:list -s -t 0 --no-format}.
     * One client session for both: each session is a JVM start.
     */
    Map<String, String> daosBundlesAfter(String commands) throws Exception {
        Map<String, String> out = new TreeMap<>();
        String script = (commands.isEmpty() ? "" : commands + "\n") + "bundle:list -s -t 0 --no-format";
        for (String line : shell(script).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].matches("\\d+") && (f[4].startsWith("io.daos.control.")
                    || f[4].equals("org.apache.felix.scr"))) {
                out.put(f[4], f[0] + " " + f[1]);
            }
        }
        return out;
    }

    /** Stops Karaf (SIGTERM to its JVM: Karaf's shutdown hook stops the framework) and waits. */
    int stop(long timeoutS) throws Exception {
        process.destroy();
        if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
            throw new AssertionError("Karaf did not stop within " + timeoutS + " s");
        }
        return process.exitValue();
    }

    /** Every process whose command line names {@code dir} (Karaf, clients, engines under it). */
    static List<ProcessHandle> processesNaming(Path dir) {
        String marker = dir.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self
                && h.info().commandLine().orElse("").contains(marker)).toList();
    }

    /** Kills (by pid) whatever of this Karaf is left. The directory is the caller's. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : processesNaming(home)) {
            h.destroyForcibly();
            h.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }

    private static void run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
