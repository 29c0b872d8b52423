package io.daos.control.api.config;

/**
 * {@code transport_config} (SPEC-SERVER §1.3): gRPC TLS settings. Relative paths are relative to
 * the working directory.
 *
 * @param allowInsecure  {@code allow_insecure}, default false
 * @param clientCertDir  {@code client_cert_dir}, default {@code .daos/clients}
 * @param caCert         {@code ca_cert}, default {@code .daos/daosCA.crt}
 * @param cert           {@code cert}, default {@code .daos/daos_server.crt}
 * @param key            {@code key}, default {@code .daos/daos_server.key}
 * @param serverName     {@code server_name}, default {@code server}
 */
public record TransportConfig(boolean allowInsecure, String clientCertDir, String caCert, String cert,
        String key, String serverName) {

    /** The defaults of the reference. */
    public static final TransportConfig DEFAULT = new TransportConfig(false, ".daos/clients",
            ".daos/daosCA.crt", ".daos/daos_server.crt", ".daos/daos_server.key", "server");

    /** A copy with another {@code allow_insecure}. */
    public TransportConfig withAllowInsecure(boolean insecure) {
        return new TransportConfig(insecure, clientCertDir, caCert, cert, key, serverName);
    }
}
