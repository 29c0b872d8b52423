package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.daos.control.itest.support.TestFiles.Output;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * The shipped unit ({@code lib/systemd/daos_server.service}) under a real systemd: systemd as PID
 * 1 of its own cgroup, PID and mount namespaces on this host ({@code systemd/container.sh}),
 * sharing the host's network and files, so the test talks to the node on its port and to systemd
 * with {@code systemctl} (through {@code nsenter}). The unit is installed as the README says for
 * another prefix (its /opt/daos-control rewritten) with one drop-in: {@code ExecStart} with this
 * node's {@code -o <config>} (what the unit's header says a drop-in is for), and
 * {@code DefaultDependencies=no}, only so that the container's systemd does not bring up
 * sysinit.target's machinery (udev, sysctl, mounts) for one service.
 * <p>
 * Proves, with systemd 252 itself deciding: {@code systemctl start} returns once the node is ready
 * ({@code Type=notify}), and the node answers at that moment; the status line, the limits and the
 * journal; a SIGKILLed node restarted ({@code Restart=on-failure}); {@code systemctl stop} ends in
 * success with no process left; a configuration error fails the unit with 78 and no restart
 * ({@code RestartPreventExitStatus}). {@link SystemdIT} covers the protocol without systemd.
 * Needs root, systemd, unshare and nsenter; skipped otherwise.
 */
public class RealSystemdIT {

