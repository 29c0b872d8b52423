package io.daos.control.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.protobuf.ByteString;

import io.daos.control.api.drpc.Der;
import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.Token;
import io.daos.control.proto.auth.ValidateCredReq;
import io.daos.control.proto.auth.ValidateCredResp;

/** AUTH_SYS credential validation, SPEC-SYSTEM §5.6 step 5 and §7.3 item 33, in both modes. */
public class CredentialValidatorTest {

    private static KeyPair agent;
    private static KeyPair stranger;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path certDir;
    private final List<String> keyLookups = new ArrayList<>();
    private CredentialValidator secure;
    private final CredentialValidator insecure = CredentialValidator.insecure();
    private final Logger logger = Logger.getLogger(CredentialValidator.class.getName());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeClass
    public static void keys() throws Exception {
        agent = CredTestKeys.rsa();
        stranger = CredTestKeys.rsa();
    }

    @Before
    public void setUp() throws Exception {
        certDir = tmp.newFolder("clients").toPath();
        CredTestKeys.writePem(certDir.resolve("agent.crt"), CredTestKeys.certificate("agent", agent));
        CredentialValidator.KeySource dir = CredentialValidator.certificateDir(certDir);
        secure = CredentialValidator.secure(origin -> {
            keyLookups.add(origin);
            return dir.publicKey(origin);
        });
        logger.addHandler(capture);
    }

    @After
    public void tearDown() {
        logger.removeHandler(capture);
    }

    private static ValidateCredResp check(CredentialValidator v, Credential cred) {
        return v.validate(ValidateCredReq.newBuilder().setCred(cred).build());
    }

    private static void assertAccepted(Credential cred, ValidateCredResp resp) {
        assertEquals(Der.SUCCESS, resp.getStatus());
        assertTrue(resp.hasToken());
        assertEquals(cred.getToken(), resp.getToken());
    }

    private static void assertRefused(int der, ValidateCredResp resp) {
        assertEquals(der, resp.getStatus());
        assertFalse("no token with a refusal", resp.hasToken());
    }

    private static Token tampered(Token t) {
        byte[] data = t.getData().toByteArray();
        data[data.length - 2] ^= 1;
        return t.toBuilder().setData(ByteString.copyFrom(data)).build();
    }

    @Test
    public void insecureCorrectDigestIsAcceptedAndTheTokenEchoed() {
        Credential cred = CredTestKeys.digested(CredTestKeys.token("alice"));
        assertAccepted(cred, check(insecure, cred));
        assertFalse(insecure.isSecure());
    }

    @Test
    public void insecureWrongDigestIsNoPerm() {
        Credential good = CredTestKeys.digested(CredTestKeys.token("alice"));
        assertRefused(Der.NO_PERM, check(insecure, good.toBuilder().setToken(tampered(good.getToken())).build()));
        assertRefused(Der.NO_PERM, check(insecure,
                CredTestKeys.credential(good.getToken(), new byte[64], "agent")));
        assertRefused(Der.NO_PERM, check(insecure, CredTestKeys.credential(good.getToken(), new byte[0], "agent")));
    }

    @Test
    public void insecureModeNeitherChecksNorLoadsTheOrigin() {
        Credential cred = CredTestKeys.digested(CredTestKeys.token("alice")).toBuilder().setOrigin("../etc/passwd")
                .build();
        assertAccepted(cred, check(insecure, cred));
    }

    @Test
    public void missingCredentialTokenOrVerifierIsInval() {
        Credential full = CredTestKeys.digested(CredTestKeys.token("alice"));
        for (CredentialValidator v : List.of(insecure, secure)) {
            assertRefused(Der.INVAL, v.validate(ValidateCredReq.getDefaultInstance()));
            assertRefused(Der.INVAL, check(v, full.toBuilder().clearToken().build()));
            assertRefused(Der.INVAL, check(v, full.toBuilder().clearVerifier().build()));
        }
        assertTrue("no key looked up for an invalid credential", keyLookups.isEmpty());
    }

    @Test
    public void secureValidSignatureByTheAgentKeyIsAccepted() throws Exception {
        Credential cred = CredTestKeys.signed(CredTestKeys.token("alice"), agent, "agent");
        assertAccepted(cred, check(secure, cred));
        assertEquals(List.of("agent"), keyLookups);
        assertTrue(secure.isSecure());
    }

