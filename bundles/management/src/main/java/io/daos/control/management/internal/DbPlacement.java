package io.daos.control.management.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.net.AccessPointMatch;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.net.ListenAddress;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.management.internal.db.SystemStore;
import io.daos.control.management.internal.raft.RaftStore;

/**
 * Where this control server keeps the system DB. Every access point (SPEC-SYSTEM §1.3) is a peer
 * of one Raft group whose members are exactly the configured access points, peer {@code i} being
 * {@code access_points[i]}; it keeps the group's log under {@value #DIR_PROPERTY} (default
 * {@code <daos.home>/data/control_raft}). Raft traffic uses a second port on each access point:
 * its control port + {@value #OFFSET_PROPERTY} (default 1). With a single access point no peer
 * needs to find it, so its port is {@value #PORT_PROPERTY} (default 0: any free port). Any other
 * server keeps an empty in-memory DB that nothing writes (every method needing the system DB
 * fails earlier, at the MS selection).
 *
 * @param accessPoint whether this server is an access point
 * @param dir         the DB directory (access points only)
 * @param peers       the Raft address {@code host:port} of every access point, in configured order
 * @param self        this server's index in {@code peers}, -1 when it is not an access point
 * @param system      the system name, which names the Raft group
 */
record DbPlacement(boolean accessPoint, Path dir, List<String> peers, int self, String system) {

    /** Framework property: the DB directory. */
    static final String DIR_PROPERTY = "daos.db.dir";
    /** Framework property: the Raft port of a single access point. */
    static final String PORT_PROPERTY = "daos.db.port";
    /** Framework property: Raft port minus control port, for every access point of several. */
    static final String OFFSET_PROPERTY = "daos.db.port.offset";
    /** The default of {@value #OFFSET_PROPERTY}. */
    static final int DEFAULT_OFFSET = 1;

    private static final Logger LOG = Logger.getLogger(DbPlacement.class.getName());

    /** Copies the peers. */
    DbPlacement {
        peers = List.copyOf(peers);
    }

    /**
     * Decided from the configuration and the framework properties.
     *
     * @throws IOException the Raft addresses clash with a control address or leave the port range
     */
    static DbPlacement of(ServerConfig config, UnaryOperator<String> props) throws IOException {
        int index;
        try {
            index = AccessPointMatch.localIndex(config.accessPoints(), config.port(), props.apply(ListenAddress.PROPERTY),
                    AccessPointMatch.SYSTEM_RESOLVER, AccessPointMatch.INTERFACES);
        } catch (IOException e) {
            LOG.warning("not keeping the system DB: " + e.getMessage());
            index = -1;
        }
        String dir = props.apply(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            String home = props.apply("daos.home");
            dir = (home == null ? "." : home) + "/data/control_raft";
        }
        List<HostPort> controls = new ArrayList<>();
        for (String ap : config.accessPoints()) {
            controls.add(AccessPointMatch.parse(ap, config.port()));
        }
        List<String> peers = new ArrayList<>();
        if (controls.size() == 1) {
            peers.add(HostPort.of(controls.get(0).host(), port(props, PORT_PROPERTY, 0, 0, 65535)).toString());
        } else {
            int offset = port(props, OFFSET_PROPERTY, DEFAULT_OFFSET, -65535, 65535);
            for (HostPort c : controls) {
                peers.add(raftAddress(c, offset, controls));
            }
        }
        return new DbPlacement(index >= 0, Path.of(dir).toAbsolutePath(), peers, index, config.systemName());
    }

    /** The Raft address of access point {@code c}: its host, its control port + {@code offset}. */
    static String raftAddress(HostPort c, int offset, List<HostPort> controls) throws IOException {
        int port = c.port() + offset;
        if (offset == 0 || port < 1 || port > 65535) {
            throw new IOException("the Raft port of access point " + c + " would be " + port + " (control port + "
                    + OFFSET_PROPERTY + " " + offset + "): not a port other than its control port");
        }
        HostPort raft = HostPort.of(c.host(), port);
        if (controls.contains(raft)) {
            throw new IOException("the Raft port of access point " + c + " (" + raft + ") is the control port of another"
                    + " access point; space the control ports apart or set " + OFFSET_PROPERTY);
        }
        return raft.toString();
    }

    /** The integer property {@code name} within [min, max], or {@code dflt} when unset or not such a number. */
    private static int port(UnaryOperator<String> props, String name, int dflt, int min, int max) {
        String p = props.apply(name);
        if (p == null || p.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(p.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warning(name + "=" + p + " is not a number in [" + min + ", " + max + "]; using " + dflt);
        return dflt;
    }

    /** Opens the store this placement says. */
    SystemStore open() throws Exception {
        if (!accessPoint) {
            return new LocalStore();
        }
        if (peers.size() == 1) {
            HostPort p = HostPort.parse(peers.get(0));
            return RaftStore.open(dir, system, p.host(), p.port());
        }
        return RaftStore.open(dir, system, peers, self, RaftStore.Tuning.DEFAULT, RaftStore.Timing.DEFAULT);
    }

    @Override
    public String toString() {
        return accessPoint ? "Raft group of system " + system + " in " + dir + ", peer " + self + " of " + peers
                : "not an access point: in memory";
    }
}
