package io.daos.control.dmg.cli;

import java.util.List;

import io.daos.control.api.config.TransportConfig;

/**
 * The client configuration {@code daos.yml} (SPEC-SYSTEM §6.2), shared with {@code daos_agent}.
 *
 * @param name          {@code name}: the system name
 * @param port          {@code port}: the default control port
 * @param hostList      {@code hostlist}: addresses used when {@code -l} is absent
 * @param accessPoints  {@code access_points}, normalised to {@code host:port} after validation
 * @param transport     {@code transport_config}
 * @param runtimeDir    {@code runtime_dir} (agent only)
 * @param logFile       {@code log_file} (agent only)
 * @param hostFile      {@code host_file} (unused)
 * @param logFileFormat {@code log_file_format} (unused)
 * @param path          the absolute path the configuration was read from, or null for the defaults
 */
public record ClientConfig(String name, int port, List<String> hostList, List<String> accessPoints,
        TransportConfig transport, String runtimeDir, String logFile, String hostFile, String logFileFormat,
        String path) {

    /** The client side of {@code transport_config}'s defaults (§5.1). */
    public static final TransportConfig DEFAULT_TRANSPORT =
            new TransportConfig(false, "", ".daos/daosCA.crt", ".daos/client.crt", ".daos/client.key", "server");

    /** The built-in defaults. */
    public static final ClientConfig DEFAULT = new ClientConfig("daos_server", 10001, List.of("localhost:10001"),
            List.of("localhost:10001"), DEFAULT_TRANSPORT, "/var/run/daos_agent", "/tmp/daos_agent.log", "", "",
            null);

    /** Copies the lists. */
    public ClientConfig {
        hostList = List.copyOf(hostList);
        accessPoints = List.copyOf(accessPoints);
    }

    /** A copy with another transport configuration ({@code -i}). */
    public ClientConfig withTransport(TransportConfig t) {
        return new ClientConfig(name, port, hostList, accessPoints, t, runtimeDir, logFile, hostFile, logFileFormat,
                path);
    }

    /** A copy with other access points (validation normalises them). */
    ClientConfig withAccessPoints(List<String> aps) {
        return new ClientConfig(name, port, hostList, aps, transport, runtimeDir, logFile, hostFile, logFileFormat,
                path);
    }
}
