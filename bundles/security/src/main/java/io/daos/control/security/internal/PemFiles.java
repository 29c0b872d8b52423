package io.daos.control.security.internal;

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
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PEM certificate and key files with the reference's checks (SPEC-SYSTEM §5.3): the file exists,
 * is a regular file, its mode grants nothing beyond a maximum (0664 for certificates, the CA
 * included; 0700 for keys and for the client certificate directory), and it holds the expected
 * PEM blocks. Keys are RSA, PKCS#1 ({@code RSA PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}).
 *
 * <p>Every failure is a {@link TlsConfigException} with the reference's message and a resolution.
 * JDK crypto only.
 */
public final class PemFiles {

    /** Most permissive mode of a certificate file (CA included). */
    public static final int MAX_CERT_MODE = 0664;
    /** Most permissive mode of a private key file. */
    public static final int MAX_KEY_MODE = 0700;
    /** Most permissive mode of the client certificate directory. */
    public static final int MAX_DIR_MODE = 0700;

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    private static final String CERTIFICATE = "CERTIFICATE";
    /** DER AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM_ID = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
        (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** Key algorithms recognised in a PKCS#8 block only to be refused as unsupported. */
    private static final List<String> OTHER_KEY_ALGORITHMS = List.of("EC", "EdDSA", "XDH", "DSA", "RSASSA-PSS");

    private PemFiles() {
    }

    /** One PEM block: its type (the word after BEGIN) and its decoded bytes. */
    record Block(String type, byte[] der) {
    }

    /**
     * Checks that {@code path} exists, is a regular file, and grants nothing beyond {@code maxMode}.
     */
    public static void checkFile(Path path, int maxMode) throws TlsConfigException {
        PosixFileAttributes attributes = stat(path);
        if (!attributes.isRegularFile()) {
            throw new TlsConfigException(path + " is not a regular file",
                    "point the configuration at a PEM file, not at a directory or device");
        }
        checkMode(path, attributes, maxMode);
    }

    /**
     * Checks the client certificate directory: it is a directory granting nothing beyond 0700.
     * (The reference has this check in its library but does not call it at run time.)
     */
    public static void checkDirectory(Path dir) throws TlsConfigException {
        PosixFileAttributes attributes = stat(dir);
        if (!attributes.isDirectory()) {
            throw new TlsConfigException("Certificate directory path (" + dir + ") is not a directory",
                    "set client_cert_dir to the directory holding the agent certificates");
        }
        checkMode(dir, attributes, MAX_DIR_MODE);
    }

    /**
     * Loads a file holding exactly one certificate (an agent certificate of
     * {@code client_cert_dir}), mode at most 0664.
     */
    public static X509Certificate loadCertificate(Path path) throws TlsConfigException {
        Block block = single(path, MAX_CERT_MODE, "Only one cert allowed per file",
                "keep one certificate per file");
        if (!CERTIFICATE.equals(block.type())) {
            throw new TlsConfigException(path + " does not contain a certificate (found " + block.type() + ")",
                    "point the configuration at the certificate, not at " + block.type());
        }
        return parseCertificate(path, block.der());
    }

    /**
     * Loads a file holding one or more certificates (the CA file, or a certificate followed by its
     * chain), mode at most 0664. Blocks of another type are skipped, as the reference's CA pool
     * does; a file with no certificate at all is refused (the reference crashes there).
     */
    public static List<X509Certificate> loadCertificates(Path path) throws TlsConfigException {
        checkFile(path, MAX_CERT_MODE);
        String text = read(path);
        List<X509Certificate> certificates = new ArrayList<>();
        int from = 0;
        for (Optional<Decoded> next = decode(text, from); next.isPresent(); next = decode(text, from)) {
            if (CERTIFICATE.equals(next.get().block().type())) {
                certificates.add(parseCertificate(path, next.get().block().der()));
            }
            from = next.get().end();
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(path + " does not contain any certificate",
                    "put the PEM certificate(s) of the DAOS CA in " + path);
        }
        return List.copyOf(certificates);
    }

    /** Loads a file holding exactly one RSA private key, PKCS#1 or PKCS#8, mode at most 0700. */
    public static PrivateKey loadPrivateKey(Path path) throws TlsConfigException {
        Block block = single(path, MAX_KEY_MODE, "Only one key allowed per file", "keep one key per file");
        if (!block.type().endsWith("PRIVATE KEY")) {
            throw new TlsConfigException("PEM Block is not a Private Key",
                    "point the key setting at the private key file, not at " + block.type());
        }
        Optional<PrivateKey> rsa = rsaKey(wrapPkcs1(block.der()));
        if (rsa.isPresent()) {
            return rsa.get();
        }
        rsa = rsaKey(block.der());
        if (rsa.isPresent()) {
            return rsa.get();
        }
        for (String algorithm : OTHER_KEY_ALGORITHMS) {
            if (parses(algorithm, block.der())) {
                throw new TlsConfigException(path + " contains an unsupported private key type",
                        "use an RSA key (PKCS#1 or PKCS#8)");
            }
        }
        throw new TlsConfigException("Invalid key data in PRIVATE KEY block",
                "replace " + path + " with a valid PEM RSA private key");
    }

