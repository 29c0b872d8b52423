package io.daos.control.api.config;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The validated, immutable content of {@code daos_server.yml} after defaults, propagation of
 * top-level values and CLI overrides (SPEC-SERVER §1, §2.2). Published as an OSGi service by the
 * config bundle with the service properties {@link #PROP_PORT} and {@link #PROP_NAME}; consumers
 * take a static reference and restart when it is replaced.
 */
public interface ServerConfig {

    /** Service property: the control port (Integer). */
    String PROP_PORT = "port";
    /** Service property: the system name (String). */
    String PROP_NAME = "name";

    /** Default control port. */
    int DEFAULT_PORT = 10001;
    /** Default system name. */
    String DEFAULT_SYSTEM_NAME = "daos_server";
    /** Default socket directory. */
    String DEFAULT_SOCKET_DIR = "/var/run/daos_server";
    /** Maximum number of I/O server instances a v1.0 daos_server starts. */
    int MAX_IO_SERVERS = 2;

    /**
     * Path of the file this configuration was loaded from (replaced by a top-level {@code path}
     * key when present: a reference quirk).
     */
    Path configPath();

    /** System name ({@code name}, default {@code daos_server}; {@code start -g}). */
    String systemName();

    /** gRPC control port ({@code port}, default 10001; {@code start -p}). */
    int port();

    /** {@code transport_config.allow_insecure} ({@code start -i} sets it). */
    boolean allowInsecure();

    /** {@code transport_config} (never null). */
    TransportConfig transportConfig();

    /** {@code access_points}; after validation exactly one entry, normalised to {@code host:port}. */
    List<String> accessPoints();

    /** {@code socket_dir} (default {@code /var/run/daos_server}; {@code start -d}). */
    String socketDir();

    /** Top-level {@code provider} (required). */
    String provider();

    /** Top-level {@code fabric_iface} (default for the servers). */
    String fabricIface();

    /** Top-level {@code fabric_iface_port} (default for the servers). */
    int fabricIfacePort();

    /** Top-level {@code pinned_numa_node}: accepted, not propagated, no effect. */
    OptionalInt pinnedNumaNode();

    /** {@code modules} (default empty; {@code start -m}). */
    String modules();

    /**
     * The {@code servers} entries in file order, with top-level values propagated. All entries are
     * kept; a v1.0 daos_server starts at most {@link #MAX_IO_SERVERS} of them.
     */
    List<IOServerConfig> servers();

    /** {@code bdev_include}: PCI whitelist of the automatic NVMe prepare. */
    List<String> bdevInclude();

    /** {@code bdev_exclude}: accepted, unused. */
    List<String> bdevExclude();

    /** {@code nr_hugepages} per I/O server (default 0). */
    int nrHugepages();

    /** {@code set_hugepages}: pass {@code -r <MB>} to the I/O servers. */
    boolean setHugepages();

    /** {@code control_log_mask} (default INFO). */
    ControlLogMask controlLogMask();

    /** {@code control_log_file} (empty: not set). */
    String controlLogFile();

    /** {@code control_log_json}. */
    boolean controlLogJson();

    /** {@code helper_log_file} (exported to daos_admin as {@code DAOS_ADMIN_LOG_FILE}). */
    String helperLogFile();

    /** Recreate mode: the value of {@code start --recreate-superblocks} (the file's key is ignored). */
    boolean recreateSuperblocks();

    /** {@code fault_path}: accepted, unused. */
    String faultPath();

    /** {@code fault_cb}: accepted, unused. */
    String faultCb();

    /** {@code hyperthreads}: accepted, unused. */
    boolean hyperthreads();
}
