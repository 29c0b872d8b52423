package io.daos.control.security.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The reference's PEM and permission checks (SPEC-SYSTEM §5.3, §7.3 items 28–30). */
public class PemFilesTest {

    private static TestPki pki;
    private static TestPki.Issued server;
    private static TestPki.Issued agent;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void makePki() throws Exception {
        pki = TestPki.create();
        server = pki.role("server");
        agent = pki.role("agent");
    }

    private Path file(String name) {
        return tmp.getRoot().toPath().resolve(name);
    }

    private static String message(ThrowingRunnable code) {
        return assertThrows(TlsConfigException.class, code::run).getMessage();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // --- file checks ---

    @Test
    public void missingFileIsReportedAsStatFailure() {
        Path missing = file("nope.crt");
        assertEquals("stat " + missing + ": no such file or directory",
                message(() -> PemFiles.loadCertificate(missing)));
    }

    @Test
    public void directoryInsteadOfFileIsNotARegularFile() throws Exception {
        Path dir = tmp.newFolder("server.crt").toPath();
        assertEquals(dir + " is not a regular file", message(() -> PemFiles.loadCertificates(dir)));
    }

    @Test
    public void caMode0664AndCertMode0444AreAccepted() throws Exception {
        Path ca = TestPki.writeCerts(file("ca.crt"), "rw-rw-r--", pki.ca().certificate());
        Path cert = TestPki.writeCerts(file("agent.crt"), "r--r--r--", agent.certificate());
        assertEquals(pki.ca().certificate(), PemFiles.loadCertificates(ca).get(0));
        assertEquals(agent.certificate(), PemFiles.loadCertificate(cert));
    }

    @Test
    public void certMode0666IsInsecureWithSuggestionAndChmodResolution() throws Exception {
        Path cert = TestPki.writeCerts(file("agent.crt"), "rw-rw-rw-", agent.certificate());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> PemFiles.loadCertificate(cert));
        assertEquals(cert + " has insecure permissions 0666 (suggested: 0664)", e.getMessage());
        assertEquals("chmod 0664 " + cert, e.resolution());
    }

    @Test
    public void certMode0700IsInsecure() throws Exception {
        Path cert = TestPki.writeCerts(file("agent.crt"), "rwx------", agent.certificate());
        assertEquals(cert + " has insecure permissions 0700 (suggested: 0664)",
                message(() -> PemFiles.loadCertificate(cert)));
    }

