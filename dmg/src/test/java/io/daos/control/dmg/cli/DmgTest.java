package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.TransportConfig;

/** The whole run: parse, pre-process, certificates, connection hand-off, body, exit status. */
public class DmgTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private Output out;
    private Platform platform;

    /** What the fake connector was handed. */
    private List<String> connectedTo;
    private TransportConfig connectedTls;
    private ProxyPolicy connectedProxy;
    private boolean closed;
    private String preloadError;
    private int preloads;

    private final Connector connector = new Connector() {
        @Override
        public void preload(TransportConfig tls) throws Exception {
            preloads++;
            if (preloadError != null) {
                throw new Exception(preloadError);
            }
        }

        @Override
        public AutoCloseable connect(List<String> addresses, TransportConfig tls, ProxyPolicy proxy, Output o) {
            connectedTo = addresses;
            connectedTls = tls;
            connectedProxy = proxy;
            o.info(String.join(",", addresses) + ": connected");
            return () -> closed = true;
        }
    };

    @Before
    public void setUp() throws Exception {
        out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
        platform = new Platform(env::get, tmp.newFolder("conf").toPath(), null, tmp.getRoot().toPath());
    }

    private int run(CommandRegistry registry, String... args) {
        return new Dmg(platform, out, HostFileTest.FAKE, connector, registry).run(args);
    }

    private int run(String... args) {
        return run(CommandRegistry.withVersion("1.2.3"), args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void versionPrintsTheVersionWithoutConnecting() {
        assertEquals(0, run("-i", "version"));
        assertEquals("dmg version 1.2.3\n", out());
        assertEquals("", err());
        assertNull(connectedTo);
    }

    @Test
    public void versionInSecureModeLoadsCertificatesFirstLikeTheReference() {
        preloadError = "open .daos/daosCA.crt: no such file or directory";
        assertEquals(1, run("version"));
        assertEquals("ERROR: dmg: Unable to load Certificate Data: open .daos/daosCA.crt: no such file or directory\n",
                err());
        assertEquals("", out());
        preloadError = null;
        stderr.reset();
        assertEquals(0, run("-i", "version"));
        assertEquals(1, preloads);
    }

    @Test
    public void parserErrorsAreFatalWithExitOne() {
        assertEquals(1, run());
        assertEquals(1, run("pool", "create"));
        assertEquals(1, run("system", "query", "--rank", "1"));
        assertEquals("ERROR: dmg: Please specify one command of: network, pool, storage, system or version\n"
                + "ERROR: dmg: the required flag `-s, --scm-size' was not specified\n"
                + "ERROR: dmg: unknown flag `rank'\n", err());
    }

    @Test
    public void helpIsPrintedAsAnErrorWithExitOne() {
        assertEquals(1, run("-h"));
        assertTrue(err(), err().startsWith("ERROR: dmg: Usage:\n  dmg [OPTIONS] <command>\n"));
        assertEquals("", out());
    }

    @Test
    public void commandsWithoutBodyConnectThenSayNotImplemented() {
        assertEquals(1, run("-i", "system", "query"));
        assertEquals(List.of("localhost:10001"), connectedTo);
        assertTrue(closed);
        assertEquals("localhost:10001: connected\n", out());
        assertEquals("ERROR: dmg: system query: not implemented yet\n", err());
    }

    @Test
    public void bodyGetsTheInvocationAndTheConnections() {
        String[] seen = new String[2];
        CommandRegistry r = new CommandRegistry().register("pool create", ctx -> {
            seen[0] = ctx.invocation().string("scm-size") + "/" + ctx.invocation().number("nsvc");
            seen[1] = String.valueOf(ctx.connections(AutoCloseable.class) != null);
        });
        assertEquals(0, run(r, "-i", "p", "c", "-s", "1G"));
        assertEquals("1G/1", seen[0]);
        assertEquals("true", seen[1]);
        assertTrue(closed);
    }

    @Test
    public void hostListIsExpandedWithTheConfigPortAndInsecureAndProxyAreHandedOver() throws Exception {
        Path cfg = tmp.newFile("daos.yml").toPath();
        Files.writeString(cfg, "port: 7777\nhostlist: [x:1]\n");
        env.put("http_proxy", "http://proxy:3128");
        run("-o", cfg.toString(), "-i", "-l", "b,a:1", "system", "start");
        assertEquals(List.of("a:1", "b:7777"), connectedTo);
        assertTrue(connectedTls.allowInsecure());
        assertTrue(connectedProxy.scrub());
        assertEquals(List.of("http_proxy"), connectedProxy.variables());
    }

    @Test
    public void configHostListIsUsedVerbatimWithoutMinusL() throws Exception {
        Path cfg = tmp.newFile("daos.yml").toPath();
        Files.writeString(cfg, "hostlist: [\"node[1-2]:5\"]\ntransport_config:\n  allow_insecure: true\n");
        run("-o", cfg.toString(), "system", "start");
        assertEquals(List.of("node[1-2]:5"), connectedTo);
        assertEquals(0, preloads);
    }

    @Test
    public void hostFileAndHostListAreUnited() throws Exception {
        Path hosts = tmp.newFile("hosts").toPath();
        Files.writeString(hosts, "c\n# comment\na:1\n");
        run("-i", "-f", "hosts", "-l", "a:1,b", "system", "start");
        assertEquals(List.of("a:1", "b:10001", "c:10001"), connectedTo);
        connectedTo = null;
        run("-i", "--host-file=hosts", "system", "start");
        assertEquals(List.of("a:1", "c:10001"), connectedTo);
    }

    @Test
    public void hostListErrorIsReturnedAsIs() {
        assertEquals(1, run("-i", "-l", "no!de", "system", "query"));
        assertEquals("ERROR: dmg: invalid hostname \"no!de\"\n", err());
        assertNull(connectedTo);
    }

    @Test
    public void configErrorsArePrefixedWithProcessingConfigFile() throws Exception {
        Path cfg = tmp.newFile("daos.yml").toPath();
        Files.writeString(cfg, "name: a\nfoo: b\n");
        assertEquals(1, run("-o", cfg.toString(), "version"));
        assertEquals("ERROR: dmg: processing config file: parsing config file " + cfg
                + ": yaml: unmarshal errors:\n  line 2: field foo not found in type client.Configuration\n", err());
    }

    @Test
    public void validationFaultPrintsTheResolutionLine() throws Exception {
        Path cfg = tmp.newFile("daos.yml").toPath();
        Files.writeString(cfg, "port: 0\naccess_points: [ap1]\n");
        assertEquals(1, run("-o", cfg.toString(), "-i", "version"));
        assertEquals("ERROR: dmg: processing config file: validating config file " + cfg + ": client: code = 527 "
                + "description = \"invalid control port in configuration\"\n"
                + "ERROR: dmg: client: code = 527 resolution = \"specify a nonzero control port in configuration "
                + "('port' parameter) and retry the client application\"\n", err());
    }

    @Test
    public void jsonAppliesToEverythingAfterThePreProcessing() {
        assertEquals(1, run("-j", "-i", "-l", "no!de", "version"));
        assertEquals("", out());
        assertEquals("{\"level\":\"ERROR\",\"time\":\"2026-01-02T03:04:05Z\","
                + "\"message\":\"dmg: invalid hostname \\\"no!de\\\"\"}\n", err());
    }

    @Test
    public void jsonVersionIsOneJsonLine() {
        assertEquals(0, run("-j", "-i", "version"));
        assertEquals("{\"level\":\"INFO\",\"time\":\"2026-01-02T03:04:05Z\",\"message\":\"dmg version 1.2.3\"}\n",
                out());
    }

    @Test
    public void debugIsEnabledBeforeJsonSoItsFirstLineIsPlain() {
        assertEquals(0, run("-d", "-j", "-i", "version"));
        String[] lines = out().split("\n");
        assertTrue(lines[0], lines[0].matches("DEBUG 03:04:05\\.000000 Preprocessor\\.java:\\d+: debug output enabled"));
        assertTrue(lines[1], lines[1].startsWith("{\"level\":\"DEBUG\",\"time\":\"2026-01-02T03:04:05.000000Z\","
                + "\"source\":\"ClientConfigLoader.java:"));
        assertTrue(lines[1], lines[1].endsWith("\"message\":\"No configuration file found; using default values\"}"));
        assertFalse(err(), err().contains("ERROR"));
    }

    @Test
    public void aCommandWithoutConnectionsCannotAskForThem() {
        CommandRegistry r = new CommandRegistry().register("version", new CommandBody() {
            @Override
            public void run(CommandContext ctx) {
                ctx.connections(AutoCloseable.class);
            }

            @Override
            public boolean needsConnection() {
                return false;
            }
        });
        assertEquals(1, run(r, "-i", "version"));
        assertEquals("ERROR: dmg: command version has no connections\n", err());
        assertNull(connectedTo);
    }

    @Test
    public void aBodyBugIsAnErrorLineNotAStackTrace() {
        CommandRegistry r = new CommandRegistry().register("system stop", ctx -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(1, run(r, "-i", "system", "stop"));
        assertEquals("ERROR: dmg: boom\n", err());
        assertTrue(closed);
    }

    @Test
    public void aMissingClassIsAnErrorLineNotAStackTrace() {
        CommandRegistry r = new CommandRegistry().register("system stop", ctx -> {
            throw new NoClassDefFoundError("com/google/rpc/Status");
        });
        assertEquals(1, run(r, "-i", "system", "stop"));
        assertEquals("ERROR: dmg: internal error: java.lang.NoClassDefFoundError: com/google/rpc/Status\n", err());
        assertTrue(closed);
    }
}
