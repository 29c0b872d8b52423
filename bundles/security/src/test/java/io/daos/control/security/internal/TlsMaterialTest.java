package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.daos.control.api.config.TransportConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Loading {@code transport_config}'s material (SPEC-SYSTEM §5.1, §5.2, §7.3 item 31). */
public class TlsMaterialTest {

    private static final Clock NOW = Clock.systemUTC();

    private static TestPki pki;
    private static TestPki.Issued server;
    private static TestPki.Issued admin;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path base;

    @BeforeClass
    public static void makePki() throws Exception {
        pki = TestPki.create();
        server = pki.role("server");
        admin = pki.role("admin");
    }

    /** The reference's default layout under the base directory: .daos/daosCA.crt, ... */
    @Before
    public void writeDefaults() throws Exception {
        base = tmp.getRoot().toPath();
        TestPki.writeCerts(base.resolve(".daos/daosCA.crt"), "rw-rw-r--", pki.ca().certificate());
        install(server, ".daos/daos_server.crt", ".daos/daos_server.key");
    }

    private void install(TestPki.Issued issued, String cert, String key) throws Exception {
        TestPki.writeCerts(base.resolve(cert), "rw-rw-r--", issued.certificate());
        TestPki.writePkcs1(base.resolve(key), "r--------", issued.privateKey());
    }

    private TlsConfigException refused(TransportConfig config) {
        return assertThrows(TlsConfigException.class, () -> TlsMaterial.load(config, base, NOW));
    }

    private static TransportConfig withPaths(String ca, String cert, String key) {
        TransportConfig d = TransportConfig.DEFAULT;
        return new TransportConfig(false, d.clientCertDir(), ca, cert, key, d.serverName());
    }

    @Test
    public void insecureLoadsNothingAndAccessorsAreEmpty() throws Exception {
        TlsMaterial material = TlsMaterial.load(TransportConfig.DEFAULT.withAllowInsecure(true),
                base.resolve("nowhere"), NOW);
        assertTrue(material.isInsecure());
        assertTrue(material.privateKey().isEmpty());
        assertTrue(material.publicKey().isEmpty());
        assertTrue(material.certificate().isEmpty());
        assertTrue(material.caCertificates().isEmpty());
        assertTrue(material.clientCertDir().isEmpty());
        assertThrows(IllegalStateException.class, material::keyManagerFactory);
        assertThrows(IllegalStateException.class, material::trustManagerFactory);
    }

    @Test
    public void nullConfig() {
        assertEquals("nil TransportConfig", refused(null).getMessage());
    }

    @Test
    public void defaultsResolveAgainstTheBaseDirectory() throws Exception {
        TlsMaterial material = TlsMaterial.load(TransportConfig.DEFAULT, base, NOW);
        assertFalse(material.isInsecure());
        assertEquals(List.of(pki.ca().certificate()), material.caCertificates());
        assertEquals(List.of(server.certificate()), material.certificateChain());
        assertEquals(server.keys().getPublic(), material.publicKey().orElseThrow());
        assertEquals("server", TestPki.cn(material.certificate().orElseThrow()));
        assertEquals(base.resolve(".daos/clients"), material.clientCertDir().orElseThrow());
        assertEquals("server", material.serverName());
        assertEquals(1, material.keyManagerFactory().getKeyManagers().length);
        assertEquals(1, material.trustManagerFactory().getTrustManagers().length);
    }

    @Test
    public void absolutePathsAreKeptAndPkcs8KeysLoad() throws Exception {
        Path key = TestPki.writePkcs8(tmp.newFolder("etc").toPath().resolve("server.key"), "rw-------",
                server.privateKey());
        TransportConfig config = withPaths(base.resolve(".daos/daosCA.crt").toString(),
                base.resolve(".daos/daos_server.crt").toString(), key.toString());
        TlsMaterial material = TlsMaterial.load(config, base.resolve("elsewhere"), NOW);
        assertEquals(server.keys().getPrivate(), material.privateKey().orElseThrow());
    }

    @Test
    public void missingCaRoot() {
        TlsConfigException e = refused(withPaths("ca.crt", ".daos/daos_server.crt", ".daos/daos_server.key"));
        assertEquals("could not load caRoot: stat " + base.resolve("ca.crt") + ": no such file or directory",
                e.getMessage());
        assertFalse(e.resolution().isEmpty());
    }

    @Test
    public void caFileWithoutCertificate() throws Exception {
        TestPki.write(base.resolve(".daos/daosCA.crt"), "# nothing here\n", "rw-r--r--");
        assertEquals("could not load caRoot: " + base.resolve(".daos/daosCA.crt") + " does not contain any certificate",
                refused(TransportConfig.DEFAULT).getMessage());
    }

    @Test
    public void certificateDirectoryInsteadOfFile() throws Exception {
        tmp.newFolder("dir.crt");
        assertEquals("could not load cert: " + base.resolve("dir.crt") + " is not a regular file",
                refused(withPaths(".daos/daosCA.crt", "dir.crt", ".daos/daos_server.key")).getMessage());
    }

    @Test
    public void certificateMode0666() throws Exception {
        Path cert = TestPki.writeCerts(base.resolve(".daos/daos_server.crt"), "rw-rw-rw-", server.certificate());
        TlsConfigException e = refused(TransportConfig.DEFAULT);
        assertEquals("could not load cert: " + cert + " has insecure permissions 0666 (suggested: 0664)",
                e.getMessage());
        assertEquals("chmod 0664 " + cert, e.resolution());
    }

