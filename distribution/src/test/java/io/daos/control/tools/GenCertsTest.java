package io.daos.control.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * bin/daos_gen_certs: every file it writes read back with the JDK alone (CertificateFactory,
 * KeyFactory, a PKIX validator), as the security bundle and the Go tools will read them.
 */
public class GenCertsTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String[] ROLES = {"server", "agent", "admin"};

    @ClassRule
    public static final TemporaryFolder SHARED = new TemporaryFolder();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    /** One generated tree for the read-only checks (key generation is the slow part). */
    private static Path first;
    private static String firstOutput;

    @BeforeClass
    public static void generateOnce() throws Exception {
        first = SHARED.getRoot().toPath().resolve("one");
        Result r = run("--bits", "2048", first.toString());
        assertEquals(r.err, 0, r.rc);
        firstOutput = r.out;
    }

    private record Result(int rc, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = GenCerts.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static X509Certificate cert(Path dir, String name) throws Exception {
        Path file = dir.resolve("daosCA/certs/" + name + ".crt");
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends java.security.cert.Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            assertEquals(file + " holds one certificate", 1, all.size());
            return (X509Certificate) all.iterator().next();
        }
    }

    private static PrivateKey key(Path file) throws Exception {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(file + ": " + pem, pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(file + ": one PEM block", pem.endsWith("-----END PRIVATE KEY-----\n"));
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String cn(X509Certificate c) throws Exception {
        for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
            if (rdn.getType().equalsIgnoreCase("CN")) {
                return rdn.getValue().toString();
            }
        }
        return null;
    }

    /** The key identifier inside the SubjectKeyIdentifier extension (OCTET STRING in OCTET STRING). */
    private static byte[] subjectKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue("2.5.29.14");
        return Arrays.copyOfRange(ext, 4, ext.length);
    }

    /** The keyIdentifier [0] of the AuthorityKeyIdentifier extension, which holds nothing else. */
    private static byte[] authorityKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue("2.5.29.35");
        // OCTET STRING { SEQUENCE { [0] keyid } }: 04 len 30 len 80 len keyid
        assertEquals("keyIdentifier only", ext[1] - 2, ext[3]);
        assertEquals((byte) 0x80, ext[4]);
        return Arrays.copyOfRange(ext, 6, ext.length);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static boolean signs(PrivateKey key, X509Certificate cert) throws Exception {
        byte[] message = "credential to verify".getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SHA512withRSA");
        s.initSign(key);
        s.update(message);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA512withRSA");
        v.initVerify(cert.getPublicKey());
        v.update(message);
        return v.verify(sig);
    }

    private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(leaf)), params);
    }

    @Test
    public void theCaIsSelfSignedWithTheReferenceNameAndConstraints() throws Exception {
        X509Certificate ca = cert(first, "daosCA");
        assertEquals("CN=DAOS CA,O=DAOS", ca.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertEquals("pathlen 1", 1, ca.getBasicConstraints());
        assertTrue(ca.getCriticalExtensionOIDs().contains("2.5.29.19")); // basicConstraints
        boolean[] ku = ca.getKeyUsage();
        assertTrue("keyCertSign", ku[5]);
        assertTrue("cRLSign", ku[6]);
        assertFalse("digitalSignature", ku[0]);
        assertEquals("SHA512withRSA", ca.getSigAlgName());
        assertEquals(2048, ((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength());
        assertTrue(signs(key(first.resolve("daosCA/private/daosCA.key")), ca));
    }

    @Test
    public void roleCertificatesCarryTheirNameUsagesAndIssuer() throws Exception {
        X509Certificate ca = cert(first, "daosCA");
        for (String role : ROLES) {
            X509Certificate c = cert(first, role);
            assertEquals(role, cn(c));
            assertEquals(role, ca.getSubjectX500Principal(), c.getIssuerX500Principal());
            c.verify(ca.getPublicKey());
            assertEquals(role + " is no CA", -1, c.getBasicConstraints());
            assertArrayEquals(role + ": the authority key id is the CA's subject key id",
                    subjectKeyId(ca), authorityKeyId(c));
            assertEquals("SHA512withRSA", c.getSigAlgName());
            boolean[] ku = c.getKeyUsage();
            assertTrue(role + " digitalSignature", ku[0]);
            assertTrue(role + " keyEncipherment", ku[2]);
            assertFalse(role + " keyCertSign", ku[5]);
            List<String> eku = c.getExtendedKeyUsage();
            assertEquals(role, role.equals("server") ? List.of(SERVER_AUTH, CLIENT_AUTH) : List.of(CLIENT_AUTH), eku);
            assertTrue(role + " serial positive", c.getSerialNumber().signum() > 0);
            assertEquals(role + " serial 128 bits", 128, c.getSerialNumber().bitLength());
        }
        assertNotEquals(cert(first, "agent").getSerialNumber(), cert(first, "admin").getSerialNumber());
    }

    @Test
    public void theServerCertificateNamesServerInItsSanSoModernClientsAcceptIt() throws Exception {
        Collection<List<?>> san = cert(first, "server").getSubjectAlternativeNames();
        List<String> dns = new ArrayList<>();
        for (List<?> entry : san) {
            assertEquals("only DNS names", 2, entry.get(0));
            dns.add((String) entry.get(1));
        }
        assertEquals("server", dns.get(0));
        assertEquals(GenCerts.hostNames(), dns.subList(1, dns.size()));
        assertFalse("localhost names every host", dns.contains("localhost"));
        assertEquals("each name once", new TreeSet<>(dns).size(), dns.size());
        assertNull("a client certificate has no SAN", cert(first, "agent").getSubjectAlternativeNames());
    }

    @Test
    public void certificatesAreValidForThreeYearsFromNow() throws Exception {
        Instant now = Instant.now();
        for (String name : new String[] {"daosCA", "server", "agent", "admin"}) {
            X509Certificate c = cert(first, name);
            c.checkValidity();
            Instant from = c.getNotBefore().toInstant();
            Instant to = c.getNotAfter().toInstant();
            assertTrue(name + " starts before now", !from.isAfter(now));
            assertTrue(name + " starts at most minutes ago", Duration.between(from, now).toMinutes() < 30);
            long days = Duration.between(now, to).toHours();
            assertTrue(name + " ends in 1095 days: " + to, Math.abs(days - 1095 * 24) <= 1);
        }
    }

    @Test
    public void eachKeyMatchesItsCertificateAndNoOther() throws Exception {
        for (String role : ROLES) {
            PrivateKey k = key(first.resolve("daosCA/certs/" + role + ".key"));
            assertTrue(role, signs(k, cert(first, role)));
            String other = role.equals("agent") ? "admin" : "agent";
            assertFalse(role + " key vs " + other + " certificate", signs(k, cert(first, other)));
        }
    }

    @Test
    public void everyRoleCertificateValidatesAgainstTheCaWithPkix() throws Exception {
        X509Certificate ca = cert(first, "daosCA");
        for (String role : ROLES) {
            validate(cert(first, role), ca);
        }
    }

    @Test
    public void filesAndDirectoriesHaveExactlyTheReferenceModes() throws Exception {
        Path root = first.resolve("daosCA");
        assertEquals("rwxr-xr-x", mode(root));
        assertEquals("rwxr-xr-x", mode(root.resolve("certs")));
        assertEquals("rwx------", mode(root.resolve("private")));
        assertEquals("r--------", mode(root.resolve("private/daosCA.key")));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(root.resolve("certs"))) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertEquals(Set.of("daosCA.crt", "server.crt", "server.key", "agent.crt", "agent.key",
                "admin.crt", "admin.key"), files);
        for (String f : files) {
            assertEquals(f, f.endsWith(".key") ? "r--------" : "rw-rw-r--", mode(root.resolve("certs/" + f)));
        }
    }

    @Test
    public void itSaysWhatItWroteAndWhereEachFileGoes() {
        assertTrue(firstOutput, firstOutput.contains(first.resolve("daosCA/certs/daosCA.crt").toString()));
        assertTrue(firstOutput, firstOutput.contains(first.resolve("daosCA/private/daosCA.key").toString()));
        assertTrue(firstOutput, firstOutput.contains("servers (daos_server):   daosCA.crt, server.crt, server.key;"
                + " agent.crt into client_cert_dir"));
        assertTrue(firstOutput, firstOutput.contains("admin nodes (dmg):       daosCA.crt, admin.crt, admin.key"));
        assertTrue(firstOutput, firstOutput.contains("client nodes (daos_agent): daosCA.crt, agent.crt, agent.key"));
    }

    @Test
    public void twoRunsMakeTwoCasThatDoNotTrustEachOther() throws Exception {
        Path second = tmp.getRoot().toPath();
        assertEquals(0, run("--bits=2048", second.toString()).rc);
        X509Certificate ca1 = cert(first, "daosCA");
        X509Certificate ca2 = cert(second, "daosCA");
        assertNotEquals(ca1.getPublicKey(), ca2.getPublicKey());
        assertNotEquals(ca1.getSerialNumber(), ca2.getSerialNumber());
        assertFalse(Arrays.equals(Files.readAllBytes(first.resolve("daosCA/private/daosCA.key")),
                Files.readAllBytes(second.resolve("daosCA/private/daosCA.key"))));
        for (String role : ROLES) {
            validate(cert(second, role), ca2);
            try {
                validate(cert(second, role), ca1);
                fail(role + " of the second CA validated against the first");
            } catch (CertPathValidatorException expected) {
                // the point
            }
            try {
                cert(first, role).verify(ca2.getPublicKey());
                fail(role + " of the first CA verified with the second CA's key");
            } catch (java.security.SignatureException expected) {
                // the point
            }
        }
    }

    @Test
    public void anExistingCaIsNeverOverwritten() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.createDirectories(dir.resolve("daosCA/certs"));
        Files.writeString(dir.resolve("daosCA/certs/daosCA.crt"), "old");
        Result r = run("--bits", "2048", dir.toString());
        assertEquals(1, r.rc);
        assertTrue(r.err, r.err.startsWith("ERROR: " + dir.resolve("daosCA") + " already exists; nothing was written."));
        assertEquals("old", Files.readString(dir.resolve("daosCA/certs/daosCA.crt")));
        try (Stream<Path> s = Files.walk(dir.resolve("daosCA"))) {
            assertEquals("nothing added", 3, s.count());
        }
        assertEquals("", r.out);
    }

    @Test
    public void aMissingDirectoryIsCreatedAndAFileInItsPlaceIsRefused() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("a/b");
        assertEquals(0, run("--bits", "2048", dir.toString()).rc);
        assertTrue(Files.isRegularFile(dir.resolve("daosCA/certs/server.crt")));

        Path file = tmp.newFile("plain").toPath();
        Result r = run("--bits", "2048", file.toString());
        assertEquals(1, r.rc);
        assertTrue(r.err, r.err.contains(file + " is not a directory"));
    }

    @Test
    public void usageErrorsExitTwoWithTheUsageLine() throws Exception {
        String[][] cases = {
            {"--bits", "1024"},
            {"--bits", "x"},
            {"--bits"},
            {"--bits=16385"},
            {"--frob"},
            {"a", "b"},
            {""},
        };
        String[] messages = {
            "--bits 1024: RSA keys of 2048 to 16384 bits only",
            "--bits: not a number: \"x\"",
            "--bits needs a value",
            "--bits 16385: RSA keys of 2048 to 16384 bits only",
            "unknown option \"--frob\"",
            "one directory only (got \"a\" and \"b\")",
            "empty directory name",
        };
        Path cwd = Path.of("").toAbsolutePath();
        for (int i = 0; i < cases.length; i++) {
            Result r = run(cases[i]);
            assertEquals(String.join(" ", cases[i]), 2, r.rc);
            assertTrue(r.err, r.err.startsWith("ERROR: " + messages[i]));
            assertTrue(r.err, r.err.contains(GenCerts.USAGE));
            assertEquals("", r.out);
        }
        assertFalse("nothing written into the working directory", Files.exists(cwd.resolve("daosCA")));
        String longOption = "--" + "x".repeat(200);
        Result r = run(longOption);
        assertTrue("a long value is quoted short: " + r.err, r.err.length() < 200 + GenCerts.USAGE.length());
    }

    @Test
    public void helpPrintsTheUsageAndWritesNothing() {
        Result r = run("--help");
        assertEquals(0, r.rc);
        assertTrue(r.out, r.out.startsWith(GenCerts.USAGE));
        assertTrue(r.out, r.out.contains("--bits N"));
        assertFalse(Files.exists(Path.of("daosCA")));
    }

    @Test
    public void theDefaultIsTheCurrentDirectoryAndRsa4096() throws Exception {
        assertEquals(new GenCerts.Options(Path.of("."), 4096, false), GenCerts.parse(new String[0]));
        assertEquals(new GenCerts.Options(Path.of("d"), 2048, false), GenCerts.parse(new String[] {"--bits", "2048", "d"}));
    }

    @Test
    public void theScriptLaunchesThisClassFromTheToolsClassPath() throws Exception {
        Path distSrc = Path.of(System.getProperty("daos.dist.src", "src/main/dist"));
        Path script = distSrc.resolve("bin/daos_gen_certs");
        String text = Files.readString(script);
        assertTrue(text, text.contains("-cp \"$cp\" " + GenCerts.class.getName() + " \"$@\""));
        assertTrue(text, text.contains("cp=\"$DAOS_HOME/lib/boot/daos-launcher.jar:$DAOS_HOME/lib/tools/*\""));
        assertTrue(Files.isExecutable(script));
        GenCerts.class.getMethod("main", String[].class);
    }

    /** Keys are PKCS#8 PEM (checked by {@link #key}) whose RSA modulus is the certificate's. */
    @Test
    public void keysArePkcs8WithTheModulusOfTheirCertificate() throws Exception {
        for (String role : ROLES) {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) key(first.resolve("daosCA/certs/" + role + ".key"));
            assertEquals("PKCS#8", k.getFormat());
            assertEquals(role, ((RSAPublicKey) cert(first, role).getPublicKey()).getModulus(), k.getModulus());
        }
    }
}
