package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.raft.RaftStore;

/** Where the system DB lives: an access point on a Raft log, any other server in memory. */
public class DbPlacementTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final Map<String, String> props = new HashMap<>();

    private static ServerConfig config(List<String> aps, int port) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "systemName" -> "daos_server";
                    case "accessPoints" -> aps;
                    case "port" -> port;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    public void anAccessPointKeepsItUnderDaosHomeByDefaultOnAnyFreePort() throws Exception {
        props.put("daos.home", "/opt/daos");
        DbPlacement p = DbPlacement.of(config(List.of("localhost:10001"), 10001), props::get);
        assertTrue(p.accessPoint());
        assertEquals(Path.of("/opt/daos/data/control_raft"), p.dir());
        assertEquals(List.of("localhost:0"), p.peers());
        assertEquals(0, p.self());
        assertEquals("daos_server", p.system());
    }

    @Test
    public void thePropertiesPlaceItAndABadPortFallsBackToAnyFreePort() throws Exception {
        props.put(DbPlacement.DIR_PROPERTY, "/srv/db");
        props.put(DbPlacement.PORT_PROPERTY, " 10101 ");
        DbPlacement p = DbPlacement.of(config(List.of("localhost:10001"), 10001), props::get);
        assertEquals(Path.of("/srv/db"), p.dir());
        assertEquals(List.of("localhost:10101"), p.peers());
        for (String bad : List.of("-1", "65536", "ten")) {
            props.put(DbPlacement.PORT_PROPERTY, bad);
            assertEquals(bad, List.of("localhost:0"),
                    DbPlacement.of(config(List.of("localhost:10001"), 10001), props::get).peers());
        }
    }

    @Test
    public void everyAccessPointOfSeveralIsAPeerOnItsControlPortPlusOne() throws Exception {
        List<String> aps = List.of("127.0.0.1:10001", "127.0.0.1:10011", "no-such-host.invalid:10001");
        DbPlacement p = DbPlacement.of(config(aps, 10011), props::get);
        assertTrue(p.accessPoint());
        assertEquals(1, p.self());
        assertEquals(List.of("127.0.0.1:10002", "127.0.0.1:10012", "no-such-host.invalid:10002"), p.peers());
        props.put(DbPlacement.OFFSET_PROPERTY, "100");
        assertEquals("the offset moves every peer's port", List.of("127.0.0.1:10101", "127.0.0.1:10111",
                "no-such-host.invalid:10101"), DbPlacement.of(config(aps, 10011), props::get).peers());
        props.put(DbPlacement.PORT_PROPERTY, "7777");
        assertEquals("the single-peer port does not apply to several", List.of("127.0.0.1:10101", "127.0.0.1:10111",
                "no-such-host.invalid:10101"), DbPlacement.of(config(aps, 10011), props::get).peers());
        DbPlacement other = DbPlacement.of(config(aps, 10021), props::get);
        assertFalse("a server on another port is no peer", other.accessPoint());
        assertEquals(-1, other.self());
    }

    @Test
    public void withAListenAddressThePeerIsTheAccessPointOnThatAddressSharingOnePort() throws Exception {
        List<String> aps = List.of("127.0.0.2:10001", "127.0.0.3:10001", "127.0.0.4:10001");
        assertFalse("127.0.0.3 is no interface address", DbPlacement.of(config(aps, 10001), props::get).accessPoint());
        props.put(ListenAddress.PROPERTY, "127.0.0.3");
        DbPlacement p = DbPlacement.of(config(aps, 10001), props::get);
        assertTrue(p.accessPoint());
        assertEquals(1, p.self());
        assertEquals(List.of("127.0.0.2:10002", "127.0.0.3:10002", "127.0.0.4:10002"), p.peers());
        props.put(ListenAddress.PROPERTY, "127.0.0.5");
        assertFalse(DbPlacement.of(config(aps, 10001), props::get).accessPoint());
        props.put(ListenAddress.PROPERTY, "not-an-ip");
        assertFalse("a bad listen address keeps no DB (the gRPC server refuses to start anyway)",
                DbPlacement.of(config(aps, 10001), props::get).accessPoint());
    }

    @Test
    public void aRaftPortThatIsAnotherAccessPointsControlPortIsRefused() {
        List<String> aps = List.of("127.0.0.1:10001", "127.0.0.1:10002", "127.0.0.1:10003");
        try {
            DbPlacement.of(config(aps, 10001), props::get);
            org.junit.Assert.fail("10001 + 1 is the second access point");
        } catch (java.io.IOException e) {
            assertEquals("the Raft port of access point 127.0.0.1:10001 (127.0.0.1:10002) is the control port of another"
                    + " access point; space the control ports apart or set daos.db.port.offset", e.getMessage());
        }
        props.put(DbPlacement.OFFSET_PROPERTY, "0");
        try {
            DbPlacement.of(config(List.of("a:10001", "b:10001", "c:10001"), 10001), props::get);
            org.junit.Assert.fail("offset 0");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a port other than its control port"));
        }
        props.put(DbPlacement.OFFSET_PROPERTY, "1");
        try {
            DbPlacement.of(config(List.of("a:65535", "b:10001", "c:10001"), 10001), props::get);
            org.junit.Assert.fail("65536");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("the Raft port of access point a:65535 would be 65536"));
        }
    }

    @Test
    public void aServerThatIsNoAccessPointKeepsAnEmptyDbInMemory() throws Exception {
        for (ServerConfig c : List.of(config(List.of("localhost:10002"), 10001), config(List.of(), 10001),
                config(List.of("no-such-host.invalid:10001"), 10001))) {
            DbPlacement p = DbPlacement.of(c, props::get);
            assertFalse(c.accessPoints().toString(), p.accessPoint());
            assertTrue(p.open() instanceof LocalStore);
        }
    }

    @Test
    public void anAccessPointOpensARaftStoreInItsDir() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("control_raft");
        props.put(DbPlacement.DIR_PROPERTY, dir.toString());
        SystemStore s = DbPlacement.of(config(List.of("127.0.0.1:10001"), 10001), props::get).open();
        try {
            assertTrue(s instanceof RaftStore);
            assertTrue(Files.isDirectory(dir));
        } finally {
            ((RaftStore) s).close();
        }
    }
}
