package io.daos.control.security.internal;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.daos.control.api.security.TransportSecurity;

/**
 * {@link TransportSecurity} over loaded {@link TlsMaterial}: the key and trust managers made once,
 * at start, so that a problem with them is a start-up failure and not a failed handshake later.
 * TLS 1.3 for the clients that offer it, TLS 1.2 with exactly the v1.0 tools' two suites for the
 * others.
 */
final class MaterialSecurity implements TransportSecurity {

    /** Offered first: what current clients negotiate. */
    static final List<String> TLS13_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256");
    static final List<String> PROTOCOLS = List.of("TLSv1.3", TlsMaterial.PROTOCOL);

    private final boolean insecure;
    private final KeyManagerFactory keys;
    private final TrustManagerFactory trust;
    private final String serverName;

    private MaterialSecurity(boolean insecure, KeyManagerFactory keys, TrustManagerFactory trust, String serverName) {
        this.insecure = insecure;
        this.keys = keys;
        this.trust = trust;
        this.serverName = serverName;
    }

    /**
     * The transport security of {@code material}.
     *
     * @throws TlsConfigException the managers cannot be made, or no server name is set
     */
    static MaterialSecurity of(TlsMaterial material) throws TlsConfigException {
        if (material.isInsecure()) {
            return new MaterialSecurity(true, null, null, "");
        }
        String name = material.serverName();
        try {
            return new MaterialSecurity(false, material.keyManagerFactory(), material.trustManagerFactory(), name);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("could not set up TLS: " + e.getMessage(),
                    "check the certificate, key and CA files of transport_config", e);
        }
    }

    @Override
    public boolean insecure() {
        return insecure;
    }

    @Override
    public KeyManagerFactory keyManagers() {
        requireSecure();
        return keys;
    }

    @Override
    public TrustManagerFactory trustManagers() {
        requireSecure();
        return trust;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public List<String> protocols() {
        return PROTOCOLS;
    }

    @Override
    public List<String> cipherSuites() {
        List<String> out = new ArrayList<>(TLS13_SUITES);
        out.addAll(TlsMaterial.INTEROP_CIPHER_SUITES);
        return List.copyOf(out);
    }

    private void requireSecure() {
        if (insecure) {
            throw new IllegalStateException("insecure transport: no TLS material");
        }
    }
}
