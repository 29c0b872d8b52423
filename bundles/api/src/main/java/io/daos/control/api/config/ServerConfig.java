package io.daos.control.api.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The validated, immutable content of {@code daos_server.yml} after defaults, propagation of
 * top-level values and CLI overrides (SPEC-SERVER §1). Published as an OSGi service by the
 * config bundle; consumers take a static reference and restart when it is replaced.
 */
public interface ServerConfig {

    /** Path of the file this configuration was loaded from. */
    Path configPath();

    /** System name ({@code name}, default {@code daos_server}). */
    String systemName();

    /** gRPC control port ({@code port}, default 10001). */
    int port();

    /** {@code transport_config.allow_insecure}. */
    boolean allowInsecure();

    /** {@code access_points}, as given (host or host:port). */
    List<String> accessPoints();

    /** {@code socket_dir} (default {@code /var/run/daos_server}). */
    String socketDir();
}
