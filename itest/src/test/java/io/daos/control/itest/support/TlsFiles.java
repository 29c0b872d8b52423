package io.daos.control.itest.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

/**
 * TLS material for the tests and benchmarks that talk to a secure server: what the distribution's
 * {@code bin/daos_gen_certs} writes (RSA 2048 to stay quick), client TLS contexts made from those
 * PEM files, and extra certificates signed by such a CA with any validity window (expired, not
 * yet valid), which the tool itself never makes.
 */
public final class TlsFiles {

    /** The role certificates daos_gen_certs writes next to the CA. */
    public static final List<String> ROLES = List.of("admin", "agent", "server");

    private TlsFiles() {
    }

    /** The tree {@code DIR/daosCA} of one daos_gen_certs run. */
    public record Material(Path root) {

        /** {@code certs/daosCA.crt}. */
        public Path ca() {
            return root.resolve("certs/daosCA.crt");
        }

        /** {@code private/daosCA.key}. */
        public Path caKey() {
            return root.resolve("private/daosCA.key");
        }

        /** {@code certs/<role>.crt}. */
        public Path crt(String role) {
            return root.resolve("certs/" + role + ".crt");
        }

        /** {@code certs/<role>.key}. */
        public Path key(String role) {
            return root.resolve("certs/" + role + ".key");
        }
    }

    /**
     * Runs {@code <distHome>/bin/daos_gen_certs --bits 2048 <dir>} and waits for it (exit 0
     * required; its output is in the failure otherwise).
     */
    public static Material generate(Path distHome, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("gen-certs", ".out");
        try {
            Process p = new ProcessBuilder(distHome.resolve("bin/daos_gen_certs").toString(), "--bits", "2048",
                    dir.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("daos_gen_certs did not finish in 120 s: " + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("daos_gen_certs exited " + p.exitValue() + ": " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
        return new Material(dir.resolve("daosCA"));
    }

    /**
     * A client context trusting {@code ca} and presenting {@code crt}/{@code key} (both null: no
     * client certificate), restricted to {@code protocols} and {@code ciphers} (null: the
     * defaults of gRPC). The JDK's TLS, as the server's.
     */
    public static SslContext client(Path ca, Path crt, Path key, List<String> protocols, List<String> ciphers)
            throws SSLException {
        SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(ca.toFile());
        if (crt != null) {
            b.keyManager(crt.toFile(), key.toFile());
        }
        if (protocols != null) {
            b.protocols(protocols);
        }
        if (ciphers != null) {
            b.ciphers(ciphers);
        }
        return b.build();
    }

    /** {@link #client} with gRPC's protocol and cipher defaults. */
    public static SslContext client(Path ca, Path crt, Path key) throws SSLException {
        return client(ca, crt, key, null, null);
    }

    /**
     * A new RSA 2048 key and a certificate with common name {@code cn} signed by {@code by}'s CA,
     * valid from {@code notBefore} to {@code notAfter}, with the role's key usages (serverAuth and
     * SAN {@code server} for the server), written to {@code crtOut} (0664) and {@code keyOut}
     * (PKCS#8, 0400).
     */
    public static void issue(Material by, String cn, Instant notBefore, Instant notAfter, Path crtOut, Path keyOut)
            throws Exception {
        X509Certificate ca = certificate(by.ca());
        PrivateKey caKey = privateKey(by.caKey());
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.getSubjectX500Principal(),
                new BigInteger(128, new SecureRandom()).setBit(0), Date.from(notBefore), Date.from(notAfter),
                new X500Principal("CN=" + cn + ", O=DAOS"), keys.getPublic());
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        boolean server = "server".equals(cn);
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server
                ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "server")));
        }
        X509Certificate issued = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA512withRSA").build(caKey)));
        write(crtOut, pem("CERTIFICATE", issued.getEncoded()), "rw-rw-r--");
        write(keyOut, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), "r--------");
    }

    /** The first certificate of a PEM file. */
    public static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der(pem, "CERTIFICATE")));
    }

    /** The PKCS#8 RSA key of a PEM file. */
    public static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    }

    private static byte[] der(Path pem, String type) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END " + type + "-----");
        if (from < 0 || to < from) {
            throw new IOException(pem + " holds no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static String pem(String type, byte[] der) {
        List<String> lines = new ArrayList<>();
        lines.add("-----BEGIN " + type + "-----");
        String b64 = Base64.getEncoder().encodeToString(der);
        for (int i = 0; i < b64.length(); i += 64) {
            lines.add(b64.substring(i, Math.min(b64.length(), i + 64)));
        }
        lines.add("-----END " + type + "-----");
        return String.join("\n", lines) + "\n";
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
