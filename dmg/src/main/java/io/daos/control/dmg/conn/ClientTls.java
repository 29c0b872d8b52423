package io.daos.control.dmg.conn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.daos.control.api.config.TransportConfig;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * The client side of mutual TLS ({@code dmg}, {@code bin/daos_grpc}; SPEC-SYSTEM §5.1–5.3): the CA
 * the server's certificate must chain to, our own certificate and key (the {@code admin} pair of
 * daos_gen_certs), and the name the server's certificate must carry. PEM files read with the JDK
 * alone; keys are RSA, PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}).
 *
 * <p>Files are checked as the reference checks them before it dials: they exist, are regular
 * files, grant nothing beyond 0664 (certificates) or 0700 (the key), hold the expected PEM blocks,
 * and the key belongs to the certificate. A failure is a {@link TlsLoadException} whose message is
 * the reference's ({@code Unable to load Certificate Data: could not load caRoot: ...}).
 *
 * <p>We offer TLS 1.3 first and TLS 1.2 with exactly the two suites of the v1.0 servers.
 *
 * @param caCert     the CA certificate(s), PEM
 * @param cert       the client certificate, PEM (the first certificate of the file is ours)
 * @param key        the client's private key, PEM, unencrypted
 * @param serverName the name checked in the server's certificate (the authority of the calls)
 */
public record ClientTls(Path caCert, Path cert, Path key, String serverName) {