    @Test
    public void secureTamperedTokenIsNoPerm() throws Exception {
        Credential cred = CredTestKeys.signed(CredTestKeys.token("alice"), agent, "agent");
        assertRefused(Der.NO_PERM, check(secure, cred.toBuilder().setToken(tampered(cred.getToken())).build()));
        // the same user claimed under another identity than the one signed
        assertRefused(Der.NO_PERM, check(secure, cred.toBuilder().setToken(CredTestKeys.token("root")).build()));
    }

    @Test
    public void secureSignatureByAnotherKeyIsNoPerm() throws Exception {
        assertRefused(Der.NO_PERM, check(secure, CredTestKeys.signed(CredTestKeys.token("alice"), stranger, "agent")));
    }

    @Test
    public void secureDigestInsteadOfSignatureOrJunkVerifierIsNoPerm() {
        Token t = CredTestKeys.token("alice");
        assertRefused(Der.NO_PERM, check(secure, CredTestKeys.digested(t)));
        assertRefused(Der.NO_PERM, check(secure, CredTestKeys.credential(t, new byte[] {1, 2, 3}, "agent")));
        assertRefused(Der.NO_PERM, check(secure, CredTestKeys.credential(t, new byte[0], "agent")));
    }

    @Test
    public void secureKeyOfAnotherTypeIsNoPerm() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        CredentialValidator v = CredentialValidator.secure(origin -> ec.generateKeyPair().getPublic());
        assertRefused(Der.NO_PERM, check(v, CredTestKeys.signed(CredTestKeys.token("alice"), agent, "agent")));
    }

    @Test
    public void secureMissingOriginCertificateIsBadPath() throws Exception {
        Files.delete(certDir.resolve("agent.crt"));
        assertRefused(Der.BADPATH, check(secure, CredTestKeys.signed(CredTestKeys.token("alice"), agent, "agent")));
        // an origin nobody placed a certificate for
        assertRefused(Der.BADPATH, check(secure, CredTestKeys.signed(CredTestKeys.token("alice"), agent, "admin")));
        assertEquals(List.of("agent", "admin"), keyLookups);
    }

    @Test
    public void secureUnreadableOriginCertificateIsBadPath() throws Exception {
        Credential cred = CredTestKeys.signed(CredTestKeys.token("alice"), agent, "agent");
        Files.writeString(certDir.resolve("agent.crt"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        assertRefused(Der.BADPATH, check(secure, cred));
        Files.delete(certDir.resolve("agent.crt"));
        Files.createDirectory(certDir.resolve("agent.crt"));
        assertRefused(Der.BADPATH, check(secure, cred));
        assertRefused(Der.BADPATH, check(CredentialValidator.secure(origin -> null), cred));
    }

    /** Our addition: an origin that is not a plain file name never reaches the file system. */
    @Test
    public void originOutsideTheCertificateDirectoryIsBadPathWithoutLookingAtFiles() throws Exception {
        Token t = CredTestKeys.token("alice");
        Files.createDirectories(certDir.resolve("sub"));
        CredTestKeys.writePem(certDir.resolve("sub/agent.crt"), CredTestKeys.certificate("agent", agent));
        for (String origin : List.of("../etc/passwd", "sub/agent", "/etc/passwd", "", "a\0b", "x".repeat(252))) {
            assertRefused(Der.BADPATH, check(secure, CredTestKeys.signed(t, agent, origin)));
        }
        assertTrue("the key source was asked for " + keyLookups, keyLookups.isEmpty());
        assertTrue(CredentialValidator.isPlainFileName("x".repeat(251)));
        assertTrue(CredentialValidator.isPlainFileName(".."));
    }

    @Test
    public void refusalsAreLoggedWithoutStackTracesAndRateLimited() throws Exception {
        Credential bad = CredTestKeys.signed(CredTestKeys.token("alice"), stranger, "agent");
        for (int i = 0; i < 50; i++) {
            assertRefused(Der.NO_PERM, check(secure, bad));
        }
        assertRefused(Der.BADPATH, check(secure, bad.toBuilder().setOrigin("../" + "y".repeat(100)).build()));
        synchronized (logged) {
            assertEquals("one line per cause in the window: " + logged.size(), 2, logged.size());
            for (LogRecord r : logged) {
                assertEquals(null, r.getThrown());
            }
            String origin = logged.get(1).getMessage();
            assertTrue(origin, origin.contains("is not a plain file name"));
            assertFalse("the origin is quoted, not copied: " + origin, origin.contains("y".repeat(100)));
        }
    }
}
