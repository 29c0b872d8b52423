package io.daos.control.security.internal;

import io.daos.control.api.config.TransportConfig;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of {@code transport_config} (SPEC-SYSTEM §5.1, §5.2), loaded once at start:
 * the CA certificates, the own certificate chain and its private key, checked as the reference
 * does ({@link PemFiles}) and, beyond it, refused when a certificate is expired or not yet valid.
 * In insecure mode nothing is loaded and every accessor answers empty.
 *
 * <p>The material builds the JDK's {@link KeyManagerFactory} and {@link TrustManagerFactory};
 * whoever makes the TLS context must restrict it to {@link #PROTOCOL} and
 * {@link #INTEROP_CIPHER_SUITES} to talk to the v1.0 Go tools.
 */
public final class TlsMaterial {

    /** The only protocol the v1.0 Go tools speak. */
    public static final String PROTOCOL = "TLSv1.2";
    /**
     * The cipher suites of the v1.0 Go tools, in the server's order of preference. On the JDK this
     * was written on (17.0.15) both are supported and enabled by default, and
     * {@code jdk.tls.disabledAlgorithms} does not list {@code TLS_RSA_*}; set them explicitly.
     */
    public static final List<String> INTEROP_CIPHER_SUITES =
            List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");

    private static final String KEY_ALIAS = "daos";
    private static final TlsMaterial INSECURE =
            new TlsMaterial(true, List.of(), List.of(), null, null, "");

    private final boolean insecure;
    private final List<X509Certificate> caCertificates;
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final Path clientCertDir;
    private final String serverName;

    private TlsMaterial(boolean insecure, List<X509Certificate> caCertificates, List<X509Certificate> chain,
            PrivateKey key, Path clientCertDir, String serverName) {
        this.insecure = insecure;
        this.caCertificates = caCertificates;
        this.chain = chain;
        this.key = key;
        this.clientCertDir = clientCertDir;
        this.serverName = serverName;
    }

    /** The material of insecure mode: nothing loaded. */
    public static TlsMaterial insecure() {
        return INSECURE;
    }

    /** {@link #load(TransportConfig, Path, Clock)} against the working directory, now. */
    public static TlsMaterial load(TransportConfig config) throws TlsConfigException {
        return load(config, Path.of("").toAbsolutePath(), Clock.systemUTC());
    }

    /**
     * Loads the material {@code config} names; relative paths are resolved against
     * {@code baseDir} (the working directory in production), and certificates must be valid at
     * {@code clock}'s instant. Messages are the reference's ({@code could not load caRoot: ...},
     * {@code could not load cert: ...}, {@code could not load key: ...},
     * {@code could not create X509KeyPair: ...}).
     */
    public static TlsMaterial load(TransportConfig config, Path baseDir, Clock clock) throws TlsConfigException {
        if (config == null) {
            throw new TlsConfigException("nil TransportConfig", "");
        }
        if (config.allowInsecure()) {
            return INSECURE;
        }
        Date now = Date.from(clock.instant());
        Path caPath = resolve(baseDir, config.caCert());
        Path certPath = resolve(baseDir, config.cert());
        Path keyPath = resolve(baseDir, config.key());
        List<X509Certificate> ca;
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            ca = PemFiles.loadCertificates(caPath);
            for (X509Certificate certificate : ca) {
                checkValidity(caPath, certificate, now);
            }
        } catch (TlsConfigException e) {
            throw e.wrap("could not load caRoot");
        }
        try {
            chain = PemFiles.loadCertificates(certPath);
            checkValidity(certPath, chain.get(0), now);
        } catch (TlsConfigException e) {
            throw e.wrap("could not load cert");
        }
        try {
            key = PemFiles.loadPrivateKey(keyPath);
        } catch (TlsConfigException e) {
            throw e.wrap("could not load key");
        }
        if (!matches(chain.get(0).getPublicKey(), key)) {
            throw new TlsConfigException("could not create X509KeyPair: private key " + keyPath
                    + " does not match public key of " + certPath,
                    "configure the key that was generated with " + certPath);
        }
        String name = config.serverName() == null ? "" : config.serverName();
        String dir = config.clientCertDir() == null ? "" : config.clientCertDir();
        return new TlsMaterial(false, ca, chain, key, dir.isEmpty() ? null : resolve(baseDir, dir), name);
    }

    /** Whether this is the insecure material (plaintext, nothing loaded). */
    public boolean isInsecure() {
        return insecure;
    }

    /** The CA certificates (at least one in secure mode; none when insecure). */
    public List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    /** The own certificate followed by whatever chain its file holds; empty when insecure. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The own certificate, absent when insecure. */
    public Optional<X509Certificate> certificate() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    /** The private key, absent when insecure. */
    public Optional<PrivateKey> privateKey() {
        return Optional.ofNullable(key);
    }

    /** The public key of the own certificate, absent when insecure. */
    public Optional<PublicKey> publicKey() {
        return certificate().map(X509Certificate::getPublicKey);
    }

    /**
     * {@code client_cert_dir} resolved, where the agents' certificates are; absent when insecure
     * or not configured. Not checked here: the reference reads it only when validating a credential.
     */
    public Optional<Path> clientCertDir() {
        return Optional.ofNullable(clientCertDir);
    }

    /** The name a client expects in the server's certificate ({@code server_name}). */
    public String serverName() throws TlsConfigException {
        if (serverName.isEmpty()) {
            throw new TlsConfigException("No ServerName set in TransportConfig",
                    "set transport_config.server_name (the reference's certificates use: server)");
        }
        return serverName;
    }

    /** Key managers presenting the own certificate chain and key (secure mode only). */
    public KeyManagerFactory keyManagerFactory() throws GeneralSecurityException {
        requireSecure();
        char[] password = randomPassword();
        KeyStore store = emptyStore();
        store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    /** Trust managers verifying peers against the CA certificates (secure mode only). */
    public TrustManagerFactory trustManagerFactory() throws GeneralSecurityException {
        requireSecure();
        KeyStore store = emptyStore();
        for (int i = 0; i < caCertificates.size(); i++) {
            store.setCertificateEntry("ca-" + i, caCertificates.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    /**
     * {@code disabled} (a {@code jdk.tls.disabledAlgorithms} value) with exactly
     * {@link #INTEROP_CIPHER_SUITES} taken out: entries naming one of them are dropped, and a
     * {@code TLS_RSA_*} wildcard (JDK releases after 17.0.15 have one) becomes the list of the
     * other RSA key-exchange suites the JDK knows, so nothing else is re-enabled. Whoever starts
     * the process sets the property to this before the first TLS context is made, and only when it
     * differs; on this JDK it does not.
     */
    public static String withInteropSuitesAllowed(String disabled) {
        if (disabled == null || disabled.isBlank()) {
            return disabled;
        }
        List<String> kept = new ArrayList<>();
        for (String entry : disabled.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.equals("TLS_RSA_*")) {
                kept.addAll(OTHER_RSA_SUITES);
            } else if (!INTEROP_CIPHER_SUITES.contains(trimmed) && !trimmed.isEmpty()) {
                kept.add(trimmed);
            }
        }
        return String.join(", ", kept);
    }

    /** The JDK's RSA key-exchange suites other than the two the Go tools need. */
    private static final List<String> OTHER_RSA_SUITES = List.of(
            "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_DES_CBC_SHA", "TLS_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_RC4_128_MD5", "TLS_RSA_WITH_NULL_SHA256", "TLS_RSA_WITH_NULL_SHA",
            "TLS_RSA_WITH_NULL_MD5", "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "TLS_RSA_EXPORT_WITH_RC4_40_MD5");

    private static Path resolve(Path baseDir, String configured) {
        return baseDir.resolve(configured == null ? "" : configured);
    }

    private static void checkValidity(Path path, X509Certificate certificate, Date now) throws TlsConfigException {
        String dates = " (valid from " + certificate.getNotBefore().toInstant() + " to "
                + certificate.getNotAfter().toInstant() + ", now " + now.toInstant() + ")";
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new TlsConfigException(path + ": certificate " + subject + " has expired" + dates,
                    "generate new certificates (bin/daos_gen_certs) and install them", e);
        } catch (CertificateNotYetValidException e) {
            throw new TlsConfigException(path + ": certificate " + subject + " is not yet valid" + dates,
                    "check this host's clock, or the clock of the host that made the certificate", e);
        }
    }

    /** Whether {@code key} is the private half of {@code publicKey}. */
    private static boolean matches(PublicKey publicKey, PrivateKey key) {
        if (publicKey instanceof RSAPublicKey rsa && key instanceof RSAPrivateCrtKey crt) {
            return rsa.getModulus().equals(crt.getModulus())
                    && rsa.getPublicExponent().equals(crt.getPublicExponent());
        }
        return false;
    }

    private void requireSecure() {
        if (insecure) {
            throw new IllegalStateException("insecure transport: no TLS material was loaded");
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot initialise an empty key store", e);
        }
        return store;
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }
}