    /** The mode of {@code mode} in Go's {@code %#o} form ({@code 0664}, {@code 0}). */
    static String octal(int mode) {
        return mode == 0 ? "0" : "0" + Integer.toOctalString(mode);
    }

    private static PosixFileAttributes stat(Path path) throws TlsConfigException {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("stat " + path + ": no such file or directory",
                    "create " + path + " or correct the path in transport_config");
        } catch (IOException | UnsupportedOperationException e) {
            throw new TlsConfigException("stat " + path + ": " + e.getMessage(),
                    "check that " + path + " and its parent directories are readable", e);
        }
    }

    private static void checkMode(Path path, PosixFileAttributes attributes, int maxMode)
            throws TlsConfigException {
        int mode = mode(attributes.permissions());
        if ((mode & ~maxMode) != 0) {
            throw new TlsConfigException(path + " has insecure permissions " + octal(mode)
                    + " (suggested: " + octal(maxMode) + ")", "chmod " + octal(mode & maxMode) + " " + path);
        }
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            // OWNER_READ is ordinal 0 and stands for 0400; OTHERS_EXECUTE is ordinal 8, for 01.
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static String read(Path path) throws TlsConfigException {
        try {
            // ISO-8859-1 keeps every byte as one char: binary junk cannot fail the decoding.
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TlsConfigException("read " + path + ": " + e.getMessage(),
                    "check that " + path + " is readable", e);
        }
    }

    /** The one block of a file that must hold exactly one (trailing white space allowed). */
    private static Block single(Path path, int maxMode, String more, String moreResolution)
            throws TlsConfigException {
        checkFile(path, maxMode);
        String text = read(path);
        Optional<Decoded> first = decode(text, 0);
        if (first.isEmpty()) {
            throw new TlsConfigException(path + " does not contain PEM data",
                    "replace " + path + " with a PEM file");
        }
        if (!text.substring(first.get().end()).isBlank()) {
            throw new TlsConfigException(more, moreResolution + " (" + path + ")");
        }
        return first.get().block();
    }

    private record Decoded(Block block, int end) {
    }

    /**
     * The first well-formed PEM block at or after {@code from}, and where it ends. Text around
     * blocks is skipped; a block whose body is not Base64 is skipped too, as Go's decoder does.
     */
    static Optional<Decoded> decode(String text, int from) {
        int begin = text.indexOf(BEGIN, from);
        while (begin >= 0) {
            int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
            int lineEnd = text.indexOf('\n', begin);
            if (typeEnd < 0) {
                return Optional.empty();
            }
            if (lineEnd < 0 || typeEnd < lineEnd) {
                String type = text.substring(begin + BEGIN.length(), typeEnd);
                String end = "-----END " + type + DASHES;
                int bodyStart = typeEnd + DASHES.length();
                int endAt = text.indexOf(end, bodyStart);
                if (endAt < 0) {
                    return Optional.empty();
                }
                Optional<byte[]> der = base64(text.substring(bodyStart, endAt));
                if (der.isPresent()) {
                    return Optional.of(new Decoded(new Block(type, der.get()), endAt + end.length()));
                }
                begin = text.indexOf(BEGIN, endAt + end.length());
            } else {
                begin = text.indexOf(BEGIN, begin + BEGIN.length());
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> base64(String body) {
        StringBuilder clean = new StringBuilder(body.length());
        for (String line : body.split("\n", -1)) {
            if (!line.contains(":")) { // RFC 1421 headers (Proc-Type: ...) are not Base64
                clean.append(line.strip());
            }
        }
        if (clean.length() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(clean.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static X509Certificate parseCertificate(Path path, byte[] der) throws TlsConfigException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new TlsConfigException(path + " contains an invalid certificate: " + e.getMessage(),
                    "replace " + path + " with a valid PEM certificate", e);
        }
    }

    private static Optional<PrivateKey> rsaKey(byte[] pkcs8) {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return key instanceof RSAPrivateKey ? Optional.of(key) : Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean parses(String algorithm, byte[] pkcs8) {
        try {
            KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A PKCS#1 RSAPrivateKey wrapped into a PKCS#8 PrivateKeyInfo, which is what the JDK's
     * KeyFactory reads: {@code SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING { pkcs1 } }}.
     */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_ID);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    /** A DER tag-length-value (definite length, short or long form). */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
