package io.daos.control.dmg.conn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The test PKI of this package, copied out of the test resources with the modes the reference
 * wants (certificates 0644, keys 0400): {@code daosCA.crt}; {@code server.crt/key} (CN and SAN
 * {@code server}) and {@code admin.crt/key} signed by it, the admin key also as PKCS#1
 * ({@code admin-pkcs1.key}); {@code otherCA.crt} and {@code rogue.crt/key} (CN {@code server})
 * signed by that other CA. Made once with openssl, valid for a century.
 */
final class TestCerts {

    private static final String[] FILES = {"daosCA.crt", "otherCA.crt", "server.crt", "server.key", "admin.crt",
        "admin.key", "admin-pkcs1.key", "rogue.crt", "rogue.key"};

    private static Path shared;

    private TestCerts() {
    }

    /** One copy for the whole test run, removed when the JVM exits. */
    static synchronized Path shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("dmg-conn-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String name : FILES) {
                    dir.resolve(name).toFile().delete();
                }
                dir.toFile().delete();
            }));
            shared = copyTo(dir);
        }
        return shared;
    }

    /** Copies every file into {@code dir}; returns {@code dir}. */
    static Path copyTo(Path dir) throws IOException {
        for (String name : FILES) {
            Path to = dir.resolve(name);
            try (InputStream in = TestCerts.class.getResourceAsStream(name)) {
                Files.copy(in, to);
            }
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(
                    name.endsWith(".key") ? "r--------" : "rw-r--r--"));
        }
        return dir;
    }
}
