package io.daos.control.api.security;

import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of this control server's gRPC traffic (SPEC-SYSTEM §5.1, §5.2), loaded from
 * {@code transport_config} and checked at start by the security bundle, which publishes it: the
 * rpc-server serves with it, the client layer calls other control servers with it. Insecure
 * ({@code allow_insecure}, {@code start -i}) means plaintext both ways and no authorization.
 */
public interface TransportSecurity {

    /** Plaintext, no certificates, every method allowed to every caller. */
    boolean insecure();

    /**
     * The own certificate and key (the server certificate: presented to clients, and to other
     * control servers when calling them).
     *
     * @throws IllegalStateException when {@link #insecure()}
     */
    KeyManagerFactory keyManagers();

    /**
     * The CA the peers' certificates must chain to (clients: required and verified).
     *
     * @throws IllegalStateException when {@link #insecure()}
     */
    TrustManagerFactory trustManagers();

    /** The name a called control server's certificate must carry ({@code server_name}). */
    String serverName();

    /** The TLS protocol versions offered, preferred first. */
    List<String> protocols();

    /**
     * The cipher suites offered, preferred first: those of TLS 1.3, then exactly the two TLS 1.2
     * suites the v1.0 tools speak ({@code TLS_RSA_WITH_AES_128_GCM_SHA256},
     * {@code TLS_RSA_WITH_AES_256_GCM_SHA384}).
     */
    List<String> cipherSuites();
}
