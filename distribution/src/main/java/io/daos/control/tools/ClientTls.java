package io.daos.control.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.SupportedCipherSuiteFilter;

/**
 * The mutual TLS of {@code bin/daos_grpc}: the CA that the server's certificate must chain to, the
 * tool's own certificate and key (for a v1.0 system the {@code admin} pair of daos_gen_certs), and
 * the name the server's certificate must carry. Keys are PEM, PKCS#8 ({@code PRIVATE KEY}, what
 * daos_gen_certs writes) or PKCS#1 ({@code RSA PRIVATE KEY}); read with the JDK alone.
 *
 * @param caCert     the CA certificate(s), PEM
 * @param cert       the client certificate, PEM (the first certificate of the file is ours)
 * @param key        the client's private key, PEM, unencrypted
 * @param serverName the name checked in the server's certificate (the authority of the calls)
 */
record ClientTls(Path caCert, Path cert, Path key, String serverName) {

    /** The name the v1.0 server certificate carries (daos_gen_certs puts it in the SAN). */
    static final String DEFAULT_SERVER_NAME = "server";
    /** Offered, preferred first: TLS 1.3 (ours) and TLS 1.2 (the v1.0 servers). */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3 suites, then the two TLS 1.2 suites of the v1.0 servers (SPEC: TLS parameters). */
    static final List<String> CIPHERS = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----([^-]*)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }, for wrapping a PKCS#1 key in PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    /**
     * The client context: the files read and checked (the key must belong to the certificate).
     *
     * @throws GrpcTool.Failure a file that is missing or holds no usable PEM, naming it
     */
    SslContext context() {
        List<X509Certificate> trusted = certificates("CA certificate", caCert);
        List<X509Certificate> chain = certificates("certificate", cert);
        PrivateKey privateKey = privateKey(key);
        if (chain.get(0).getPublicKey() instanceof RSAKey certKey && privateKey instanceof RSAKey k
                && !certKey.getModulus().equals(k.getModulus())) {
            throw new GrpcTool.Failure("key " + key + " does not belong to certificate " + cert);
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
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(kmf)
                    .trustManager(tmf)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new GrpcTool.Failure("TLS cannot be set up: " + e.getMessage());
        }
    }

    /** Every certificate of a PEM file; at least one. */
    static List<X509Certificate> certificates(String what, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new GrpcTool.Failure(what + " " + file + " holds no PEM certificate");
            }
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new GrpcTool.Failure(what + " " + file + " holds no valid PEM certificate");
        } catch (IOException e) {
            throw new GrpcTool.Failure("cannot read " + what + " " + file + ": " + ioReason(e));
        }
    }

    /** The first private key of a PEM file: PKCS#8 (RSA or EC) or PKCS#1 RSA. */
    static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GrpcTool.Failure("cannot read key " + file + ": " + ioReason(e));
        }
        Matcher m = PEM_KEY.matcher(text);
        if (!m.find()) {
            throw new GrpcTool.Failure("key " + file + " holds no PEM private key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).strip());
        } catch (IllegalArgumentException e) {
            throw new GrpcTool.Failure("key " + file + ": bad base64 in the PEM block");
        }
        String type = m.group(1);
        if (type.equals("RSA PRIVATE KEY")) {
            der = pkcs8OfRsa(der);
        } else if (!type.equals("PRIVATE KEY")) {
            throw new GrpcTool.Failure("key " + file + ": unsupported \"" + type
                    + "\" (give an unencrypted PKCS#8 PRIVATE KEY or an RSA PRIVATE KEY)");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // the next algorithm
            }
        }
        throw new GrpcTool.Failure("key " + file + ": invalid key data in the " + type + " block");
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

    /** A short reason: {@code no such file} rather than the exception's class and path again. */
    static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "ca " + caCert + ", cert " + cert + ", key " + key + ", server name " + serverName;
    }
}
