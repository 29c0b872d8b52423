package io.daos.control.dmg.cmd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.daos.control.api.config.TransportConfig;
import io.daos.control.dmg.cli.Connector;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cli.ProxyPolicy;
import io.daos.control.dmg.conn.ClientTls;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.text.HostGroups;

/**
 * The command line's {@link Connector} over {@link Connections} (SPEC-SYSTEM §3.3 steps 1–4): the
 * client TLS is loaded from the effective {@code transport_config} (relative paths against the
 * working directory; a failure is the {@link io.daos.control.dmg.conn.TlsLoadException}, whose
 * message is printed as it is), every host is dialled, and the outcomes are grouped by text into
 * host sets and printed as the host-group list ({@code 127.0.0.1:10001: connected}).
 *
 * <p>When no host connects the list, naming each host and its cause, is printed as an error and the
 * command fails with {@code no active connections}. With {@code -j} the list of a successful connect
 * is a debug message (shown with {@code -d}) so that stdout carries only the command's document.
 *
 * <p>Proxy variables need no scrubbing here: grpc-java ignores {@code http_proxy} and its kin.
 */
public final class GrpcConnector implements Connector {

    private final Path baseDir;
    private final Duration timeout;

    /** A connector resolving certificate paths against {@code baseDir}, with the default connect timeout. */
    public GrpcConnector(Path baseDir) {
        this(baseDir, Connections.DEFAULT_CONNECT_TIMEOUT);
    }

    /** A connector with its own connect timeout. */
    public GrpcConnector(Path baseDir, Duration timeout) {
        this.baseDir = baseDir;
        this.timeout = timeout;
    }

    @Override
    public AutoCloseable connect(List<String> addresses, TransportConfig tls, ProxyPolicy proxy, Output out)
            throws DmgException {
        Connections connections = Connections.open(addresses, ClientTls.of(tls, baseDir), timeout);
        String states = render(connections.states());
        if (connections.active().isEmpty()) {
            connections.close();
            if (!states.isEmpty()) {
                out.error(states);
            }
            throw new DmgException("no active connections");
        }
        if (out.isJson()) {
            out.debug(states);
        } else {
            out.info(states);
        }
        return connections;
    }

    /**
     * The host-group list of connection outcomes: per outcome text ({@code connected} or the cause),
     * the set of its addresses, right-aligned; empty for no addresses.
     */
    public static String render(Map<String, String> states) {
        HostGroups groups = new HostGroups();
        for (Map.Entry<String, String> e : states.entrySet()) {
            groups.add(e.getValue(), e.getKey());
        }
        return groups.toString();
    }
}
