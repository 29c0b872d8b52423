package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.drpc.DrpcClientImpl;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.echo.proto.EchoResp;
import io.daos.control.itest.support.GrpcTestClient;
import io.daos.control.itest.support.TestFiles;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * The assembled distribution as a real process: start, health, hot deploy through deploy/,
 * a corrupt jar, SIGTERM. One copy of the tree for the class (so later tests also exercise the
 * kept bundle cache), one fresh config and server per test.
 */
public class ServerLifecycleIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 30_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-lifecycle");

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-work");

    private Dist dist;
    private int port;
    private Path config;
    private ServerProcess server;
    private GrpcTestClient client;

    @Before
    public void setUp() throws Exception {
        dist = DIST.dist();
        port = TestFiles.freePort();
        config = TestFiles.writeConfig(work.dir(), port, "");
        // once the server is stopped: deploy/ as the next test expects it
        work.atEnd(() -> {
            try (Stream<Path> s = Files.list(dist.deploy())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(p);
                }
            }
        });
    }

    private void startServer(String... extra) throws Exception {
        String[] args = Stream.concat(Stream.of("start", "-o", config.toString()), Arrays.stream(extra))
                .toArray(String[]::new);
        server = work.start(args);
    }

    /** Starts the server, waits until it listens and connects {@link #client} to it. */
    private void startWithClient() throws Exception {
        startServer();
        server.awaitListening(START_MS);
        client = work.closing(new GrpcTestClient(port));
    }

    /** Copies a jar into deploy/ the safe way: hidden temp name, then an atomic rename. */
    private void deploy(Path jar, String name) throws Exception {
        Path tmp = dist.deploy().resolve("." + name + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dist.deploy().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    public void startServesHealthAndSigtermExitsZeroLeavingNoProcess() throws Exception {
        startServer();
        assertEquals(port, server.awaitListening(START_MS));
        client = work.closing(new GrpcTestClient(port));
        assertEquals(ServingStatus.SERVING, client.check(""));
        // a later line of the banner: waited for, not assumed read along with the first one
        server.awaitOut(l -> l.contains("config:  " + config), EVENT_MS);

        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
        long pid = server.process.pid();
        assertTrue(server.out().toString(), server.out().contains("DAOS Control Server (pid " + pid + ") shutting down"));
        assertFalse("a process of the server is still alive", server.leftovers());
        // the only console output on stderr: the format gate's request to the administrator
        // (the config's storage is unformatted) and, once, the insecure-transport warning (the
        // config has allow_insecure: true); nothing else, no error at shutdown
        String insecure = "transport_config.allow_insecure (or start -i): gRPC is PLAINTEXT";
        assertEquals(server.err().toString(), 1, server.err().stream().filter(l -> l.contains(insecure)).count());
        List<String> unexpected = server.err().stream()
                .filter(l -> !l.contains("SCM format required on instance 0; awaiting format"))
                .filter(l -> !l.contains(insecure)).toList();
        assertEquals(unexpected.toString(), List.of(), unexpected);
    }

    /**
     * As root, bin/daos_server runs the JIT compiler thread at nice 10 and the server's own
     * threads at 0 (-XX:ThreadPriorityPolicy=1 with -XX:CompilerThreadPriority=10); the JVM's
     * warning about that policy is for unprivileged users, who do not get it, so stderr has none
     * (the test above checks stderr as a whole).
     */
    @Test
    public void asRootTheJitCompilerRunsAtNiceTen() throws Exception {
        org.junit.Assume.assumeTrue("the priorities are set for root only", RunningNode.isRoot());
        startServer();
        server.awaitListening(START_MS);
        java.util.Map<String, Integer> nice = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(server.process.pid()), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    // pid (comm) state ...: nice is the 17th field after the comm's ')'
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    nice.put(Files.readString(t.resolve("comm")).strip(), Integer.parseInt(f[16]));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        assertEquals(nice.toString(), Integer.valueOf(10), nice.get("C1 CompilerThre"));
        assertEquals(nice.toString(), Integer.valueOf(0), nice.get("FelixStartLevel"));
        assertEquals(nice.toString(), Integer.valueOf(0), nice.get("java"));
        assertFalse(server.err().toString(), server.err().stream().anyMatch(l -> l.contains("ThreadPriorityPolicy")));
    }

    @Test
    public void sigintStopsCleanlyToo() throws Exception {
        startServer();
        server.awaitListening(START_MS);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.process.pid())).start();
        assertEquals(0, kill.waitFor());
        assertEquals(0, server.awaitExit(START_MS));
        assertTrue(server.out().toString(), server.out().get(server.out().size() - 1).endsWith(") shutting down"));
        assertFalse(server.leftovers());
    }

    /**
     * Started with SIGINT ignored (the background of a non-interactive shell), daos_server still
     * stops on SIGINT, as the reference does (its Go runtime takes the signal back): a JVM would
     * leave it ignored, so bin/daos_server restores the default disposition for it.
     */
    @Test
    public void sigintStopsItEvenWhenStartedWithSigintIgnored() throws Exception {
        server = work.track(ServerProcess.startWithSigintIgnored(dist, "start", "-o", config.toString()));
        server.awaitListening(START_MS);
        assertFalse("daos_server left SIGINT ignored", ServerProcess.ignores(server.process.pid(), 2));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.process.pid())).start();
        assertEquals(0, kill.waitFor());
        assertEquals(0, server.awaitExit(START_MS));
        assertTrue(server.out().toString(), server.out().get(server.out().size() - 1).endsWith(") shutting down"));
        assertFalse(server.leftovers());
    }

    @Test
    public void portFlagOverridesTheConfigFile() throws Exception {
        int other = TestFiles.freePort();
        startServer("-p", Integer.toString(other));
        assertEquals(other, server.awaitListening(START_MS));
        client = work.closing(new GrpcTestClient(other));
        assertEquals(ServingStatus.SERVING, client.check(""));
    }

    @Test
    public void hotDeployedEchoServesAndRemovingItWithdrawsIt() throws Exception {
        startWithClient();
        GrpcTestClient.Watch watch = client.watch(GrpcTestClient.ECHO);
        watch.awaitStatus(ServingStatus.SERVICE_UNKNOWN, EVENT_MS);
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(() -> client.echo("x")));

        deploy(dist.example("echo"), "echo.jar");
        watch.awaitStatus(ServingStatus.SERVING, EVENT_MS);
        assertEquals("hello", client.echo("hello").getText());
        assertEquals("io.daos.control.example.echo", client.echo("hello").getServedBy());
        server.awaitOut(l -> l.startsWith("deploy: echo.jar added; started io.daos.control.example.echo"), EVENT_MS);

        Files.delete(dist.deploy().resolve("echo.jar"));
        watch.awaitStatus(ServingStatus.NOT_SERVING, EVENT_MS);
        assertEquals(Status.Code.UNIMPLEMENTED, GrpcTestClient.codeOf(() -> client.echo("x")));
        assertEquals(ServingStatus.SERVING, client.check(""));
    }

    /**
     * Both examples side by side, each with its own .proto inside its own bundle: the core has
     * never heard of either; the echo bundle's dRPC module answers on the server's socket while
     * the bundle is deployed.
     */
    @Test
    public void bothExamplesAndTheEchoDrpcModuleComeAndGoWithTheirJars() throws Exception {
        startWithClient();
        GrpcTestClient.Watch echoWatch = client.watch(GrpcTestClient.ECHO);
        GrpcTestClient.Watch reverseWatch = client.watch(GrpcTestClient.REVERSE);
        DrpcClientImpl drpc = work.closing(new DrpcClientImpl(work.dir().resolve("run/daos_server.sock")));
        byte[] hi = EchoReq.newBuilder().setText("hi").build().toByteArray();
        assertEquals(DrpcStatus.UNKNOWN_MODULE, drpcStatus(drpc, hi));

        deploy(dist.example("echo"), "echo.jar");
        deploy(dist.example("reverse"), "reverse.jar");
        echoWatch.awaitStatus(ServingStatus.SERVING, EVENT_MS);
        reverseWatch.awaitStatus(ServingStatus.SERVING, EVENT_MS);
        assertEquals("olleh", client.reverse("hello").getText());
        assertEquals("io.daos.control.example.reverse", client.reverse("hello").getServedBy());
        assertEquals("hello", client.echo("hello").getText());
        EchoResp viaDrpc = EchoResp.parseFrom(drpc.call(ECHO_DRPC_MODULE, 1, hi, Duration.ofSeconds(10)));
        assertEquals("hi", viaDrpc.getText());
        assertEquals("io.daos.control.example.echo", viaDrpc.getServedBy());

        Files.delete(dist.deploy().resolve("echo.jar"));
        echoWatch.awaitStatus(ServingStatus.NOT_SERVING, EVENT_MS);
        assertEquals(DrpcStatus.UNKNOWN_MODULE, drpcStatus(drpc, hi));
        assertEquals("the other example stays", "cba", client.reverse("abc").getText());
    }

    /** The echo example's dRPC module id (an id DAOS does not use). */
    private static final int ECHO_DRPC_MODULE = 100;

    private static DrpcStatus drpcStatus(DrpcClientImpl drpc, byte[] body) throws Exception {
        try {
            drpc.call(ECHO_DRPC_MODULE, 1, body, Duration.ofSeconds(10));
            return DrpcStatus.SUCCESS;
        } catch (DrpcException e) {
            return e.status();
        }
    }

    /** bin/daos_grpc, the tool the start banner points at, against the running server. */
    @Test
    public void daosGrpcToolReachesHealthReflectionAndHotAddedMethods() throws Exception {
        startServer();
        server.awaitListening(START_MS);
        String address = "127.0.0.1:" + port;
        Tool health = Tool.run(dist, "-a", address, "health");
        assertEquals(health.err.toString(), 0, health.exit);
        assertEquals(List.of("SERVING"), health.out);

        Tool absent = Tool.run(dist, "-a", address, "call", GrpcTestClient.ECHO + "/Echo", "{\"text\":\"hi\"}");
        assertEquals(1, absent.exit);
        assertTrue(absent.err.toString(), absent.err.get(0).startsWith("ERROR: "));

        client = work.closing(new GrpcTestClient(port));
        GrpcTestClient.Watch watch = client.watch(GrpcTestClient.ECHO);
        deploy(dist.example("echo"), "echo.jar");
        watch.awaitStatus(ServingStatus.SERVING, EVENT_MS);
        Tool list = Tool.run(dist, "-a", address, "list");
        assertEquals(list.err.toString(), 0, list.exit);
        assertTrue(list.out.toString(), list.out.containsAll(List.of(GrpcTestClient.ECHO, "grpc.health.v1.Health")));
        Tool echo = Tool.run(dist, "-a", address, "call", GrpcTestClient.ECHO + "/Echo", "{\"text\":\"hi\"}");
        assertEquals(echo.err.toString(), 0, echo.exit);
        String json = String.join("", echo.out);
        assertTrue(json, json.contains("\"text\": \"hi\"") && json.contains("\"servedBy\": \"io.daos.control.example.echo\""));

        Tool usage = Tool.run(dist, "-a", address, "frobnicate");
        assertEquals(2, usage.exit);
        assertEquals("ERROR: unknown command \"frobnicate\"", usage.err.get(0));
    }

    /** One run of bin/daos_grpc, output collected after it exits. */
    private static final class Tool {
        final int exit;
        final List<String> out;
        final List<String> err;

        private Tool(int exit, List<String> out, List<String> err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        static Tool run(Dist dist, String... args) throws Exception {
            List<String> cmd = new java.util.ArrayList<>();
            cmd.add(dist.bin().resolveSibling("daos_grpc").toString());
            cmd.addAll(List.of(args));
            Path outFile = Files.createTempFile("daos_grpc", ".out");
            Path errFile = Files.createTempFile("daos_grpc", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile())
                        .redirectError(errFile.toFile()).start();
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("daos_grpc did not finish: " + cmd);
                }
                return new Tool(p.exitValue(), Files.readAllLines(outFile), Files.readAllLines(errFile));
            } finally {
                Files.deleteIfExists(outFile);
                Files.deleteIfExists(errFile);
            }
        }
    }

    @Test
    public void corruptJarIsReportedOnceAndTheServerKeepsAnswering() throws Exception {
        startWithClient();
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 'x');
        Path tmp = dist.deploy().resolve(".bad.jar.tmp");
        Files.write(tmp, garbage);
        Files.move(tmp, dist.deploy().resolve("bad.jar"), StandardCopyOption.ATOMIC_MOVE);
        String line = server.awaitErr(l -> l.contains("bad.jar"), EVENT_MS);
        assertTrue(line, line.startsWith("ERROR: deploy: " + dist.deploy().resolve("bad.jar") + ": not a readable jar"));
        assertEquals(ServingStatus.SERVING, client.check(""));

        // and hot deploy still works after it
        GrpcTestClient.Watch watch = client.watch(GrpcTestClient.ECHO);
        deploy(dist.example("echo"), "echo.jar");
        watch.awaitStatus(ServingStatus.SERVING, EVENT_MS);
        assertEquals("ok", client.echo("ok").getText());
        assertEquals(1, server.err().stream().filter(l -> l.contains("bad.jar")).count());
    }
}
