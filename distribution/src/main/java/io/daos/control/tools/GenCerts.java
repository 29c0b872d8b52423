package io.daos.control.tools;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.daos.control.api.grpc.ClientValues;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code bin/daos_gen_certs [--bits N] [DIR]}: the certificates of a secure DAOS system, made in
 * Java (Bouncy Castle for the X.509 encoding, the JDK for keys and signatures), laid out as the
 * reference's {@code gen_certificates.sh} lays them out:
 *
 * <pre>
 * DIR/daosCA/certs/daosCA.crt      CN "DAOS CA", O "DAOS"; CA:true pathlen 1, keyCertSign + cRLSign
 * DIR/daosCA/private/daosCA.key    the CA key (the private directory is 0700)
 * DIR/daosCA/certs/server.crt|key  CN "server", serverAuth + clientAuth, SAN DNS "server" + host names
 * DIR/daosCA/certs/agent.crt|key   CN "agent",  clientAuth
 * DIR/daosCA/certs/admin.crt|key   CN "admin",  clientAuth
 * </pre>
 *
 * Every certificate is signed SHA-512 with RSA and valid for {@value #VALIDITY_DAYS} days from now
 * (its start is set {@value #BACKDATE_MINUTES} minutes back so that a node whose clock is a little
 * behind accepts it at once); serial numbers are random, positive, 128 bits. Keys are RSA,
 * {@value #DEFAULT_BITS} bits unless {@code --bits} says otherwise (at least
 * {@value #MIN_BITS}), written as PKCS#8 {@code PRIVATE KEY} PEM (what OpenSSL 3's
 * {@code genrsa} writes; the reference's loader accepts PKCS#8 and PKCS#1) with mode 0400;
 * certificates 0664; directories 0755 but {@code private} 0700. The server certificate carries
 * a subject alternative name: clients built with Go 1.15 or later ignore a name found only in
 * the CN.
 *
 * <p>Each run makes a new CA, so two runs give two systems that do not trust each other. An
 * existing {@code DIR/daosCA} is never touched. Exit status: 0 written, 1 refused or failed,
 * 2 usage error.
 */
public final class GenCerts {

    static final int DEFAULT_BITS = 4096;
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 16384;
    static final int VALIDITY_DAYS = 1095;
    static final int BACKDATE_MINUTES = 5;
    static final String SIGNATURE = "SHA512withRSA";

    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> PRIVATE_DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("r--------");
    static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-rw-r--");

    static final String USAGE = "usage: daos_gen_certs [--bits N] [DIR]   (DIR defaults to the current directory)";

    /** A DNS name as a SAN may hold it: letters, digits, hyphens, dots. */
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    /** A bad command line: printed with the usage line, exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** What the command line asks for. */
    record Options(Path dir, int bits, boolean help) {
    }

    /** One role: its common name and extended key usages. */
    private record Role(String name, List<KeyPurposeId> purposes) {
    }

    private static final List<Role> ROLES = List.of(
            new Role("server", List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
            new Role("agent", List.of(KeyPurposeId.id_kp_clientAuth)),
            new Role("admin", List.of(KeyPurposeId.id_kp_clientAuth)));

    private GenCerts() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The whole command: parses {@code args}, writes the tree, reports on {@code out}, errors on
     * {@code err}.
     *
     * @return the exit status: 0 written (or help), 1 refused or failed, 2 usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("ERROR: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(USAGE);
            out.println("Writes DIR/daosCA: a new CA and the server, agent and admin certificates of a"
                    + " secure DAOS system.");
            out.println("  --bits N   RSA key size, " + MIN_BITS + ".." + MAX_BITS + " (default "
                    + DEFAULT_BITS + ")");
            return 0;
        }
        try {
            generate(options.dir(), options.bits(), hostNames(), out);
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("ERROR: " + e.getFile() + " already exists; nothing was written. Remove it or"
                    + " name another directory: an existing CA is never overwritten.");
            return 1;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("ERROR: could not write the certificates under " + options.dir().resolve("daosCA")
                    + ": " + e);
            return 1;
        }
    }

    /**
     * The command line: {@code [--bits N | --bits=N] [--help] [DIR]}.
     *
     * @throws UsageException an unknown option, a second directory, a key size that is not a
     *         number in {@value #MIN_BITS}..{@value #MAX_BITS}
     */
    static Options parse(String[] args) throws UsageException {
        Path dir = null;
        int bits = DEFAULT_BITS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return new Options(Path.of("."), DEFAULT_BITS, true);
            } else if (a.equals("--bits") || a.startsWith("--bits=")) {
                String value;
                if (a.equals("--bits")) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--bits needs a value");
                    }
                    value = args[++i];
                } else {
                    value = a.substring("--bits=".length());
                }
                bits = bits(value);
            } else if (a.startsWith("-") && !a.equals("-")) {
                throw new UsageException("unknown option " + ClientValues.quote(a));
            } else if (dir != null) {
                throw new UsageException("one directory only (got " + ClientValues.quote(dir.toString()) + " and "
                        + ClientValues.quote(a) + ")");
            } else if (a.isEmpty()) {
                throw new UsageException("empty directory name");
            } else {
                dir = Path.of(a);
            }
        }
        return new Options(dir == null ? Path.of(".") : dir, bits, false);
    }

    private static int bits(String value) throws UsageException {
        int bits;
        try {
            bits = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--bits: not a number: " + ClientValues.quote(value));
        }
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new UsageException("--bits " + bits + ": RSA keys of " + MIN_BITS + " to " + MAX_BITS
                    + " bits only (default " + DEFAULT_BITS + ")");
        }
        return bits;
    }

    /**
     * This host's names for the server certificate's SAN: its host name and, when it differs, its
     * canonical (fully qualified) name; none when the host cannot name itself. Names that are not
     * plain DNS names, addresses and {@code localhost} (the name of every host) are left out.
     */
    static List<String> hostNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException | SecurityException e) {
            // no name to add: the certificate still names "server"
        }
        List<String> valid = new ArrayList<>();
        for (String n : names) {
            String lower = n.toLowerCase(Locale.ROOT);
            if (DNS_NAME.matcher(lower).matches() && !lower.equals("server") && !isAddress(lower)
                    && !lower.equals("localhost") && !lower.startsWith("localhost.")) {
                valid.add(lower);
            }
        }
        return valid;
    }

    /** An IPv4 literal (getCanonicalHostName gives one when the reverse lookup fails). */
    private static boolean isAddress(String name) {
        return name.matches("[0-9.]+");
    }

    /**
     * Makes a new CA and the three role certificates and writes them under {@code dir/daosCA}
     * ({@code dir} itself is created if missing), then tells on {@code out} what goes where.
     *
     * @param serverNames extra DNS names for the server certificate, besides {@code server}
     * @throws FileAlreadyExistsException {@code dir/daosCA} exists (nothing is written)
     */
    static void generate(Path dir, int bits, List<String> serverNames, PrintStream out)
            throws IOException, GeneralSecurityException {
        Path root = dir.toAbsolutePath().normalize().resolve("daosCA");
        if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(root.toString());
        }
        // everything in memory first: a failure here leaves no half-written tree behind
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        KeyPair caKeys = keyPair(bits, random);
        X509Certificate ca = caCertificate(caKeys, now, random);
        List<X509Certificate> certs = new ArrayList<>();
        List<KeyPair> keys = new ArrayList<>();
        for (Role role : ROLES) {
            KeyPair kp = keyPair(bits, random);
            List<String> names = new ArrayList<>();
            if (role.purposes().contains(KeyPurposeId.id_kp_serverAuth)) {
                names.add(role.name());
                names.addAll(serverNames);
            }
            certs.add(roleCertificate(role, names, kp, ca, caKeys.getPrivate(), now, random));
            keys.add(kp);
        }

        if (Files.exists(root.getParent()) && !Files.isDirectory(root.getParent())) {
            throw new IOException(root.getParent() + " is not a directory");
        }
        Files.createDirectories(root.getParent());
        mkdir(root, DIR_MODE); // FileAlreadyExistsException if another run got there first
        try {
            Path certsDir = mkdir(root.resolve("certs"), DIR_MODE);
            Path privateDir = mkdir(root.resolve("private"), PRIVATE_DIR_MODE);
            write(privateDir.resolve("daosCA.key"), pem(caKeys.getPrivate()), KEY_MODE);
            write(certsDir.resolve("daosCA.crt"), pem(ca), CERT_MODE);
            for (int i = 0; i < ROLES.size(); i++) {
                String name = ROLES.get(i).name();
                write(certsDir.resolve(name + ".key"), pem(keys.get(i).getPrivate()), KEY_MODE);
                write(certsDir.resolve(name + ".crt"), pem(certs.get(i)), CERT_MODE);
            }
        } catch (IOException | RuntimeException e) {
            removeTree(root);
            throw e;
        }
        report(root, bits, serverNames, out);
    }

    private static void report(Path root, int bits, List<String> serverNames, PrintStream out) {
        Path c = root.resolve("certs");
        out.println("Wrote a new DAOS CA and certificates (RSA " + bits + ", SHA-512, " + VALIDITY_DAYS
                + " days) in " + root + ":");
        out.println("  " + root.resolve("private/daosCA.key") + "   the CA key: keep it here, copy it to no node");
        out.println("  " + c.resolve("daosCA.crt") + "   the CA certificate: every node");
        out.println("  " + c.resolve("server.crt") + ", server.key   CN server, SAN "
                + String.join(", ", prepend("server", serverNames)));
        out.println("  " + c.resolve("agent.crt") + ", agent.key     CN agent");
        out.println("  " + c.resolve("admin.crt") + ", admin.key     CN admin");
        out.println("Where they go:");
        out.println("  servers (daos_server):   daosCA.crt, server.crt, server.key;"
                + " agent.crt into client_cert_dir (e.g. /etc/daos/clients/agent.crt)");
        out.println("  admin nodes (dmg):       daosCA.crt, admin.crt, admin.key");
        out.println("  client nodes (daos_agent): daosCA.crt, agent.crt, agent.key");
        out.println("Keys must stay mode 0400 (at most 0700) and certificates at most 0664 where they are copied.");
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static KeyPair keyPair(int bits, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, random);
        return g.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair keys, Instant now, SecureRandom random)
            throws GeneralSecurityException, IOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "DAOS").addRDN(BCStyle.CN, "DAOS CA").build();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(subject, subject, keys, now, random)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(b, keys.getPrivate());
    }

    private static X509Certificate roleCertificate(Role role, List<String> dnsNames, KeyPair keys,
            X509Certificate ca, PrivateKey caKey, Instant now, SecureRandom random)
            throws GeneralSecurityException, IOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "DAOS").addRDN(BCStyle.CN, role.name()).build();
        X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(issuer, subject, keys, now, random)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(role.purposes().toArray(new KeyPurposeId[0])))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.getPublicKey()));
        if (!dnsNames.isEmpty()) {
            GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return sign(b, caKey);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
            Instant now, SecureRandom random) {
        // 128 bits, top bit set: positive and always the same length
        BigInteger serial = new BigInteger(128, random).setBit(127);
        Date notBefore = Date.from(now.minus(Duration.ofMinutes(BACKDATE_MINUTES)));
        Date notAfter = Date.from(now.plus(Duration.ofDays(VALIDITY_DAYS)));
        return new JcaX509v3CertificateBuilder(issuer, serial, notBefore, notAfter, subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
        }
    }

    /** PEM text: a certificate as {@code CERTIFICATE}, a private key as PKCS#8 {@code PRIVATE KEY}. */
    static String pem(Object item) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            if (item instanceof PrivateKey key) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                w.writeObject(item);
            }
        }
        return text.toString();
    }

    private static Path mkdir(Path dir, Set<PosixFilePermission> mode) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode));
        Files.setPosixFilePermissions(dir, mode); // exact, whatever the umask
        return dir;
    }

    /**
     * A new file, created 0600 (a key is never readable by others, not even for a moment), then
     * given exactly {@code mode}.
     */
    private static void write(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Writer w = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.US_ASCII)) {
            w.write(text);
        }
        Files.setPosixFilePermissions(file, mode);
    }

    /** Best effort: removes the tree this run began, so that a retry is not refused. */
    private static void removeTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // what stays is named in the error the caller prints
        }
    }
}
