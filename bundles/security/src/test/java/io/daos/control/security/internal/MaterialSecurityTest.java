package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.TransportConfig;

/**
 * The published transport security: insecure has no managers; secure serves TLS 1.3 to a client
 * that offers it and TLS 1.2 with the v1.0 tools' suite to one that offers only that, client
 * certificate required, both on the same server parameters.
 */
public class MaterialSecurityTest {

    private static final int TIMEOUT_MS = 20_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TlsMaterial material(String dir, TestPki ca, TestPki.Issued issued) throws Exception {
        Path base = tmp.newFolder(dir).toPath();
        TestPki.writeCerts(base.resolve("ca.crt"), "rw-rw-r--", ca.ca().certificate());
        TestPki.writeCerts(base.resolve("own.crt"), "rw-rw-r--", issued.certificate());
        TestPki.writePkcs8(base.resolve("own.key"), "r--------", issued.privateKey());
        return TlsMaterial.load(new TransportConfig(false, "", "ca.crt", "own.crt", "own.key", "server"), base,
                Clock.systemUTC());
    }

    private static SSLContext context(MaterialSecurity s) throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(s.keyManagers().getKeyManagers(), s.trustManagers().getTrustManagers(), null);
        return c;
    }

    @Test
    public void insecureHasNoManagers() throws Exception {
        MaterialSecurity s = MaterialSecurity.of(TlsMaterial.insecure());
        assertTrue(s.insecure());
        assertThrows(IllegalStateException.class, s::keyManagers);
        assertThrows(IllegalStateException.class, s::trustManagers);
    }

    @Test
    public void servesTls13AndTheGoToolsTls12SuiteOnTheSameParameters() throws Exception {
        TestPki pki = TestPki.create();
        MaterialSecurity server = MaterialSecurity.of(material("srv", pki, pki.role("server")));
        MaterialSecurity admin = MaterialSecurity.of(material("adm", pki, pki.role("admin")));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), server.protocols());
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"), server.cipherSuites());
        assertEquals("server", server.serverName());

        SSLServerSocket listener = (SSLServerSocket) context(server).getServerSocketFactory().createServerSocket(0, 2,
                InetAddress.getLoopbackAddress());
        SSLParameters p = listener.getSSLParameters();
        p.setProtocols(server.protocols().toArray(new String[0]));
        p.setCipherSuites(server.cipherSuites().toArray(new String[0]));
        p.setUseCipherSuitesOrder(true);
        p.setNeedClientAuth(true);
        listener.setSSLParameters(p);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<String> served = executor.submit(() -> {
                StringBuilder seen = new StringBuilder();
                for (int i = 0; i < 2; i++) {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        s.setSoTimeout(TIMEOUT_MS);
                        s.startHandshake();
                        s.getOutputStream().write(s.getInputStream().read() + 1);
                        s.getOutputStream().flush();
                        seen.append(s.getSession().getProtocol()).append(' ');
                    }
                }
                return seen.toString().trim();
            });
            assertEquals("TLSv1.3 TLS_AES_256_GCM_SHA384",
                    call(admin, listener.getLocalPort(), admin.protocols(), admin.cipherSuites()));
            assertEquals("TLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256", call(admin, listener.getLocalPort(),
                    List.of("TLSv1.2"), TlsMaterial.INTEROP_CIPHER_SUITES));
            assertEquals("TLSv1.3 TLSv1.2", served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } finally {
            listener.close();
            executor.shutdownNow();
        }
    }

    /** One exchange as a client offering {@code protocols} and {@code suites}; the protocol and suite agreed. */
    private static String call(MaterialSecurity client, int port, List<String> protocols, List<String> suites)
            throws Exception {
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), port);
        raw.setSoTimeout(TIMEOUT_MS);
        try (SSLSocket s = (SSLSocket) context(client).getSocketFactory().createSocket(raw, client.serverName(), port,
                true)) {
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(protocols.toArray(new String[0]));
            p.setCipherSuites(suites.toArray(new String[0]));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write(41);
            s.getOutputStream().flush();
            assertEquals(42, s.getInputStream().read());
            return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
        }
    }
}
