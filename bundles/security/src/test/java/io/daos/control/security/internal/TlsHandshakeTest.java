package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.daos.control.api.config.TransportConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The key and trust managers of {@link TlsMaterial} in a real mutual-TLS handshake over loopback:
 * TLS 1.2 with exactly the v1.0 Go tools' suites, client certificate required and verified
 * against the CA, the server's name checked by the client.
 */
public class TlsHandshakeTest {

    private static final int TIMEOUT_MS = 20_000;

    private static TestPki pki;
    private static TestPki foreign;
    private static TestPki.Issued server;
    private static TestPki.Issued admin;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private SSLServerSocket listener;
    private Future<String> accepted;

    @BeforeClass
    public static void makePki() throws Exception {
        pki = TestPki.create();
        foreign = TestPki.create();
        server = pki.role("server");
        admin = pki.role("admin");
    }

    /** A server on loopback: mutual TLS, TLS 1.2, interop suites in its own order. */
    @Before
    public void startServer() throws Exception {
        TlsMaterial material = material("srv", pki, server, Clock.systemUTC());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(material.keyManagerFactory().getKeyManagers(),
                material.trustManagerFactory().getTrustManagers(), null);
        listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
        SSLParameters parameters = listener.getSSLParameters();
        parameters.setProtocols(new String[] {TlsMaterial.PROTOCOL});
        parameters.setCipherSuites(TlsMaterial.INTEROP_CIPHER_SUITES.toArray(new String[0]));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(true);
        listener.setSSLParameters(parameters);
        accepted = executor.submit(this::serveOne);
    }

    @After
    public void stopServer() throws Exception {
        listener.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /** Accepts one connection, echoes one byte plus one, and answers the client's CN. */
    private String serveOne() throws Exception {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.setSoTimeout(TIMEOUT_MS);
            socket.startHandshake();
            int b = socket.getInputStream().read();
            socket.getOutputStream().write(b + 1);
            socket.getOutputStream().flush();
            return TestPki.cn((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    /** Writes CA/cert/key of {@code issued} under {@code dir} and loads them as at start-up. */
    private TlsMaterial material(String dir, TestPki ca, TestPki.Issued issued, Clock clock) throws Exception {
        Path base = tmp.newFolder(dir).toPath();
        TestPki.writeCerts(base.resolve("ca.crt"), "rw-rw-r--", ca.ca().certificate());
        TestPki.writeCerts(base.resolve("own.crt"), "rw-rw-r--", issued.certificate());
        TestPki.writePkcs1(base.resolve("own.key"), "r--------", issued.privateKey());
        return TlsMaterial.load(new TransportConfig(false, "", "ca.crt", "own.crt", "own.key", "server"), base, clock);
    }

    /** Connects as a client presenting {@code keys} (may be null), expecting {@code name}. */
    private SSLSocket connect(KeyManager[] keys, TlsMaterial trust, String name) throws IOException,
            GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.trustManagerFactory().getTrustManagers(), null);
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        raw.setSoTimeout(TIMEOUT_MS);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, name, raw.getPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {TlsMaterial.PROTOCOL});
        parameters.setCipherSuites(TlsMaterial.INTEROP_CIPHER_SUITES.toArray(new String[0]));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static void exchange(SSLSocket socket) throws IOException {
        socket.startHandshake();
        socket.getOutputStream().write(41);
        socket.getOutputStream().flush();
        assertEquals(42, socket.getInputStream().read());
    }

    /**
     * Connects presenting {@code keys}, trusting {@code trust}'s CA; the client's exchange must
     * fail, and the server's failure message is answered.
     */
    private String refusedByServer(KeyManager[] keys, TlsMaterial trust) throws Exception {
        try (SSLSocket socket = connect(keys, trust, "server")) {
            assertThrows(IOException.class, () -> exchange(socket));
        }
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> accepted.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SSLException);
        return e.getCause().getMessage();
    }

    @Test
    public void adminHandshakesWithTheGoToolsSuiteOverTls12() throws Exception {
        TlsMaterial client = material("adm", pki, admin, Clock.systemUTC());
        try (SSLSocket socket = connect(client.keyManagerFactory().getKeyManagers(), client, "server")) {
            exchange(socket);
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            // The server prefers its own order: the first interop suite.
            assertEquals("TLS_RSA_WITH_AES_128_GCM_SHA256", socket.getSession().getCipherSuite());
            assertEquals("server", TestPki.cn((X509Certificate) socket.getSession().getPeerCertificates()[0]));
        }
        assertEquals("admin", accepted.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    public void clientWithoutCertificateIsRefused() throws Exception {
        TlsMaterial trustOnly = material("adm", pki, admin, Clock.systemUTC());
        String failure = refusedByServer(null, trustOnly);
        assertTrue(failure, failure.contains("Empty client certificate chain"));
    }

    @Test
    public void clientOfAForeignCaIsRefused() throws Exception {
        TlsMaterial intruder = material("foreign", foreign, foreign.role("admin"), Clock.systemUTC());
        TlsMaterial trust = material("adm", pki, admin, Clock.systemUTC());
        String failure = refusedByServer(intruder.keyManagerFactory().getKeyManagers(), trust);
        assertTrue(failure, failure.contains("PKIX path"));
    }

    @Test
    public void expiredClientCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued expired = pki.issue("admin", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        // TlsMaterial refuses to load it; the handshake must refuse it too when it gets that far.
        TlsMaterial trust = material("adm", pki, admin, Clock.systemUTC());
        String failure = refusedByServer(TestPki.keyManagers(expired).getKeyManagers(), trust);
        assertTrue(failure, failure.contains("validity check failed")
                || failure.contains("expired"));
    }

    @Test
    public void clientRefusesAServerNotNamedAsExpected() throws Exception {
        TlsMaterial client = material("adm", pki, admin, Clock.systemUTC());
        try (SSLSocket socket = connect(client.keyManagerFactory().getKeyManagers(), client, "elsewhere")) {
            SSLException e = assertThrows(SSLException.class, () -> exchange(socket));
            assertTrue(e.getMessage(), e.getMessage().contains("elsewhere"));
        }
    }
}
