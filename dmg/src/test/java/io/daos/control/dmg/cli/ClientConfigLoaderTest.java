package io.daos.control.dmg.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.TransportConfig;
import io.daos.control.api.fault.FaultException;

public class ClientConfigLoaderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());

    private Platform platform(Path confDir, Path home) throws Exception {
        return new Platform(Map.<String, String>of()::get, confDir, home, tmp.getRoot().toPath());
    }

    private Path write(String relative, String text) throws Exception {
        Path p = tmp.getRoot().toPath().resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String parseError(String yaml) {
        return assertThrows(ClientConfigParser.ParseException.class,
                () -> ClientConfigParser.parse(yaml, "/x")).getMessage();
    }

    @Test
    public void noFileAnywhereGivesTheDefaultsAndADebugLine() throws Exception {
        out.enableDebug();
        ClientConfig c = ClientConfigLoader.load(null, platform(tmp.newFolder("conf").toPath(),
                tmp.newFolder("home").toPath()), out);
        assertSame(ClientConfig.DEFAULT, c);
        assertEquals("daos_server", c.name());
        assertEquals(10001, c.port());
        assertEquals(List.of("localhost:10001"), c.hostList());
        assertEquals(List.of("localhost:10001"), c.accessPoints());
        assertEquals("/var/run/daos_agent", c.runtimeDir());
        assertEquals("/tmp/daos_agent.log", c.logFile());
        assertEquals(false, c.transport().allowInsecure());
        assertEquals(".daos/client.crt", c.transport().cert());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains(": No configuration file found; using default values\n"));
    }

    @Test
    public void searchOrderExplicitThenConfDirThenHome() throws Exception {
        Path confDir = write("conf/daos.yml", "name: fromconf\n").getParent();
        Path home = write("home/etc/daos.yml", "name: fromhome\n").getParent().getParent();
        write("mine.yml", "name: explicit\n");
        assertEquals("explicit", ClientConfigLoader.load("mine.yml", platform(confDir, home), out).name());
        assertEquals("fromconf", ClientConfigLoader.load(null, platform(confDir, home), out).name());
        Files.delete(confDir.resolve("daos.yml"));
        ClientConfig c = ClientConfigLoader.load(null, platform(confDir, home), out);
        assertEquals("fromhome", c.name());
        assertEquals(home.resolve("etc/daos.yml").toString(), c.path());
        assertEquals(10001, c.port());
    }

    @Test
    public void explicitPathMustExistAndIsShownAbsolute() throws Exception {
        DmgException e = assertThrows(DmgException.class,
                () -> ClientConfigLoader.load("nope.yml", platform(null, null), out));
        assertEquals("stat " + tmp.getRoot().toPath().resolve("nope.yml") + ": no such file or directory",
                e.getMessage());
    }

    @Test
    public void unknownKeysAreReportedWithTheirLines() throws Exception {
        Path p = write("bad.yml", "name: x\nbogus: 1\ntransport_config:\n  allow_insecure: true\n  nope: 2\n");
        DmgException e = assertThrows(DmgException.class,
                () -> ClientConfigLoader.load(p.toString(), platform(null, null), out));
        assertEquals("parsing config file " + p + ": yaml: unmarshal errors:\n"
                + "  line 2: field bogus not found in type client.Configuration\n"
                + "  line 5: field nope not found in type security.TransportConfig", e.getMessage());
    }

    @Test
    public void wrongTypesUseTheYamlV2Wording() {
        assertEquals("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `abc` into int", parseError("port: abc\n"));
        assertEquals("yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `localho...` into []string",
                parseError("\nhostlist: localhost:10001\n"));
        assertEquals("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into client.Configuration",
                parseError("hello\n"));
        assertEquals("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `10001` into int",
                parseError("port: \"10001\"\n"));
    }

    @Test
    public void syntaxErrorNamesTheLine() {
        assertEquals("yaml: line 2: mapping values are not allowed in this context", parseError("name: a\n  b: c\n"));
    }

    @Test
    public void partialTransportBlockKeepsTheOtherDefaults() throws Exception {
        ClientConfig c = ClientConfigParser.parse("transport_config:\n  allow_insecure: true\n  ca_cert: /ca.crt\n"
                + "port: 0x2711\nhostlist: [a:1, b:2]\n", "/x");
        TransportConfig t = c.transport();
        assertEquals(new TransportConfig(true, "", "/ca.crt", ".daos/client.crt", ".daos/client.key", "server"), t);
        assertEquals(10001, c.port());
        assertEquals(List.of("a:1", "b:2"), c.hostList());
        assertEquals("daos_server", c.name());
    }

    @Test
    public void emptyFileGivesTheDefaults() throws Exception {
        ClientConfig c = ClientConfigParser.parse("", "/x");
        assertEquals(ClientConfig.DEFAULT.withAccessPoints(List.of("localhost:10001")).hostList(), c.hostList());
        assertEquals("/x", c.path());
        assertNull(ClientConfig.DEFAULT.path());
    }

    @Test
    public void moreThanOneAccessPointIsFault528() throws Exception {
        Path p = write("aps.yml", "access_points: [a, b]\n");
        FaultException e = assertThrows(FaultException.class,
                () -> ClientConfigLoader.load(p.toString(), platform(null, null), out));
        assertEquals(528, e.fault().code());
        assertEquals("validating config file " + p + ": client: code = 528 description = \"invalid list of access "
                + "points in configuration\"", e.getMessage());
    }

    @Test
    public void accessPointSplitErrorsAreFault528WithTheErrorFirst() {
        FaultException e = assertThrows(FaultException.class, () -> ClientConfigLoader.validate(
                ClientConfig.DEFAULT.withAccessPoints(List.of("a:b:c"))));
        assertEquals("address a:b:c: too many colons in address: client: code = 528 description = \"invalid list "
                + "of access points in configuration\"", e.getMessage());
        e = assertThrows(FaultException.class, () -> ClientConfigLoader.validate(
                ClientConfig.DEFAULT.withAccessPoints(List.of("a:"))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("invalid port \"\": client: code = 528"));
    }

    @Test
    public void portZeroIsFault527AndAccessPointsAreNormalised() throws Exception {
        FaultException e = assertThrows(FaultException.class, () -> ClientConfigLoader.validate(
                ClientConfigParser.parse("port: 0\naccess_points: [host1]\n", "/x")));
        assertEquals(527, e.fault().code());
        assertEquals("client: code = 527 description = \"invalid control port in configuration\"", e.getMessage());
        ClientConfig c = ClientConfigLoader.validate(ClientConfigParser.parse("port: 7\naccess_points: [h]\n", "/x"));
        assertEquals(List.of("h:7"), c.accessPoints());
    }
}