    private static final Path SYSTEMD = Path.of("/lib/systemd/systemd");
    private static final long START_MS = 90_000;
    private static final long EVENT_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-realsd").assuming(
            "needs root, " + SYSTEMD + ", unshare, nsenter and the hybrid cgroup layout (/sys/fs/cgroup/systemd,"
                    + " /sys/fs/cgroup/unified): systemd runs in namespaces of its own",
            RealSystemdIT::possible);

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-realsd-work");

    static boolean possible() throws IOException {
        return RunningNode.isRoot() && Files.isExecutable(SYSTEMD) && onPath("unshare") && onPath("nsenter")
                && Files.isRegularFile(Path.of("/proc/self/cgroup")) && Files.isDirectory(Path.of("/sys/fs/cgroup/systemd"))
                && Files.isDirectory(Path.of("/sys/fs/cgroup/unified"));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void theShippedUnitUnderSystemd() throws Exception {
        Dist dist = DIST.dist();
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work.dir(), port, "");
        Path units = Files.createDirectories(work.resolve("units"));
        String unit = Files.readString(dist.home.resolve("lib/systemd/daos_server.service"))
                .replace("/opt/daos-control", dist.home.toString());
        Files.writeString(units.resolve("daos_server.service"), unit);
        dropIn(units, "test.conf", "[Unit]\nDefaultDependencies=no\n\n[Service]\nExecStart=\nExecStart="
                + dist.home.resolve("bin/daos_server") + " start -o " + cfg + "\n");
        Files.writeString(units.resolve("daos-test.target"), "[Unit]\nDescription=RealSystemdIT\n"
                + "DefaultDependencies=no\nWants=systemd-journald.service\n");

        try (Container sd = Container.boot(work.resolve("container.sh"), units)) {
            // start: returns only once READY=1 came, and then the node answers at once
            Output start = sd.run(START_MS, "systemctl", "start", "daos_server");
            assertEquals(start.text(), 0, start.rc());
            try (GrpcTestClient c = new GrpcTestClient(port)) {
                assertEquals(ServingStatus.SERVING, c.check(""));
            }
            Map<String, String> s = sd.show();
            assertEquals(s.toString(), "active", s.get("ActiveState"));
            assertEquals(s.toString(), "running", s.get("SubState"));
            String mainPid = s.get("MainPID");
            assertEquals("the status line the node sent (pids inside the container's namespace)",
                    "DAOS Control Server (pid " + mainPid + ") listening on 0.0.0.0:" + port, s.get("StatusText"));
            // the unit's limits; without CAP_SYS_RESOURCE (some containers, this CI's) systemd can
            // raise them no further than its own hard limits, and sets those ("closest")
            String limits = sd.run(EVENT_MS, "cat", "/proc/" + mainPid + "/limits").text();
            String own = sd.run(EVENT_MS, "cat", "/proc/1/limits").text();
            boolean canRaise = sysResource(sd.run(EVENT_MS, "cat", "/proc/1/status").text());
            assertEquals(limits, canRaise ? List.of("unlimited", "unlimited") : hardTwice(own, "Max locked memory"),
                    limit(limits, "Max locked memory"));
            assertEquals(limits, canRaise ? List.of("1048576", "1048576") : hardTwice(own, "Max open files"),
                    limit(limits, "Max open files"));
            String journal = sd.run(EVENT_MS, "journalctl", "-u", "daos_server", "-o", "cat", "--no-pager").text();
            assertTrue(journal, journal.contains("gRPC server listening on 0.0.0.0:" + port));

            // SIGKILL: a failure a restart may cure; systemd starts it again (RestartSec=5)
            assertEquals(0, sd.run(EVENT_MS, "kill", "-KILL", mainPid).rc());
            Map<String, String> again = sd.awaitShow(EVENT_MS, m -> "1".equals(m.get("NRestarts"))
                    && "running".equals(m.get("SubState")));
            assertNotEquals("a new process", mainPid, again.get("MainPID"));
            try (GrpcTestClient c = new GrpcTestClient(port)) {
                assertEquals(ServingStatus.SERVING, c.check(""));
            }

            // stop: a requested stop is a success, and nothing of the unit is left running
            Output stop = sd.run(EVENT_MS, "systemctl", "stop", "daos_server");
            assertEquals(stop.text(), 0, stop.rc());
            Map<String, String> stopped = sd.show();
            assertEquals(stopped.toString(), "inactive", stopped.get("ActiveState"));
            assertEquals(stopped.toString(), "success", stopped.get("Result"));
            assertEquals(stopped.toString(), "0", stopped.get("ExecMainStatus"));
            assertEquals("no process of the tree left", List.of(), Teardown.processesNaming(dist.home));

            // a configuration error: exit 78, the unit failed, and no restart is even scheduled
            Path bad = work.resolve("bad.yml");
            Files.writeString(bad, "name: daos_server\nport: not-a-number\n");
            dropIn(units, "zz-bad.conf", "[Service]\nExecStart=\nExecStart=" + dist.home.resolve("bin/daos_server")
                    + " start -o " + bad + "\n");
            sd.install(units);
            assertNotEquals(0, sd.run(START_MS, "systemctl", "start", "daos_server").rc());
            Map<String, String> failed = sd.show();
            assertEquals(failed.toString(), "78", failed.get("ExecMainStatus"));
            assertEquals(failed.toString(), "failed", failed.get("ActiveState"));
            assertEquals("not auto-restart: " + failed, "failed", failed.get("SubState"));
            // (systemctl start reset the counter the SIGKILL raised; the failure added none)
            assertEquals(failed.toString(), "0", failed.get("NRestarts"));
        }
    }

    /** Soft and hard value of one line of /proc/PID/limits. */
    private static List<String> limit(String limits, String name) {
        for (String line : limits.split("\n")) {
            if (line.startsWith(name)) {
                String[] f = line.substring(name.length()).trim().split("\\s+");
                return List.of(f[0], f[1]);
            }
        }
        throw new AssertionError("no " + name + " in " + limits);
    }

    /** The hard value of {@code name}, as both soft and hard. */
    private static List<String> hardTwice(String limits, String name) {
        String hard = limit(limits, name).get(1);
        return List.of(hard, hard);
    }

    /** Whether a /proc/PID/status names CAP_SYS_RESOURCE (bit 24) among the effective capabilities. */
    static boolean sysResource(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 24)) != 0;
            }
        }
        return false;
    }

    private static void dropIn(Path units, String name, String text) throws IOException {
        Path d = Files.createDirectories(units.resolve("daos_server.service.d"));
        Files.writeString(d.resolve(name), text);
    }

    /** systemd in its namespaces (container.sh), and commands run in them. */
    static final class Container implements AutoCloseable {

        private final Process outer;
        private final long systemdPid;
        private final List<Path> cgroups;

        private Container(Process outer, long systemdPid, List<Path> cgroups) {
            this.outer = outer;
            this.systemdPid = systemdPid;
            this.cgroups = cgroups;
        }

        static Container boot(Path script, Path units) throws Exception {
            try (InputStream in = RealSystemdIT.class.getResourceAsStream("/systemd/container.sh")) {
                Files.write(script, in.readAllBytes());
            }
            String name = "daos-realsd-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            List<Path> cgroups = childCgroups(name);
            Path log = script.resolveSibling("systemd.log");
            Process outer = new ProcessBuilder("bash", script.toString(), name, units.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EVENT_MS);
            Container c = null;
            try {
                // unshare's one child is systemd; then wait until it has finished starting up
                while (c == null) {
                    List<ProcessHandle> kids = outer.toHandle().children().toList();
                    if (kids.size() == 1 && kids.get(0).info().command().map(x -> x.endsWith("/systemd")).orElse(false)) {
                        c = new Container(outer, kids.get(0).pid(), cgroups);
                    } else {
                        pause(deadline, outer, log);
                    }
                }
                while (!List.of("running", "degraded").contains(c.run(EVENT_MS, "systemctl", "is-system-running").text().strip())) {
                    pause(deadline, outer, log);
                }
                return c;
            } catch (Exception | AssertionError e) {
                if (c != null) {
                    c.close();
                } else {
                    outer.destroyForcibly().waitFor(EVENT_MS, TimeUnit.MILLISECONDS);
                    removeCgroups(cgroups);
                }
                throw e;
            }
        }

        /** A poll interval while systemd boots (an external process's state, polled). */
        private static void pause(long deadline, Process outer, Path log) throws Exception {
            if (System.nanoTime() > deadline || !outer.isAlive()) {
                throw new AssertionError("systemd did not come up: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }

        /** Replaces the units with those of {@code units} and reloads. */
        void install(Path units) throws Exception {
            Output r = run(EVENT_MS, "sh", "-c", "rm -rf /etc/systemd/system/* && cp -r " + units + "/. /etc/systemd/system/"
                    + " && systemctl daemon-reload");
            assertEquals(r.text(), 0, r.rc());
        }

        /** {@code systemctl show daos_server} as a map. */
        Map<String, String> show() throws Exception {
            Output r = run(EVENT_MS, "systemctl", "show", "daos_server", "--no-pager");
            assertEquals(r.text(), 0, r.rc());
            Map<String, String> m = new HashMap<>();
            for (String line : r.text().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return m;
        }

        /** Polls {@link #show} until {@code done} holds. */
        Map<String, String> awaitShow(long timeoutMs, java.util.function.Predicate<Map<String, String>> done)
                throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            Map<String, String> m = show();
            while (!done.test(m)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("systemd never showed the state wanted: " + m);
                }
                Thread.sleep(100); // a poll of systemd's state
                m = show();
            }
            return m;
        }

        /** A command in systemd's mount and PID namespaces. */
        Output run(long timeoutMs, String... cmd) throws Exception {
            List<String> all = new ArrayList<>(List.of("nsenter", "-t", Long.toString(systemdPid), "-m", "-p"));
            all.addAll(List.of(cmd));
            return TestFiles.run(timeoutMs, all.toArray(String[]::new));
        }

        /** systemd exits (stopping what runs), then the child cgroups go. */
        @Override
        public void close() throws Exception {
            try {
                run(EVENT_MS, "systemctl", "exit", "0");
            } catch (Exception | AssertionError e) {
                // killed below
            }
            if (!outer.waitFor(EVENT_MS, TimeUnit.MILLISECONDS)) {
                ProcessHandle.of(systemdPid).ifPresent(ProcessHandle::destroyForcibly); // PID 1: the namespace dies with it
                outer.destroyForcibly().waitFor(EVENT_MS, TimeUnit.MILLISECONDS);
            }
            removeCgroups(cgroups);
        }

        /** The child cgroup {@code name} container.sh makes in each hierarchy this process is in. */
        static List<Path> childCgroups(String name) throws IOException {
            List<Path> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                String ctrl = f[1];
                Path h = ctrl.isEmpty() ? Path.of("/sys/fs/cgroup/unified")
                        : Path.of("/sys/fs/cgroup", ctrl.startsWith("name=") ? ctrl.substring(5) : ctrl);
                out.add(Path.of(h + (f[2].equals("/") ? "" : f[2]), name));
            }
            return out;
        }

        /** Removes the cgroups (deepest first; empty once systemd and its units are gone). */
        static void removeCgroups(List<Path> cgroups) throws IOException {
            List<String> busy = new ArrayList<>();
            for (Path root : cgroups) {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                List<Path> dirs;
                try (Stream<Path> s = Files.walk(root)) {
                    dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
                }
                for (Path d : dirs) {
                    try {
                        Files.delete(d); // rmdir: a cgroup's files go with it
                    } catch (IOException e) {
                        busy.add(d + ": " + e);
                    }
                }
            }
            assertEquals("cgroups left behind", List.of(), busy);
        }
    }
}
