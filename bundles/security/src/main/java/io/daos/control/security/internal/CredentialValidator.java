package io.daos.control.security.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import java.util.logging.Logger;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.grpc.ClientValues;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.ValidateCredReq;
import io.daos.control.proto.auth.ValidateCredResp;

/**
 * Checks the AUTH_SYS credential an I/O server forwards on pool connect (SPEC-SYSTEM §5.6 step 5,
 * WIRE.md §4.7 method 401). The verifier covers the token as re-serialised here
 * ({@code cred.token.toByteArray()}: fields in number order, defaults omitted, the same bytes the
 * agent signed):
 * <ul>
 * <li>insecure mode: the verifier must be the SHA-512 digest of those bytes;</li>
 * <li>secure mode: the verifier must be an RSASSA-PKCS1-v1_5 / SHA-512 signature of them by the
 * key of the origin's certificate, {@code <client_cert_dir>/<origin>.crt}.</li>
 * </ul>
 * The outcome is always a reply, its {@code status} a DER value: {@link Der#INVAL} for a
 * credential without token or verifier, {@link Der#BADPATH} when the origin's key cannot be had,
 * {@link Der#NO_PERM} when the verifier does not match, 0 with the token echoed otherwise.
 *
 * <p>Our addition to the reference: an origin that is not a plain file name (empty, holding a
 * {@code /} or a NUL, or longer than a file name may be) is refused with {@link Der#BADPATH}
 * before any file is looked at, so a caller cannot point the lookup outside
 * {@code client_cert_dir}. Thread-safe; every call stands alone.
 */
public final class CredentialValidator {

    /** The signature algorithm of a secure-mode verifier. */
    static final String SIGNATURE = "SHA512withRSA";
    /** The digest of an insecure-mode verifier. */
    static final String DIGEST = "SHA-512";
    /** The file name suffix of an origin's certificate in {@code client_cert_dir}. */
    static final String CERT_SUFFIX = ".crt";
    /** The longest file name Linux takes, in bytes ({@code NAME_MAX}). */
    static final int NAME_MAX = 255;

    private static final Logger LOG = Logger.getLogger(CredentialValidator.class.getName());

    /**
     * Where the public key of an origin comes from in secure mode: normally the certificate
     * {@code <client_cert_dir>/<origin>.crt}. Any exception means the key cannot be had
     * ({@link Der#BADPATH}).
     */
    @FunctionalInterface
    public interface KeySource {
        /**
         * @param origin the credential's origin, already checked to be a plain file name
         * @return the origin's public key
         * @throws Exception when it cannot be loaded (its message is logged)
         */
        PublicKey publicKey(String origin) throws Exception;
    }

    private final KeySource keys;
    private final RateLimitedLog log;

    private CredentialValidator(KeySource keys, RateLimitedLog log) {
        this.keys = keys;
        this.log = log;
    }

    /** A validator for insecure mode: the verifier is a plain digest, no key is loaded. */
    public static CredentialValidator insecure() {
        return new CredentialValidator(null, new RateLimitedLog(LOG));
    }

    /** A validator for secure mode taking each origin's key from {@code keys}. */
    public static CredentialValidator secure(KeySource keys) {
        return new CredentialValidator(Objects.requireNonNull(keys, "keys"), new RateLimitedLog(LOG));
    }

    /** Whether this validator checks signatures (secure mode). */
    public boolean isSecure() {
        return keys != null;
    }

    /**
     * The key source of secure mode: the public key of the certificate
     * {@code <dir>/<origin>.crt}, read on each call with the certificate rules of the TLS material
     * ({@link PemFiles#loadCertificate}: a regular file, mode at most 0664, one PEM certificate).
     * A file that fails them throws its {@link TlsConfigException}, whose message is logged.
     */
    public static KeySource certificateDir(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return origin -> PemFiles.loadCertificate(dir.resolve(origin + CERT_SUFFIX)).getPublicKey();
    }

    /**
     * Whether {@code origin} names a file directly inside a directory once {@code .crt} is
     * appended: not empty, no {@code /}, no NUL, and short enough for a file name (255 bytes).
     */
    static boolean isPlainFileName(String origin) {
        return !origin.isEmpty() && origin.indexOf('/') < 0 && origin.indexOf('\0') < 0
                && origin.getBytes(StandardCharsets.UTF_8).length
                        <= NAME_MAX - CERT_SUFFIX.length();
    }

    /**
     * Validates the credential of {@code req}.
     *
     * @return {@code status 0} and the credential's token, or a negative DER status and no token
     */
    public ValidateCredResp validate(ValidateCredReq req) {
        Credential cred = req.getCred();
        if (!req.hasCred() || !cred.hasToken() || !cred.hasVerifier()) {
            log.warning("invalid", () -> "credential validation: invalid credential (missing "
                    + (!req.hasCred() ? "credential" : !cred.hasToken() ? "token" : "verifier") + ")");
            return status(Der.INVAL);
        }
        byte[] signed = cred.getToken().toByteArray();
        byte[] verifier = cred.getVerifier().getData().toByteArray();
        if (keys == null) {
            return MessageDigest.isEqual(digest(signed), verifier) ? accept(cred) : refuse("digest mismatch");
        }
        String origin = cred.getOrigin();
        if (!isPlainFileName(origin)) {
            log.warning("origin", () -> "credential validation: origin " + ClientValues.quote(origin)
                    + " is not a plain file name; refused");
            return status(Der.BADPATH);
        }
        PublicKey key;
        try {
            key = keys.publicKey(origin);
            Objects.requireNonNull(key, "no key");
        } catch (Exception e) {
            log.warning("load", () -> "credential validation: loading the certificate of origin "
                    + ClientValues.quote(origin) + " failed: " + e.getMessage());
            return status(Der.BADPATH);
        }
        try {
            Signature sig = Signature.getInstance(SIGNATURE);
            sig.initVerify(key);
            sig.update(signed);
            if (sig.verify(verifier)) {
                return accept(cred);
            }
            return refuse("bad signature from origin " + ClientValues.quote(origin));
        } catch (GeneralSecurityException e) {
            // a key of another type or a malformed signature: the verifier does not verify
            return refuse("signature check for origin " + ClientValues.quote(origin) + " failed: " + e.getMessage());
        }
    }

    /** The SHA-512 digest of {@code bytes}. */
    static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance(DIGEST).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + DIGEST, e);
        }
    }

    private static ValidateCredResp accept(Credential cred) {
        return ValidateCredResp.newBuilder().setStatus(Der.SUCCESS).setToken(cred.getToken()).build();
    }

    private ValidateCredResp refuse(String why) {
        log.warning("verify", () -> "credential validation: cred verification failed: " + why);
        return status(Der.NO_PERM);
    }

    private static ValidateCredResp status(int der) {
        return ValidateCredResp.newBuilder().setStatus(der).build();
    }
}
