package io.daos.control.api.security;

import static org.junit.Assert.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.daos.control.api.exec.Command;
import io.daos.control.api.exec.CommandResult;
import io.daos.control.api.exec.CommandRunner;

/**
 * TLS material for the tests of the rpc-server and the client layer: a self-signed certificate made by the JDK's keytool
 * (CN and SAN {@code server}), its own CA, presented by both sides; and the security bundle's
 * service over it.
 */
public final class TestTls {

    private static final char[] PASSWORD = "changeit".toCharArray();
    /** The certificate and key. */
    public final KeyManagerFactory keys;
    /** The certificate as the CA. */
    public final TrustManagerFactory trust;

    private TestTls(KeyManagerFactory keys, TrustManagerFactory trust) {
        this.keys = keys;
        this.trust = trust;
    }

    /** Makes the certificate under {@code dir}. */
    public static TestTls create(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        CommandResult r = CommandRunner.run(Command.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA512withRSA", "-validity", "2", "-dname",
                "CN=server, O=DAOS", "-ext", "SAN=dns:server", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD)).withTimeout(Duration.ofSeconds(60)));
        assertEquals(r.toString(), 0, r.exitCode());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ks);
        return new TestTls(keys, trust);
    }

    /** The security bundle's service over this material ({@code insecure} as asked). */
    public TransportSecurity security(boolean insecure) {
        return new TransportSecurity() {
            @Override
            public boolean insecure() {
                return insecure;
            }

            @Override
            public KeyManagerFactory keyManagers() {
                return keys;
            }

            @Override
            public TrustManagerFactory trustManagers() {
                return trust;
            }

            @Override
            public String serverName() {
                return "server";
            }

            @Override
            public List<String> protocols() {
                return List.of("TLSv1.3", "TLSv1.2");
            }

            @Override
            public List<String> cipherSuites() {
                return List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_RSA_WITH_AES_256_GCM_SHA384");
            }
        };
    }
}
