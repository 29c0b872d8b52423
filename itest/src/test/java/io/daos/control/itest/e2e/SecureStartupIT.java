package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TestFiles;
import io.daos.control.itest.support.TlsFiles;
import io.daos.control.itest.support.TlsFiles.Material;

/**
 * Start-up refusals of a secure {@code daos_server} (issue 14, "Proof"): each test starts the
 * real server once with one defect in otherwise good daos_gen_certs material, and the server
 * must exit non-zero with the reference's message, prefixed by what was being loaded, on the
 * console, never listening. The node never formats: the material is loaded before anything else
 * is started.
 */
public class SecureStartupIT {

    private static final long EXIT_MS = 60_000;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-secure-start")
            .assuming("needs root: the key files daos_gen_certs writes are mode 0400", NodeSupport::isRoot);

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-secure-start-work");

    private static Path pkiDir;
    private static Material pki;

    private Path ca;
    private Path cert;
    private Path key;
    private ServerProcess server;

    @BeforeClass
    public static void generate() throws Exception {
        pkiDir = Files.createTempDirectory("e2e-secure-start-pki");
        pki = TlsFiles.generate(DIST.dist().home, pkiDir);
    }

    @AfterClass
    public static void deletePki() throws Exception {
        if (pkiDir != null) {
            TestFiles.deleteTree(pkiDir);
        }
    }

    /** This test's own copy of the CA and the server's pair, modes kept, for one defect. */
    private void copyMaterial() throws Exception {
        Path tls = Files.createDirectories(work.resolve("tls"));
        ca = Files.copy(pki.ca(), tls.resolve("daosCA.crt"), StandardCopyOption.COPY_ATTRIBUTES);
        cert = Files.copy(pki.crt("server"), tls.resolve("server.crt"), StandardCopyOption.COPY_ATTRIBUTES);
        key = Files.copy(pki.key("server"), tls.resolve("server.key"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** Starts the server with a secure config on the current material. */
    private void start() throws Exception {
        Path cfg = TestFiles.writeConfig(work.dir(), TestFiles.freePort(), "");
        SecureNodeIT.useTransport(cfg, SecureNodeIT.secureTransport(ca, cert, key,
                SecureNodeIT.clientCertDir(work.dir(), pki)));
        server = work.start("start", "-o", cfg.toString());
    }

    /**
     * Starts the server on the current material and returns its console errors once it has
     * exited with status 1 without ever listening.
     */
    private List<String> startRefused() throws Exception {
        start();
        assertEquals(server.err().toString(), 1, server.awaitExit(EXIT_MS));
        assertTrue(server.out().toString(), server.out().stream().noneMatch(l -> l.contains("listening on")));
        assertFalse(server.leftovers());
        return server.err().stream().filter(l -> l.startsWith("ERROR: ")).toList();
    }

    /** The first console error is exactly {@code message}; a resolution line follows it. */
    private static void assertRefusedWith(List<String> errors, String message) {
        assertTrue(errors.toString(), errors.size() >= 1);
        assertEquals(errors.toString(), "ERROR: " + message, errors.get(0));
        assertTrue(errors.toString(), errors.stream().anyMatch(l -> l.startsWith("ERROR: security: code = 952 resolution = ")));
    }

    @Test
    public void goodMaterialStarts() throws Exception {
        // the control for every refusal below: the same material, undamaged, serves
        copyMaterial();
        start();
        server.awaitListening(EXIT_MS);
        server.terminate();
        assertEquals(0, server.awaitExit(EXIT_MS));
    }

    @Test
    public void missingCertificateFile() throws Exception {
        copyMaterial();
        Files.delete(cert);
        assertRefusedWith(startRefused(), "could not load cert: stat " + cert + ": no such file or directory");
    }

    @Test
    public void directoryInsteadOfKeyFile() throws Exception {
        copyMaterial();
        Files.delete(key);
        Files.createDirectory(key);
        assertRefusedWith(startRefused(), "could not load key: " + key + " is not a regular file");
    }

    @Test
    public void keyMode0644() throws Exception {
        copyMaterial();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> errors = startRefused();
        assertRefusedWith(errors, "could not load key: " + key + " has insecure permissions 0644 (suggested: 0700)");
        assertTrue(errors.toString(), errors.contains("ERROR: security: code = 952 resolution = \"chmod 0600 " + key + "\""));
    }

    @Test
    public void certificateMode0666() throws Exception {
        copyMaterial();
        Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertRefusedWith(startRefused(),
                "could not load cert: " + cert + " has insecure permissions 0666 (suggested: 0664)");
    }

    @Test
    public void serverCertificateWithTheAdminKey() throws Exception {
        copyMaterial();
        Files.delete(key);
        Files.copy(pki.key("admin"), key, StandardCopyOption.COPY_ATTRIBUTES);
        assertRefusedWith(startRefused(), "could not create X509KeyPair: private key " + key
                + " does not match public key of " + cert);
    }

    @Test
    public void caFileWithoutACertificate() throws Exception {
        // the reference crashes here; we report it
        copyMaterial();
        Files.delete(ca);
        Files.writeString(ca, Files.readString(pki.key("agent")));
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-rw-r--"));
        assertRefusedWith(startRefused(), "could not load caRoot: " + ca + " does not contain any certificate");
    }

    @Test
    public void expiredServerCertificate() throws Exception {
        copyMaterial();
        Instant now = Instant.now();
        TlsFiles.issue(pki, "server", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), cert, key);
        List<String> errors = startRefused();
        String prefix = "ERROR: could not load cert: " + cert + ": certificate CN=server,O=DAOS has expired (valid from ";
        assertTrue(errors.toString(), errors.get(0).startsWith(prefix));
        assertTrue(errors.toString(), errors.stream().anyMatch(l -> l.contains("generate new certificates")));
    }

    @Test
    public void notYetValidServerCertificate() throws Exception {
        copyMaterial();
        Instant now = Instant.now();
        TlsFiles.issue(pki, "server", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), cert, key);
        String prefix = "ERROR: could not load cert: " + cert + ": certificate CN=server,O=DAOS is not yet valid";
        List<String> errors = startRefused();
        assertTrue(errors.toString(), errors.get(0).startsWith(prefix));
    }
}
