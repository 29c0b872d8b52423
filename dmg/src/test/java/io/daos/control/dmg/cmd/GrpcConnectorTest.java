package io.daos.control.dmg.cmd;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.daos.control.api.config.TransportConfig;
import io.daos.control.dmg.cli.ClientConfig;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.ProxyPolicy;
import io.daos.control.dmg.cmd.system.CannedServer;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.TlsLoadException;

/** The connector: host states printed first, each host's cause when none connects, TLS errors as they are. */
public class GrpcConnectorTest {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Output out = new Output(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final GrpcConnector connector = new GrpcConnector(Path.of("/nonexistent"), Duration.ofSeconds(10));
    private final TransportConfig insecure = ClientConfig.DEFAULT_TRANSPORT.withAllowInsecure(true);
    private final ProxyPolicy proxy = new ProxyPolicy(true, List.of());

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    public void renderGroupsAddressesByOutcome() {
        Map<String, String> states = new LinkedHashMap<>();
        states.put("10.0.0.3:10001", "connection refused");
        states.put("10.0.0.4:10001", "connection refused");
        states.put("abc:10000", "connected");
        assertEquals("         abc:10000: connected\n"
                + "10.0.0.[3-4]:10001: connection refused\n", GrpcConnector.render(states));
        assertEquals("", GrpcConnector.render(Map.of()));
    }

    @Test
    public void theStatesArePrintedAndTheConnectionsReturned() throws Exception {
        int refused = closedPort();
        try (CannedServer server = new CannedServer();
                AutoCloseable c = connector.connect(List.of(server.address(), "127.0.0.1:" + refused), insecure,
                        proxy, out)) {
            Connections conns = (Connections) c;
            assertEquals(server.address(), conns.first());
            String text = stdout.toString(StandardCharsets.UTF_8);
            assertTrue(text, text.contains(server.address() + ": connected\n"));
            assertTrue(text, text.contains("127.0.0.1:" + refused + ": connection refused\n"));
            assertEquals(2, text.lines().count());
        }
    }

    @Test
    public void noActiveConnectionsNamesEachHostAndItsCause() throws Exception {
        int a = closedPort();
        DmgException e = assertThrows(DmgException.class,
                () -> connector.connect(List.of("127.0.0.1:" + a), insecure, proxy, out));
        assertEquals("no active connections", e.getMessage());
        assertEquals("ERROR: 127.0.0.1:" + a + ": connection refused\n", stderr.toString(StandardCharsets.UTF_8));
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void withJsonTheStatesAreOnlyADebugMessage() throws Exception {
        out.enableJson();
        try (CannedServer server = new CannedServer();
                AutoCloseable c = connector.connect(List.of(server.address()), insecure, proxy, out)) {
            assertEquals("", stdout.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    public void aCertificateFailureIsTheTlsLoadExceptionAsItIs() {
        TlsLoadException e = assertThrows(TlsLoadException.class,
                () -> connector.connect(List.of("127.0.0.1:1"), ClientConfig.DEFAULT_TRANSPORT, proxy, out));
        assertTrue(e.getMessage(), e.getMessage().startsWith(TlsLoadException.PREFIX));
        assertEquals("", stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8));
    }
}