    @Test
    public void keyMode0664IsInsecure() throws Exception {
        Path key = TestPki.writePkcs8(file("server.key"), "rw-rw-r--", server.privateKey());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> PemFiles.loadPrivateKey(key));
        assertEquals(key + " has insecure permissions 0664 (suggested: 0700)", e.getMessage());
        assertEquals("chmod 0600 " + key, e.resolution());
    }

    @Test
    public void keyMode0644IsInsecure() throws Exception {
        Path key = TestPki.writePkcs8(file("server.key"), "rw-r--r--", server.privateKey());
        assertEquals(key + " has insecure permissions 0644 (suggested: 0700)",
                message(() -> PemFiles.loadPrivateKey(key)));
    }

    @Test
    public void caFileMode0666IsInsecureToo() throws Exception {
        Path ca = TestPki.writeCerts(file("ca.crt"), "rw-rw-rw-", pki.ca().certificate());
        assertEquals(ca + " has insecure permissions 0666 (suggested: 0664)",
                message(() -> PemFiles.loadCertificates(ca)));
    }

    // --- single certificate ---

    @Test
    public void certificateFileWithoutPemData() throws Exception {
        Path cert = TestPki.write(file("agent.crt"), "not a certificate\n", "rw-r--r--");
        assertEquals(cert + " does not contain PEM data", message(() -> PemFiles.loadCertificate(cert)));
    }

    @Test
    public void twoCertificatesInASingleCertificateFile() throws Exception {
        Path cert = TestPki.writeCerts(file("agent.crt"), "rw-r--r--", agent.certificate(), server.certificate());
        assertEquals("Only one cert allowed per file", message(() -> PemFiles.loadCertificate(cert)));
    }

    @Test
    public void corruptCertificateIsNamed() throws Exception {
        Path cert = TestPki.write(file("agent.crt"), TestPki.pem("CERTIFICATE", new byte[] {1, 2, 3}), "rw-r--r--");
        assertTrue(message(() -> PemFiles.loadCertificate(cert)).startsWith(cert + " contains an invalid certificate"));
    }

    // --- CA file (one or more) ---

    @Test
    public void caFileWithSeveralCertificatesLoadsThemAll() throws Exception {
        TestPki other = TestPki.create();
        Path ca = TestPki.writeCerts(file("ca.crt"), "rw-r--r--", pki.ca().certificate(), other.ca().certificate());
        assertEquals(List.of(pki.ca().certificate(), other.ca().certificate()), PemFiles.loadCertificates(ca));
    }

    /** The reference crashes on a CA file holding no certificate; we refuse it with a message. */
    @Test
    public void caFileWithoutCertificateIsRefusedNotACrash() throws Exception {
        Path ca = TestPki.writePkcs8(file("ca.crt"), "rw-r--r--", server.privateKey());
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(ca + " does not contain any certificate", message(() -> PemFiles.loadCertificates(ca)));
        Path empty = TestPki.write(file("empty.crt"), "", "rw-r--r--");
        assertEquals(empty + " does not contain any certificate", message(() -> PemFiles.loadCertificates(empty)));
    }

    // --- single key ---

    @Test
    public void pkcs1AndPkcs8RsaKeysAreAccepted() throws Exception {
        Path pkcs1 = TestPki.writePkcs1(file("one.key"), "r--------", server.privateKey());
        Path pkcs8 = TestPki.writePkcs8(file("eight.key"), "rw-------", server.privateKey());
        assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        PrivateKey fromPkcs1 = PemFiles.loadPrivateKey(pkcs1);
        PrivateKey fromPkcs8 = PemFiles.loadPrivateKey(pkcs8);
        assertArrayEquals(server.privateKey().getEncoded(), fromPkcs1.getEncoded());
        assertArrayEquals(server.privateKey().getEncoded(), fromPkcs8.getEncoded());
    }

    @Test
    public void keyFileWithoutPemData() throws Exception {
        Path key = TestPki.write(file("server.key"), "garbage", "rw-------");
        assertEquals(key + " does not contain PEM data", message(() -> PemFiles.loadPrivateKey(key)));
    }

    @Test
    public void twoKeysInOneFile() throws Exception {
        String one = TestPki.pem("PRIVATE KEY", server.privateKey().getEncoded());
        String two = TestPki.pem("PRIVATE KEY", agent.privateKey().getEncoded());
        Path key = TestPki.write(file("server.key"), one + two, "rw-------");
        assertEquals("Only one key allowed per file", message(() -> PemFiles.loadPrivateKey(key)));
    }

    @Test
    public void certificateInTheKeyFileIsNotAPrivateKey() throws Exception {
        Path key = TestPki.writeCerts(file("server.key"), "rw-------", server.certificate());
        assertEquals("PEM Block is not a Private Key", message(() -> PemFiles.loadPrivateKey(key)));
    }

    @Test
    public void ecKeyIsAnUnsupportedType() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Path key = TestPki.writePkcs8(file("ec.key"), "rw-------", ec.generateKeyPair().getPrivate());
        assertEquals(key + " contains an unsupported private key type", message(() -> PemFiles.loadPrivateKey(key)));
    }

    @Test
    public void junkInAPrivateKeyBlockIsInvalidKeyData() throws Exception {
        Path key = TestPki.write(file("server.key"), TestPki.pem("RSA PRIVATE KEY", new byte[] {0x30, 0x03, 2, 1, 0}),
                "rw-------");
        assertEquals("Invalid key data in PRIVATE KEY block", message(() -> PemFiles.loadPrivateKey(key)));
    }

    // --- directory ---

    @Test
    public void certificateDirectoryChecks() throws Exception {
        Path dir = tmp.newFolder("clients").toPath();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        PemFiles.checkDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(dir + " has insecure permissions 0777 (suggested: 0700)",
                message(() -> PemFiles.checkDirectory(dir)));
        Path plain = TestPki.write(file("plain"), "x", "rw-------");
        assertEquals("Certificate directory path (" + plain + ") is not a directory",
                message(() -> PemFiles.checkDirectory(plain)));
    }

    // --- pieces ---

    @Test
    public void modesAreShownInGoOctalForm() {
        assertEquals("0", PemFiles.octal(0));
        assertEquals("0664", PemFiles.octal(0664));
        assertEquals("0700", PemFiles.octal(0700));
    }

    @Test
    public void textAroundABlockAndHeadersAreSkipped() throws Exception {
        X509Certificate certificate = agent.certificate();
        String block = TestPki.pem("CERTIFICATE", certificate.getEncoded());
        Path cert = TestPki.write(file("agent.crt"), "Subject: agent\n" + block + "\n\n", "rw-r--r--");
        assertEquals(certificate, PemFiles.loadCertificate(cert));
    }
}
