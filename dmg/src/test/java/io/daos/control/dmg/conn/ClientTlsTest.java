package io.daos.control.dmg.conn;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Base64;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.daos.control.api.config.TransportConfig;

/** The PEM reading and checks of the client TLS, with the reference's messages (SPEC-SYSTEM §5.2, §5.3). */
public class ClientTlsTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();
    private static Path certs;

    @BeforeClass
    public static void material() throws Exception {
        certs = TestCerts.copyTo(TMP.newFolder("certs").toPath());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path file(String name, String text, String mode) throws Exception {
        Path f = TMP.getRoot().toPath().resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static ClientTls tls(Path ca, Path cert, Path key) {
        return new ClientTls(ca, cert, key, ClientTls.DEFAULT_SERVER_NAME);
    }

    private static String failure(ClientTls tls) {
        return assertThrows(TlsLoadException.class, tls::context).getMessage();
    }

    @Test
    public void aPkcs1RsaKeyIsTheSameKeyAsItsPkcs8Form() {
        PrivateKey pkcs8 = ClientTls.privateKey(certs.resolve("admin.key"));
        assertEquals("RSA", pkcs8.getAlgorithm());
        assertEquals(pkcs8, ClientTls.privateKey(certs.resolve("admin-pkcs1.key")));
        assertNotNull(tls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), certs.resolve("admin-pkcs1.key"))
                .context());
    }

    @Test
    public void aCaFileMayHoldSeveralCertificatesAndOtherBlocks() throws Exception {
        Path bundle = file("bundle.crt", Files.readString(certs.resolve("daosCA.crt"))
                + pem("PRIVATE KEY", new byte[] {1}) + Files.readString(certs.resolve("otherCA.crt")), "rw-r--r--");
        assertEquals(2, ClientTls.certificates(bundle).size());
    }

    @Test
    public void missingFilesAreTheReferenceStatErrorWrappedPerFile() {
        Path none = certs.resolve("none");
        assertEquals("Unable to load Certificate Data: could not load caRoot: stat " + none
                + ": no such file or directory", failure(tls(none, certs.resolve("admin.crt"), certs.resolve("admin.key"))));
        assertEquals("Unable to load Certificate Data: could not load cert: stat " + none
                + ": no such file or directory", failure(tls(certs.resolve("daosCA.crt"), none, certs.resolve("admin.key"))));
        TlsLoadException e = assertThrows(TlsLoadException.class,
                () -> tls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), none).context());
        assertEquals("could not load key: stat " + none + ": no such file or directory", e.reason());
    }

    @Test
    public void tooOpenFilesAndDirectoriesAreRefused() throws Exception {
        Path ca = file("open.crt", Files.readString(certs.resolve("daosCA.crt")), "rw-rw-rw-");
        assertEquals("Unable to load Certificate Data: could not load caRoot: " + ca
                + " has insecure permissions 0666 (suggested: 0664)",
                failure(tls(ca, certs.resolve("admin.crt"), certs.resolve("admin.key"))));
        Path key = file("open.key", Files.readString(certs.resolve("admin.key")), "rw-rw-r--");
        assertEquals("Unable to load Certificate Data: could not load key: " + key
                + " has insecure permissions 0664 (suggested: 0700)",
                failure(tls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), key)));
        assertEquals("Unable to load Certificate Data: could not load cert: " + certs + " is not a regular file",
                failure(tls(certs.resolve("daosCA.crt"), certs, certs.resolve("admin.key"))));
    }

    @Test
    public void badPemIsTheReferenceTextOfEachCase() throws Exception {
        Path ca = certs.resolve("daosCA.crt");
        Path crt = certs.resolve("admin.crt");
        Path empty = file("empty.crt", "no PEM here\n", "rw-r--r--");
        assertEquals("Unable to load Certificate Data: could not load caRoot: " + empty
                + " does not contain any certificate", failure(tls(empty, crt, certs.resolve("admin.key"))));
        Path noPem = file("nopem.key", "junk\n", "r--------");
        assertEquals("Unable to load Certificate Data: could not load key: " + noPem + " does not contain PEM data",
                failure(tls(ca, crt, noPem)));
        Path two = file("two.key", Files.readString(certs.resolve("admin.key")) + Files.readString(certs.resolve("server.key")),
                "r--------");
        assertEquals("Unable to load Certificate Data: could not load key: Only one key allowed per file",
                failure(tls(ca, crt, two)));
        Path cert = file("cert.key", Files.readString(crt), "r--------");
        assertEquals("Unable to load Certificate Data: could not load key: PEM Block is not a Private Key",
                failure(tls(ca, crt, cert)));
        Path junk = file("junk.key", pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), "r--------");
        assertEquals("Unable to load Certificate Data: could not load key: Invalid key data in PRIVATE KEY block",
                failure(tls(ca, crt, junk)));
    }

    @Test
    public void anEcKeyIsAnUnsupportedKeyType() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        Path ec = file("ec.key", pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()), "r--------");
        assertEquals("Unable to load Certificate Data: could not load key: " + ec
                + " contains an unsupported private key type",
                failure(tls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), ec)));
    }

    @Test
    public void aKeyOfAnotherCertificateCannotMakeAPair() {
        assertEquals("Unable to load Certificate Data: could not create X509KeyPair: private key "
                + certs.resolve("server.key") + " does not match public key of " + certs.resolve("admin.crt"),
                failure(tls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), certs.resolve("server.key"))));
    }

    @Test
    public void pkcs1IsWrappedAsTheJdkReadsIt() {
        PrivateKey key = ClientTls.privateKey(certs.resolve("admin.key"));
        byte[] pkcs8 = key.getEncoded();
        // PrivateKeyInfo: SEQUENCE { INTEGER 0 (3 bytes), AlgorithmIdentifier (15), OCTET STRING pkcs1 }
        int skip = 4 + 3 + 15;
        int lenBytes = pkcs8[skip + 1] & 0x7f;
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, skip + 2 + lenBytes, pkcs8.length);
        assertArrayEquals(pkcs8, ClientTls.pkcs8OfRsa(pkcs1));
    }

    @Test
    public void theTransportConfigGivesPathsAgainstTheBaseOrNothingWhenInsecure() {
        TransportConfig dmg = new TransportConfig(false, "", ".daos/daosCA.crt", ".daos/client.crt", ".daos/client.key",
                "server");
        assertEquals(new ClientTls(Path.of("/w/.daos/daosCA.crt"), Path.of("/w/.daos/client.crt"),
                Path.of("/w/.daos/client.key"), "server"), ClientTls.of(dmg, Path.of("/w")));
        assertNull(ClientTls.of(dmg.withAllowInsecure(true), Path.of("/w")));
        TransportConfig noName = new TransportConfig(false, "", "ca", "c", "k", "");
        assertEquals("Unable to load Certificate Data: No ServerName set in TransportConfig",
                assertThrows(TlsLoadException.class, () -> ClientTls.of(noName, Path.of("/w"))).getMessage());
    }
}
