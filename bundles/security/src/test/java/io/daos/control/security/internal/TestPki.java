package io.daos.control.security.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests, made with Bouncy Castle: a CA like the reference's
 * {@code gen_certificates.sh} makes (CN {@code DAOS CA}, O {@code DAOS}) and role certificates
 * ({@code server} with serverAuth+clientAuth and SAN {@code server}, {@code admin} and
 * {@code agent} with clientAuth), plus whatever validity a test needs. RSA 2048 to stay quick.
 */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate and its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    private final Issued ca;

    private TestPki(Issued ca) {
        this.ca = ca;
    }

    /** A new CA, valid from an hour ago for a year. */
    static TestPki create() throws Exception {
        KeyPair keys = rsa();
        X500Principal name = new X500Principal("CN=DAOS CA, O=DAOS");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        return new TestPki(new Issued(sign(builder, keys.getPrivate()), keys));
    }

    /** The CA certificate and key. */
    Issued ca() {
        return ca;
    }

    /** A role certificate valid from an hour ago for a year. */
    Issued role(String cn) throws Exception {
        Instant now = Instant.now();
        return issue(cn, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
    }

    /**
     * A certificate with CN {@code cn} valid from {@code notBefore} to {@code notAfter}:
     * {@code server} gets serverAuth+clientAuth and SAN {@code server}, anything else clientAuth.
     */
    Issued issue(String cn, Instant notBefore, Instant notAfter) throws Exception {
        return issue(cn, notBefore, notAfter, true);
    }

    /**
     * As {@link #issue(String, Instant, Instant)}; {@code san} false leaves the server certificate
     * without a subject alternative name, as the reference's gen_certificates.sh makes it.
     */
    Issued issue(String cn, Instant notBefore, Instant notAfter, boolean san) throws Exception {
        KeyPair keys = rsa();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Principal("CN=" + cn + ", O=DAOS"),
                keys.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        boolean server = "server".equals(cn);
        builder.addExtension(Extension.extendedKeyUsage, false, server
                ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
                : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        if (server && san) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "server")));
        }
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(ca.certificate()));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        return new Issued(sign(builder, ca.privateKey()), keys);
    }

    /** Key managers presenting {@code issued} as it is, bypassing the load-time checks. */
    static KeyManagerFactory keyManagers(Issued issued) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("k", issued.privateKey(), password, new X509Certificate[] {issued.certificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    /** Writes certificates as PEM and sets {@code mode} (e.g. {@code rw-rw-r--}). */
    static Path writeCerts(Path file, String mode, X509Certificate... certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            text.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        return write(file, text.toString(), mode);
    }

    /** Writes a key as a PKCS#8 {@code PRIVATE KEY} block. */
    static Path writePkcs8(Path file, String mode, PrivateKey key) throws IOException {
        return write(file, pem("PRIVATE KEY", key.getEncoded()), mode);
    }

    /** Writes an RSA key as a PKCS#1 {@code RSA PRIVATE KEY} block (what openssl genrsa wrote). */
    static Path writePkcs1(Path file, String mode, PrivateKey key) throws IOException {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        return write(file, pem("RSA PRIVATE KEY", pkcs1), mode);
    }

    /** A PEM block of {@code type} around {@code der}. */
    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Writes {@code text} and sets {@code mode}. */
    static Path write(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    /** A fresh RSA 2048 key pair. */
    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** The CNs of a chain's first certificate, for assertions. */
    static String cn(X509Certificate certificate) {
        for (String part : List.of(certificate.getSubjectX500Principal().getName().split(","))) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws Exception {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }
}
