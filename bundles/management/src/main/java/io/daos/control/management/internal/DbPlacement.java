package io.daos.control.management.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.AccessPointMatch;
import io.daos.control.api.net.HostPort;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.raft.RaftStore;

/**
 * Where this control server keeps the system DB. An access point (SPEC-SYSTEM §1.3) keeps it in
 * a Raft group under {@value #DIR_PROPERTY} (default {@code <daos.home>/data/control_raft}), its
 * peer listening on {@value #PORT_PROPERTY} (default 0: any free port, enough for a group of one);
 * any other server keeps an empty in-memory DB that nothing writes (every method needing the
 * system DB fails earlier, at the MS selection).
 *
 * @param accessPoint whether this server is an access point
 * @param dir         the DB directory (access points only)
 * @param port        the Raft port (access points only)
 * @param system      the system name, which names the Raft group
 * @param host        the access point's host, the Raft peer's address
 */
record DbPlacement(boolean accessPoint, Path dir, int port, String system, String host) {

    /** Framework property: the DB directory. */
    static final String DIR_PROPERTY = "daos.db.dir";
    /** Framework property: the Raft port. */
    static final String PORT_PROPERTY = "daos.db.port";

    private static final Logger LOG = Logger.getLogger(DbPlacement.class.getName());

    /** Decided from the configuration and the framework properties. */
    static DbPlacement of(ServerConfig config, UnaryOperator<String> props) {
        int index;
        try {
            index = AccessPointMatch.localIndex(config.accessPoints(), config.port(), AccessPointMatch.SYSTEM_RESOLVER,
                    AccessPointMatch.INTERFACES);
        } catch (IOException e) {
            LOG.warning("not keeping the system DB: " + e.getMessage());
            index = -1;
        }
        String dir = props.apply(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            String home = props.apply("daos.home");
            dir = (home == null ? "." : home) + "/data/control_raft";
        }
        int port = 0;
        String p = props.apply(PORT_PROPERTY);
        if (p != null && !p.isBlank()) {
            try {
                port = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                LOG.warning(PORT_PROPERTY + "=" + p + " is not a port (0-65535); using any free port");
                port = 0;
            }
        }
        String host = "127.0.0.1";
        if (index >= 0) {
            try {
                host = AccessPointMatch.parse(config.accessPoints().get(index), config.port()).host();
            } catch (IOException e) {
                // localIndex parsed it already
            }
        }
        return new DbPlacement(index >= 0, Path.of(dir).toAbsolutePath(), port, config.systemName(), host);
    }

    /** Opens the store this placement says. */
    SystemStore open() throws Exception {
        if (!accessPoint) {
            return new LocalStore();
        }
        return RaftStore.open(dir, system, host, port);
    }

    @Override
    public String toString() {
        return accessPoint ? "Raft group of system " + system + " in " + dir + ", peer " + HostPort.of(host, port)
                : "not an access point: in memory";
    }
}