    /** The name the v1.0 server certificate carries. */
    public static final String DEFAULT_SERVER_NAME = "server";
    /** Offered, preferred first: TLS 1.3 (ours) and TLS 1.2 (the v1.0 servers). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3 suites, then the two TLS 1.2 suites of the v1.0 servers (SPEC-SYSTEM §5.2). */
    public static final List<String> CIPHERS = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");
    /** Most permissive mode of a certificate file (the CA's included). */
    public static final int MAX_CERT_MODE = 0664;
    /** Most permissive mode of the key file. */
    public static final int MAX_KEY_MODE = 0700;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }, for wrapping a PKCS#1 key in PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    /**
     * The TLS of a client {@code transport_config}, relative paths resolved against
     * {@code baseDir} (the working directory, as the reference does); null when it allows
     * insecure (plaintext).
     *
     * @throws TlsLoadException an empty {@code server_name} ({@code No ServerName set in TransportConfig})
     */
    public static ClientTls of(TransportConfig config, Path baseDir) {
        if (config.allowInsecure()) {
            return null;
        }
        if (config.serverName() == null || config.serverName().isEmpty()) {
            throw new TlsLoadException("No ServerName set in TransportConfig");
        }
        return new ClientTls(baseDir.resolve(config.caCert()), baseDir.resolve(config.cert()),
                baseDir.resolve(config.key()), config.serverName());
    }

    /**
     * The client context for grpc-java's Netty transport ({@code bin/daos_grpc}): the files read
     * and checked, TLS 1.3 and 1.2 with {@link #CIPHERS} only, ALPN {@code h2}.
     *
     * @throws TlsLoadException a file missing, too open, or without usable PEM, or a key that does
     *                          not belong to the certificate
     */
    public SslContext context() {
        Material m = material();
        return NettyTls.context(m.keys(), m.trust());
    }

    /**
     * The client context of {@code dmg}'s own transport (the JDK's TLS; {@link Handshake} offers
     * {@link #PROTOCOLS} and {@link #CIPHERS} only): the files read and checked as for
     * {@link #context()}.
     *
     * @throws TlsLoadException as {@link #context()}
     */
    public SSLContext sslContext() {
        Material m = material();
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(m.keys().getKeyManagers(), m.trust().getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TlsLoadException("could not create X509KeyPair: " + e.getMessage(), e);
        }
    }

    /** Our key and certificate, and the CA certificates we trust. */
    private record Material(KeyManagerFactory keys, TrustManagerFactory trust) {
    }

    private Material material() {
        List<X509Certificate> trusted = wrapped("could not load caRoot", () -> certificates(caCert));
        List<X509Certificate> chain = wrapped("could not load cert", () -> certificates(cert));
        PrivateKey privateKey = wrapped("could not load key", () -> privateKey(key));
        if (chain.get(0).getPublicKey() instanceof RSAKey certKey && privateKey instanceof RSAKey k
                && !certKey.getModulus().equals(k.getModulus())) {
            throw new TlsLoadException("could not create X509KeyPair: private key " + key
                    + " does not match public key of " + cert);
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = new char[0];
            keys.setKeyEntry("client", privateKey, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore roots = KeyStore.getInstance("PKCS12");
            roots.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                roots.setCertificateEntry("ca" + i, trusted.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(roots);
            return new Material(kmf, tmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsLoadException("could not create X509KeyPair: " + e.getMessage(), e);
        }
    }

    private interface Load<T> {
        T load();
    }

    private static <T> T wrapped(String context, Load<T> load) {
        try {
            return load.load();
        } catch (TlsLoadException e) {
            throw e.wrap(context);
        }
    }

    /** Every certificate of a PEM file (blocks of other types skipped); at least one. */
    static List<X509Certificate> certificates(Path file) {
        String text = read(file, MAX_CERT_MODE);
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                try {
                    out.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(base64(m.group(2)))));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new TlsLoadException(file + " contains an invalid certificate: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new TlsLoadException(file + " does not contain any certificate");
        }
        return List.copyOf(out);
    }

    /** The one private key of a PEM file: RSA, PKCS#8 or PKCS#1. */
    static PrivateKey privateKey(Path file) {
        String text = read(file, MAX_KEY_MODE);
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new TlsLoadException(file + " does not contain PEM data");
        }
        if (!text.substring(m.end()).isBlank()) {
            throw new TlsLoadException("Only one key allowed per file");
        }
        String type = m.group(1);
        if (!type.endsWith("PRIVATE KEY")) {
            throw new TlsLoadException("PEM Block is not a Private Key");
        }
        byte[] der;
        try {
            der = base64(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new TlsLoadException("Invalid key data in PRIVATE KEY block");
        }
        for (byte[] pkcs8 : List.of(pkcs8OfRsa(der), der)) {
            try {
                if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8))
                        instanceof RSAPrivateKey k) {
                    return k;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this encoding
            }
        }
        for (String other : List.of("EC", "EdDSA", "DSA")) {
            try {
                KeyFactory.getInstance(other).generatePrivate(new PKCS8EncodedKeySpec(der));
                throw new TlsLoadException(file + " contains an unsupported private key type");
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm either
            }
        }
        throw new TlsLoadException("Invalid key data in PRIVATE KEY block");
    }

    private static byte[] base64(String body) {
        return Base64.getMimeDecoder().decode(body.strip());
    }

    /** The file's text once it is found to be a regular file granting nothing beyond {@code maxMode}. */
    private static String read(Path file, int maxMode) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new TlsLoadException(file + " is not a regular file");
            }
            int mode = 0;
            for (PosixFilePermission p : attributes.permissions()) {
                mode |= 1 << (8 - p.ordinal()); // OWNER_READ (ordinal 0) is 0400
            }
            if ((mode & ~maxMode) != 0) {
                throw new TlsLoadException(file + " has insecure permissions " + octal(mode)
                        + " (suggested: " + octal(maxMode) + ")");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsLoadException("stat " + file + ": no such file or directory", e);
        } catch (IOException | UnsupportedOperationException e) {
            throw new TlsLoadException("stat " + file + ": " + e.getMessage(), e);
        }
    }

    /** Go's {@code %#o}. */
    private static String octal(int mode) {
        return mode == 0 ? "0" : "0" + Integer.toOctalString(mode);
    }

    /** PrivateKeyInfo { 0, rsaEncryption, OCTET STRING pkcs1 }: PKCS#1 as the JDK reads it. */
    static byte[] pkcs8OfRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        seq.write(0x30);
        seq.writeBytes(derLength(body.size()));
        seq.writeBytes(body.toByteArray());
        return seq.toByteArray();
    }

    private static byte[] derLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            out[i] = (byte) n;
            n >>>= 8;
        }
        return out;
    }

    @Override
    public String toString() {
        return "ca " + caCert + ", cert " + cert + ", key " + key + ", server name " + serverName;
    }
}
