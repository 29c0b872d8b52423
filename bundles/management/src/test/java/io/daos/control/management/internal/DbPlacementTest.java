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
    public void anAccessPointKeepsItUnderDaosHomeByDefaultOnAnyFreePort() {
        props.put("daos.home", "/opt/daos");
        DbPlacement p = DbPlacement.of(config(List.of("localhost:10001"), 10001), props::get);
        assertTrue(p.accessPoint());
        assertEquals(Path.of("/opt/daos/data/control_raft"), p.dir());
        assertEquals(0, p.port());
        assertEquals("localhost", p.host());
        assertEquals("daos_server", p.system());
    }

    @Test
    public void thePropertiesPlaceItAndABadPortFallsBackToAnyFreePort() {
        props.put(DbPlacement.DIR_PROPERTY, "/srv/db");
        props.put(DbPlacement.PORT_PROPERTY, " 10101 ");
        DbPlacement p = DbPlacement.of(config(List.of("localhost:10001"), 10001), props::get);
        assertEquals(Path.of("/srv/db"), p.dir());
        assertEquals(10101, p.port());
        for (String bad : List.of("-1", "65536", "ten")) {
            props.put(DbPlacement.PORT_PROPERTY, bad);
            assertEquals(bad, 0, DbPlacement.of(config(List.of("localhost:10001"), 10001), props::get).port());
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
