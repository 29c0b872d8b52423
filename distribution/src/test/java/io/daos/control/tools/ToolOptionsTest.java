package io.daos.control.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.daos.control.dmg.conn.ClientTls;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.net.HostPort;

/** The options of bin/daos_grpc and the dmg client config file they may name. */
public class ToolOptionsTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Path yml(String text) throws Exception {
        Path f = tmp.newFile().toPath();
        Files.writeString(f, text);
        return f;
    }

    @Test
    public void withoutTlsOptionsItIsPlaintextToTheDefaultAddress() {
        ToolOptions o = ToolOptions.parse(List.of("health", "x"));
        assertEquals(HostPort.of("localhost", 10001), o.address());
        assertNull(o.tls());
        assertEquals(List.of("health", "x"), o.command());
    }

    @Test
    public void theFlagsGiveTls() {
        ToolOptions o = ToolOptions.parse(List.of("-a", "n1:5", "--ca", "ca.crt", "--cert=a.crt", "--key", "a.key",
                "list"));
        assertEquals(HostPort.of("n1", 5), o.address());
        assertEquals(new ClientTls(Path.of("ca.crt"), Path.of("a.crt"), Path.of("a.key"), "server"), o.tls());
        assertEquals("n2", ToolOptions.parse(List.of("--ca", "c", "--cert", "a", "--key", "k", "--server-name", "n2",
                "list")).tls().serverName());
    }

    @Test
    public void usageErrors() {
        String[][] cases = {
            {"no command given"},
            {"--ca, --cert and --key go together (or take the rest from -o FILE)", "--ca", "c", "health"},
            {"unknown option --bogus", "--bogus", "1", "health"},
            {"option --key needs a value", "--key"},
            {"--server-name must not be empty", "--server-name=", "health"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ToolOptions.parse(List.of(c).subList(1, c.length)));
            assertEquals(c[0], e.getMessage());
        }
    }

    /** A dmg config without transport_config is secure with dmg's default files (SPEC-SYSTEM §5.1). */
    @Test
    public void theConfigFileDefaultsAreDmgs() throws Exception {
        ToolOptions o = ToolOptions.parse(List.of("-o", yml("name: daos_server\n").toString(), "health"));
        assertEquals(HostPort.of("localhost", 10001), o.address());
        assertEquals(new ClientTls(Path.of(".daos/daosCA.crt"), Path.of(".daos/client.crt"), Path.of(".daos/client.key"),
                "server"), o.tls());
    }

    @Test
    public void theConfigFilesHostlistPortAndTransportConfig() throws Exception {
        Path f = yml("port: 10071\nhostlist: [node7, 'node8:1']\nunknown_key: {a: 1}\n"
                + "transport_config:\n  ca_cert: /c/ca.crt\n  key: /c/admin.key\n  server_name: srv\n");
        ToolOptions o = ToolOptions.parse(List.of("-o", f.toString(), "--cert", "/c/admin.crt", "health"));
        assertEquals("the first hostlist entry, with the file's port", HostPort.of("node7", 10071), o.address());
        assertEquals(new ClientTls(Path.of("/c/ca.crt"), Path.of("/c/admin.crt"), Path.of("/c/admin.key"), "srv"), o.tls());
        assertEquals("-a wins", HostPort.of("n", 10001), ToolOptions.parse(List.of("-o", f.toString(), "-a", "n", "list"))
                .address());
    }

    @Test
    public void allowInsecureOrDashIIsPlaintext() throws Exception {
        Path insecure = yml("transport_config:\n  allow_insecure: true\n");
        assertNull(ToolOptions.parse(List.of("-o", insecure.toString(), "health")).tls());
        assertNull(ToolOptions.parse(List.of("-o", yml("hostlist: [a]\n").toString(), "-i", "health")).tls());
        assertEquals("TLS flags ask for TLS even over an insecure file", Path.of("k"), ToolOptions.parse(
                List.of("-o", insecure.toString(), "--key", "k", "health")).tls().key());
    }

    @Test
    public void badConfigFilesAreFailuresNamingTheFileAndKey() throws Exception {
        String[][] cases = {
            {"- a list\n", ": the document: expected a mapping"},
            {"port: x\n", ": port: expected a port number"},
            {"hostlist: {a: 1}\n", ": hostlist: expected a list of host:port"},
            {"hostlist: ['a:b:c']\n", ": hostlist: address a:b:c: too many colons in address"},
            {"transport_config: 3\n", ": transport_config: expected a mapping"},
            {"transport_config:\n  allow_insecure: maybe\n", ": transport_config.allow_insecure: expected true or false"},
            {"transport_config:\n  cert: [a]\n", ": transport_config.cert: expected a non-empty value"},
            {"a: [\n", ": "},
        };
        for (String[] c : cases) {
            Path f = yml(c[0]);
            GrpcTool.Failure e = assertThrows(c[0], GrpcTool.Failure.class,
                    () -> ToolOptions.parse(List.of("-o", f.toString(), "health")));
            assertEquals(c[0], true, e.getMessage().startsWith("config file " + f + c[1]));
            assertEquals(e.getMessage(), 1, e.getMessage().lines().count());
        }
    }
}
