package io.daos.control.security.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.google.protobuf.ByteString;

import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.Flavor;
import io.daos.control.proto.auth.Sys;
import io.daos.control.proto.auth.Token;

/**
 * Keys, certificates and credentials for the credential tests: RSA key pairs, a self-signed
 * certificate per key written as PEM (made with Bouncy Castle), and AUTH_SYS credentials signed
 * or digested the way the agent makes them (SPEC-SYSTEM §5.6 step 2).
 */
final class CredTestKeys {

    private CredTestKeys() {
    }

    /** A fresh 2048-bit RSA key pair (small: the tests need speed, not strength). */
    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair();
    }

    /** A self-signed certificate with common name {@code cn} for {@code keys}, valid for a day. */
    static X509Certificate certificate(String cn, KeyPair keys) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + cn + ",O=DAOS");
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name,
                    keys.getPublic());
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Writes {@code cert} as PEM to {@code file} with mode 0664 (the reference's certificate mode). */
    static Path writePem(Path file, X509Certificate cert) throws IOException {
        StringWriter pem = new StringWriter();
        try (Writer w = pem; JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(cert);
        }
        Files.writeString(file, pem.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        return file;
    }

    /** The AUTH_SYS token of an agent vouching for {@code user}. */
    static Token token(String user) {
        Sys sys = Sys.newBuilder().setMachinename("node1").setUser(user + "@").setGroup("users@")
                .addGroups("users@").addGroups("wheel@").build();
        return Token.newBuilder().setFlavor(Flavor.AUTH_SYS).setData(sys.toByteString()).build();
    }

    /** A credential from origin {@code agent} whose verifier is the SHA-512 digest of {@code token}. */
    static Credential digested(Token token) {
        return credential(token, CredentialValidator.digest(token.toByteArray()), "agent");
    }

    /** A credential from {@code origin} whose verifier is {@code keys}' SHA512withRSA signature of {@code token}. */
    static Credential signed(Token token, KeyPair keys, String origin) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA512withRSA");
        s.initSign(keys.getPrivate());
        s.update(token.toByteArray());
        return credential(token, s.sign(), origin);
    }

    static Credential credential(Token token, byte[] verifier, String origin) {
        return Credential.newBuilder().setToken(token)
                .setVerifier(Token.newBuilder().setFlavor(Flavor.AUTH_SYS).setData(ByteString.copyFrom(verifier)))
                .setOrigin(origin).build();
    }
}