    @Test
    public void keyMode0644() throws Exception {
        Path key = TestPki.writePkcs1(base.resolve(".daos/daos_server.key"), "rw-r--r--", server.privateKey());
        assertEquals("could not load key: " + key + " has insecure permissions 0644 (suggested: 0700)",
                refused(TransportConfig.DEFAULT).getMessage());
    }

    @Test
    public void mismatchedPair() throws Exception {
        TestPki.writePkcs1(base.resolve(".daos/daos_server.key"), "r--------", admin.privateKey());
        TlsConfigException e = refused(TransportConfig.DEFAULT);
        assertTrue(e.getMessage(), e.getMessage().startsWith("could not create X509KeyPair: "));
        assertTrue(e.getMessage(), e.getMessage().contains(base.resolve(".daos/daos_server.key").toString()));
    }

    /** Installs {@code issued} as the server's pair; loading must refuse its certificate. */
    private String serverCertificateRefused(TestPki.Issued issued) throws Exception {
        install(issued, ".daos/daos_server.crt", ".daos/daos_server.key");
        String message = refused(TransportConfig.DEFAULT).getMessage();
        assertTrue(message, message.startsWith("could not load cert: " + base.resolve(".daos/daos_server.crt") + ": "));
        return message;
    }

    @Test
    public void expiredServerCertificateNamesPathAndDates() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued expired = pki.issue("server", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        String message = serverCertificateRefused(expired);
        assertTrue(message, message.contains("has expired"));
        assertTrue(message, message.contains(expired.certificate().getNotBefore().toInstant().toString()));
        assertTrue(message, message.contains(expired.certificate().getNotAfter().toInstant().toString()));
    }

    @Test
    public void notYetValidServerCertificate() throws Exception {
        Instant now = Instant.now();
        TestPki.Issued early = pki.issue("server", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        String message = serverCertificateRefused(early);
        assertTrue(message, message.contains("is not yet valid"));
        assertTrue(message, message.contains(early.certificate().getNotBefore().toInstant().toString()));
    }

    @Test
    public void expiredCaIsRefusedFirst() {
        Clock later = Clock.fixed(pki.ca().certificate().getNotAfter().toInstant().plusSeconds(60), ZoneOffset.UTC);
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> TlsMaterial.load(TransportConfig.DEFAULT, base, later));
        assertTrue(e.getMessage(), e.getMessage().startsWith(
                "could not load caRoot: " + base.resolve(".daos/daosCA.crt") + ": certificate CN=DAOS CA,O=DAOS has expired"));
    }

    @Test
    public void emptyServerName() throws Exception {
        TransportConfig d = TransportConfig.DEFAULT;
        TlsMaterial material = TlsMaterial.load(new TransportConfig(false, d.clientCertDir(), d.caCert(), d.cert(),
                d.key(), ""), base, NOW);
        assertEquals("No ServerName set in TransportConfig",
                assertThrows(TlsConfigException.class, material::serverName).getMessage());
    }

    /** §7.3 item 31: after the cert/key paths change, a reload yields a different certificate. */
    @Test
    public void reloadAfterChangingPathsGivesAnotherCertificate() throws Exception {
        TlsMaterial first = TlsMaterial.load(TransportConfig.DEFAULT, base, NOW);
        install(admin, "certs/admin.crt", "certs/admin.key");
        TlsMaterial second = TlsMaterial.load(withPaths(".daos/daosCA.crt", "certs/admin.crt", "certs/admin.key"),
                base, NOW);
        assertNotEquals(first.certificate().orElseThrow(), second.certificate().orElseThrow());
        assertEquals("admin", TestPki.cn(second.certificate().orElseThrow()));
        assertEquals(admin.keys().getPublic(), second.publicKey().orElseThrow());
    }

    @Test
    public void certificateFileMayCarryItsChain() throws Exception {
        TestPki.writeCerts(base.resolve(".daos/daos_server.crt"), "rw-r--r--", server.certificate(),
                pki.ca().certificate());
        TlsMaterial material = TlsMaterial.load(TransportConfig.DEFAULT, base, NOW);
        assertEquals(List.of(server.certificate(), pki.ca().certificate()), material.certificateChain());
    }

    @Test
    public void disabledAlgorithmsLoseExactlyTheInteropSuites() {
        assertEquals("SSLv3, RC4", TlsMaterial.withInteropSuitesAllowed(
                "SSLv3, TLS_RSA_WITH_AES_128_GCM_SHA256, RC4, TLS_RSA_WITH_AES_256_GCM_SHA384"));
        String expanded = TlsMaterial.withInteropSuitesAllowed("SSLv3, TLS_RSA_*, NULL");
        assertTrue(expanded, expanded.startsWith("SSLv3, TLS_RSA_WITH_AES_256_CBC_SHA256, "));
        assertTrue(expanded, expanded.endsWith(", NULL"));
        assertTrue(expanded, expanded.contains("TLS_RSA_WITH_AES_128_CBC_SHA,"));
        assertFalse(expanded, expanded.contains("GCM"));
        assertFalse(expanded, expanded.contains("*"));
        String unchanged = "SSLv3, TLSv1, RC4, DES, NULL";
        assertEquals(unchanged, TlsMaterial.withInteropSuitesAllowed(unchanged));
    }
}
