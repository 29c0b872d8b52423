package io.daos.control.dmg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.Version;
import io.daos.control.dmg.cmd.system.CannedServer;
import io.daos.control.dmg.conn.TlsLoadException;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryResp;

public class MainTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8), Clock.systemUTC());

    private Path config() throws Exception {
        Path p = tmp.newFile("daos.yml").toPath();
        Files.writeString(p, "name: daos_server\n");
        return p;
    }

    @Test
    public void versionPrintsTheProjectVersion() throws Exception {
        assertEquals(0, Main.run(new String[] {"-o", config().toString(), "-i", "version"}, out));
        assertEquals("dmg version " + Version.of(Main.class.getClassLoader()) + "\n",
                stdout.toString(StandardCharsets.UTF_8));
        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void systemQueryEndToEndAgainstALoopbackServer() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.query = SystemQueryResp.newBuilder()
                    .addMembers(SystemMember.newBuilder().setRank(0).setState(1).setAddr(server.address()))
                    .addMembers(SystemMember.newBuilder().setRank(1).setState(1).setAddr(server.address()))
                    .build();
            assertEquals(0, Main.run(new String[] {"-o", config().toString(), "-l", server.address(), "-i",
                "system", "query"}, out));
            assertEquals(server.address() + ": connected\n"
                    + "Rank    State   \n"
                    + "----    -----   \n"
                    + "[0-1] Started \n", stdout.toString(StandardCharsets.UTF_8));
            assertEquals("", stderr.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    public void noServerNamesTheHostAndItsCause() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(1, Main.run(new String[] {"-o", config().toString(), "-l", "127.0.0.1:" + port, "-i",
            "system", "query"}, out));
        assertEquals("ERROR: 127.0.0.1:" + port + ": connection refused\nERROR: dmg: no active connections\n",
                stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aSecureConfigWithoutCertificatesSaysSoOnce() throws Exception {
        assertEquals(1, Main.run(new String[] {"-o", config().toString(), "system", "query"}, out));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err, err.startsWith("ERROR: dmg: " + TlsLoadException.PREFIX));
        assertEquals(err, err.indexOf(TlsLoadException.PREFIX), err.lastIndexOf(TlsLoadException.PREFIX));
        assertEquals(1, err.lines().count());
    }

    @Test
    public void noCommand() {
        assertEquals(1, Main.run(new String[0], out));
        assertEquals("ERROR: dmg: Please specify one command of: network, pool, storage, system or version\n",
                stderr.toString(StandardCharsets.UTF_8));
    }
}
