package io.daos.control.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * bin/daos_grpc against a real gRPC server over real mutual TLS, with daos_gen_certs material: the
 * server requires a client certificate of the CA, and (like the per-method authorization of a
 * secure daos_server) refuses every call of a certificate that is not {@code admin}.
 */
public class GrpcToolTlsTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path certs;
    private static Path otherCerts;
    private static Server server;
    private static String address;

    @BeforeClass
    public static void startSecureServer() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        GenCerts.generate(TMP.getRoot().toPath().resolve("pki"), GenCerts.MIN_BITS, List.of(), quiet);
        GenCerts.generate(TMP.getRoot().toPath().resolve("other"), GenCerts.MIN_BITS, List.of(), quiet);
        certs = TMP.getRoot().toPath().resolve("pki/daosCA/certs");
        otherCerts = TMP.getRoot().toPath().resolve("other/daosCA/certs");
        HealthStatusManager health = new HealthStatusManager();
        server = NettyServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(certs.resolve("server.crt").toFile(),
                        certs.resolve("server.key").toFile())
                        .trustManager(certs.resolve("daosCA.crt").toFile())
                        .clientAuth(ClientAuth.REQUIRE).build())
                .addService(ServerInterceptors.intercept(health.getHealthService(), new AdminOnly()))
                .addService(ProtoReflectionServiceV1.newInstance())
                .build().start();
        address = "127.0.0.1:" + server.getPort();
    }

    @AfterClass
    public static void stopServer() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** PERMISSION_DENIED unless the client certificate's subject is CN=admin. */
    private static final class AdminOnly implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            try {
                X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
                if (peer.getSubjectX500Principal().getName().contains("CN=admin")) {
                    return next.startCall(call, headers);
                }
            } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
                // denied below
            }
            call.close(Status.PERMISSION_DENIED.withDescription("not an admin"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
    }

    /** One run of the tool: exit status, stdout, stderr. */
    record Run(int rc, String out, String err, long millis) {
        /** The tool failed with exactly one ERROR line and no stack trace. */
        void assertOneErrorLine(String expected) {
            assertEquals(err, 1, rc);
            assertEquals(err, 1, err.lines().count());
            assertTrue(err, err.startsWith("ERROR: "));
            assertTrue(err, err.contains(expected));
            assertFalse(err, err.contains("\tat ") || err.contains("Exception"));
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int rc = GrpcTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static String[] admin(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("-a", address,
                "--ca", certs.resolve("daosCA.crt").toString(),
                "--cert", certs.resolve("admin.crt").toString(), "--key", certs.resolve("admin.key").toString()));
        args.addAll(List.of(command));
        return args.toArray(new String[0]);
    }

    @Test
    public void healthSucceedsWithTheAdminCertificate() {
        Run r = run(admin("health"));
        assertEquals(r.err(), 0, r.rc());
        assertEquals("SERVING\n", r.out());
    }

    @Test
    public void callSucceedsWithTheAdminCertificate() {
        Run r = run(admin("call", "grpc.health.v1.Health/Check", "{}"));
        assertEquals(r.err(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("\"status\": \"SERVING\""));
        Run list = run(admin("list"));
        assertEquals(list.err(), 0, list.rc());
        assertTrue(list.out(), list.out().contains("grpc.health.v1.Health\n"));
    }

    @Test
    public void aMissingKeyFileIsOneErrorLine() {
        String[] args = admin("health");
        args[7] = certs.resolve("nothing.key").toString();
        Run r = run(args);
        r.assertOneErrorLine("Unable to load Certificate Data: could not load key: stat " + certs.resolve("nothing.key")
                + ": no such file or directory");
    }

    @Test
    public void aFileWithoutPemIsOneErrorLine() throws Exception {
        Path bad = TMP.newFile("bad.crt").toPath();
        Files.writeString(bad, "not a certificate\n");
        String[] args = admin("health");
        args[3] = bad.toString();
        run(args).assertOneErrorLine("Unable to load Certificate Data: could not load caRoot: " + bad
                + " does not contain any certificate");
        Path certAsKey = TMP.newFile("cert-as.key").toPath();
        Files.copy(certs.resolve("admin.crt"), certAsKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(certAsKey, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        String[] key = admin("health");
        key[7] = certAsKey.toString();
        run(key).assertOneErrorLine("Unable to load Certificate Data: could not load key: PEM Block is not a Private Key");
    }

    @Test
    public void aKeyOfAnotherCertificateIsOneErrorLine() {
        String[] args = admin("health");
        args[7] = certs.resolve("agent.key").toString();
        run(args).assertOneErrorLine("Unable to load Certificate Data: could not create X509KeyPair: private key "
                + certs.resolve("agent.key") + " does not match public key of " + certs.resolve("admin.crt"));
    }

    /** Plaintext against a TLS server: an ERROR line with the hint, quickly, never a hang. */
    @Test
    public void noTlsFlagsAgainstATlsServerIsAnErrorWithinTheDeadline() {
        Run r = run("-a", address, "health");
        r.assertOneErrorLine("UNAVAILABLE");
        assertTrue(r.err(), r.err().contains("if the server is secure, give -o FILE or --ca/--cert/--key"));
        assertTrue("bounded by the call deadline: " + r.millis() + " ms", r.millis() < 15_000);
    }

    /** A certificate of another CA: the server refuses the handshake. */
    @Test
    public void aCertificateOfAnotherCaIsRefused() {
        Run r = run("-a", address, "--ca", certs.resolve("daosCA.crt").toString(),
                "--cert", otherCerts.resolve("admin.crt").toString(), "--key", otherCerts.resolve("admin.key").toString(),
                "health");
        r.assertOneErrorLine("UNAVAILABLE");
        assertTrue("bounded: " + r.millis() + " ms", r.millis() < 15_000);
    }

    /** A server whose certificate is not of our CA is not trusted. */
    @Test
    public void aServerOfAnotherCaIsNotTrusted() {
        Run r = run("-a", address, "--ca", otherCerts.resolve("daosCA.crt").toString(),
                "--cert", certs.resolve("admin.crt").toString(), "--key", certs.resolve("admin.key").toString(),
                "health");
        r.assertOneErrorLine("UNAVAILABLE: io exception (TLS handshake failed: ");
    }

    @Test
    public void aWrongServerNameIsNotTrusted() {
        List<String> args = new java.util.ArrayList<>(List.of(admin("health")));
        args.add(0, "--server-name");
        args.add(1, "elsewhere");
        run(args.toArray(new String[0])).assertOneErrorLine("UNAVAILABLE: io exception (TLS handshake failed: "
                + "No subject alternative DNS name matching elsewhere found.)");
    }

    @Test
    public void aNonAdminCertificateGetsPermissionDenied() {
        Run r = run("-a", address, "--ca", certs.resolve("daosCA.crt").toString(),
                "--cert", certs.resolve("agent.crt").toString(), "--key", certs.resolve("agent.key").toString(),
                "health");
        r.assertOneErrorLine("ERROR: " + address + ": PERMISSION_DENIED: not an admin");
    }

    /** The dmg client config: hostlist and transport_config; keys the tool does not use are ignored. */
    @Test
    public void theDmgConfigFileGivesAddressAndTls() throws Exception {
        Path yml = TMP.newFile("daos.yml").toPath();
        Files.writeString(yml, "name: daos_server\n"
                + "port: " + server.getPort() + "\n"
                + "hostlist: ['127.0.0.1']\n"
                + "access_points: ['127.0.0.1']\n"
                + "log_file: /tmp/daos_agent.log\n"
                + "transport_config:\n"
                + "  allow_insecure: false\n"
                + "  ca_cert: " + certs.resolve("daosCA.crt") + "\n"
                + "  cert: " + certs.resolve("admin.crt") + "\n"
                + "  key: " + certs.resolve("admin.key") + "\n");
        Run r = run("-o", yml.toString(), "call", "grpc.health.v1.Health/Check");
        assertEquals(r.err(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("SERVING"));
    }

    @Test
    public void flagsOverrideTheConfigFile() throws Exception {
        Path yml = TMP.newFile("agent.yml").toPath();
        Files.writeString(yml, "hostlist: ['" + address + "']\n"
                + "transport_config:\n"
                + "  ca_cert: " + certs.resolve("daosCA.crt") + "\n"
                + "  cert: " + certs.resolve("agent.crt") + "\n"
                + "  key: " + certs.resolve("agent.key") + "\n");
        run("-o", yml.toString(), "health").assertOneErrorLine("PERMISSION_DENIED");
        Run r = run("-o", yml.toString(), "--cert", certs.resolve("admin.crt").toString(),
                "--key", certs.resolve("admin.key").toString(), "health");
        assertEquals(r.err(), 0, r.rc());
        assertEquals("SERVING\n", r.out());
    }

    @Test
    public void aMissingConfigFileIsOneErrorLine() {
        Path missing = TMP.getRoot().toPath().resolve("no.yml");
        run("-o", missing.toString(), "health").assertOneErrorLine("config file " + missing + ": no such file");
    }
}
