package io.daos.control.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The PEM reading of bin/daos_grpc's TLS, with the JDK alone. */
public class ClientTlsTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();
    private static Path certs;

    @BeforeClass
    public static void material() throws Exception {
        GenCerts.generate(TMP.getRoot().toPath(), GenCerts.MIN_BITS, List.of(),
                new PrintStream(OutputStream.nullOutputStream()));
        certs = TMP.getRoot().toPath().resolve("daosCA/certs");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    public void aPkcs8KeyOfDaosGenCertsIsRead() throws Exception {
        assertTrue(Files.readString(certs.resolve("admin.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        PrivateKey key = ClientTls.privateKey(certs.resolve("admin.key"));
        assertEquals("RSA", key.getAlgorithm());
    }

    /** PKCS#1 ({@code RSA PRIVATE KEY}, what openssl's gen_certificates.sh may write) is the same key. */
    @Test
    public void aPkcs1RsaKeyIsTheSameKey() throws Exception {
        PrivateKey pkcs8 = ClientTls.privateKey(certs.resolve("admin.key"));
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        Path file = TMP.newFile("rsa.key").toPath();
        Files.writeString(file, pem("RSA PRIVATE KEY", pkcs1));
        assertEquals(pkcs8, ClientTls.privateKey(file));
        assertArrayEquals(pkcs8.getEncoded(), ClientTls.pkcs8OfRsa(pkcs1));
        assertEquals(pkcs8, KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(ClientTls.pkcs8OfRsa(pkcs1))));
    }

    @Test
    public void unsupportedOrBrokenKeysAreFailuresNamingTheFile() throws Exception {
        Path encrypted = TMP.newFile("enc.key").toPath();
        Files.writeString(encrypted, pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        GrpcTool.Failure e = assertThrows(GrpcTool.Failure.class, () -> ClientTls.privateKey(encrypted));
        assertEquals("key " + encrypted + ": unsupported \"ENCRYPTED PRIVATE KEY\" (give an unencrypted PKCS#8"
                + " PRIVATE KEY or an RSA PRIVATE KEY)", e.getMessage());
        Path junk = TMP.newFile("junk.key").toPath();
        Files.writeString(junk, pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));
        e = assertThrows(GrpcTool.Failure.class, () -> ClientTls.privateKey(junk));
        assertEquals("key " + junk + ": invalid key data in the PRIVATE KEY block", e.getMessage());
    }

    @Test
    public void aCaFileMayHoldSeveralCertificates() throws Exception {
        Path bundle = TMP.newFile("bundle.crt").toPath();
        Files.writeString(bundle, Files.readString(certs.resolve("daosCA.crt")) + Files.readString(certs.resolve("server.crt")));
        assertEquals(2, ClientTls.certificates("CA certificate", bundle).size());
        Path empty = TMP.newFile("empty.crt").toPath();
        GrpcTool.Failure e = assertThrows(GrpcTool.Failure.class, () -> ClientTls.certificates("certificate", empty));
        assertTrue(e.getMessage(), e.getMessage().startsWith("certificate " + empty + " holds no"));
    }

    @Test
    public void theContextIsBuiltFromMatchingMaterial() {
        new ClientTls(certs.resolve("daosCA.crt"), certs.resolve("admin.crt"), certs.resolve("admin.key"), "server")
                .context();
        GrpcTool.Failure e = assertThrows(GrpcTool.Failure.class, () -> new ClientTls(certs.resolve("daosCA.crt"),
                certs.resolve("admin.crt"), certs.resolve("server.key"), "server").context());
        assertEquals("key " + certs.resolve("server.key") + " does not belong to certificate "
                + certs.resolve("admin.crt"), e.getMessage());
    }
}
