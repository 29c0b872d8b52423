package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import com.google.protobuf.ByteString;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.example.echo.proto.EchoGrpc;
import io.daos.control.example.echo.proto.EchoReq;
import io.daos.control.example.reverse.proto.ReverseGrpc;
import io.daos.control.example.reverse.proto.ReverseReq;
import io.daos.control.itest.support.TlsFiles.Material;
import io.daos.control.itest.support.TlsFiles;
import io.daos.control.proto.auth.Credential;
import io.daos.control.proto.auth.Flavor;
import io.daos.control.proto.auth.Sys;
import io.daos.control.proto.auth.Token;
import io.daos.control.proto.auth.ValidateCredReq;
import io.daos.control.proto.auth.ValidateCredResp;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.drpc.Call;
import io.daos.control.proto.drpc.Response;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

/**
 * A secure node end to end (issue 14, "Proof"): certificates from the distribution's
 * {@code bin/daos_gen_certs}, a {@code daos_server.yml} with {@code allow_insecure: false}, the
 * node formatted over mutual TLS with the admin certificate, both ranks joined (rank 1 through
 * {@code mgmt.MgmtSvc/Join}, which only the {@code server} component may call: the join itself
 * proves that the control server's client layer presents the server certificate). Then the
 * per-component authorization with the reference's denials, and the handshakes the server must
 * refuse: plaintext, no client certificate, a certificate of an unrelated CA, an expired and a
 * not-yet-valid certificate of the right CA.
 */
public class SecureNodeIT {

    private static final long START_MS = 60_000;
    private static final long EVENT_MS = 60_000;
    private static final int STARTED = 1;

    @ClassRule
    public static final DistRule DIST = new DistRule("e2e-secure")
            .assuming("needs root: the ram SCM is a tmpfs mount", NodeSupport::isRoot);

    @Rule
    public final WorkRule work = new WorkRule(DIST, "e2e-secure-work");

    /**
     * The {@code transport_config} block of a secure server: CA {@code ca}, its own pair
     * {@code cert}/{@code key}, and {@code clients} as {@code client_cert_dir}.
     */
    static String secureTransport(Path ca, Path cert, Path key, Path clients) {
        return "transport_config:\n"
                + "  allow_insecure: false\n"
                + "  ca_cert: \"" + ca + "\"\n"
                + "  cert: \"" + cert + "\"\n"
                + "  key: \"" + key + "\"\n"
                + "  client_cert_dir: \"" + clients + "\"\n";
    }

    /** Replaces the insecure transport block of the config at {@code yml} with {@code transport}. */
    static void useTransport(Path yml, String transport) throws IOException {
        String insecure = "transport_config:\n  allow_insecure: true\n";
        String text = Files.readString(yml);
        assertTrue(text, text.contains(insecure));
        Files.writeString(yml, text.replace(insecure, transport));
    }

    /** {@code client_cert_dir} (0700) under {@code dir} holding a copy of {@code m}'s agent certificate. */
    static Path clientCertDir(Path dir, Material m) throws IOException {
        Path clients = Files.createDirectories(dir.resolve("clients"));
        Files.setPosixFilePermissions(clients, PosixFilePermissions.fromString("rwx------"));
        Files.copy(m.crt("agent"), clients.resolve("agent.crt"), StandardCopyOption.COPY_ATTRIBUTES);
        return clients;
    }

    private ManagedChannel as(Material trusted, Path crt, Path key, int port) throws IOException {
        return work.channel(port, TlsFiles.client(trusted.ca(), crt, key));
    }

    private static Status.Code systemQueryCode(ManagedChannel ch) {
        try {
            MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .systemQuery(SystemQueryReq.getDefaultInstance());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static StatusRuntimeException denied(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call was served");
    }

    @Test
    public void nodeFormsOverMutualTlsAndEachComponentGetsOnlyItsMethods() throws Exception {
        Material m = TlsFiles.generate(DIST.dist().home, Files.createDirectories(work.resolve("pki")));
        Material foreign = TlsFiles.generate(DIST.dist().home, Files.createDirectories(work.resolve("foreign")));
        NodeSupport node = work.node(false);
        useTransport(node.config(), secureTransport(m.ca(), m.crt("server"), m.key("server"),
                clientCertDir(work.dir(), m)));

        ServerProcess server = work.start("start", "-o", node.config().toString());
        assertEquals(node.port, server.awaitListening(START_MS));
        ManagedChannel admin = as(m, m.crt("admin"), m.key("admin"), node.port);
        // both ranks joined: rank 1 over TLS with the server certificate (Join is server-only)
        node.formatAndAwaitJoined(server, admin, EVENT_MS);

        List<SystemMember> members = MgmtCtlGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS)
                .systemQuery(SystemQueryReq.getDefaultInstance()).getMembersList();
        assertEquals(members.toString(), 2, members.size());
        for (int rank = 0; rank < 2; rank++) {
            assertEquals(rank, members.get(rank).getRank());
            assertEquals(members.toString(), STARTED, members.get(rank).getState());
        }

        ManagedChannel agent = as(m, m.crt("agent"), m.key("agent"), node.port);
        StatusRuntimeException poolCreate = denied(() -> MgmtSvcGrpc.newBlockingStub(agent)
                .withDeadlineAfter(30, TimeUnit.SECONDS).poolCreate(PoolCreateReq.getDefaultInstance()));
        assertEquals(Status.Code.PERMISSION_DENIED, poolCreate.getStatus().getCode());
        assertEquals("agent does not have permission to call /mgmt.MgmtSvc/PoolCreate",
                poolCreate.getStatus().getDescription());

        StatusRuntimeException join = denied(() -> MgmtSvcGrpc.newBlockingStub(admin)
                .withDeadlineAfter(30, TimeUnit.SECONDS).join(JoinReq.getDefaultInstance()));
        assertEquals(Status.Code.PERMISSION_DENIED, join.getStatus().getCode());
        assertEquals("admin does not have permission to call /mgmt.MgmtSvc/Join", join.getStatus().getDescription());

        // handshakes the server refuses: every one fails the call before any method runs
        assertEquals("plaintext", Status.Code.UNAVAILABLE, systemQueryCode(work.channel(node.port)));
        assertEquals("no client certificate", Status.Code.UNAVAILABLE, systemQueryCode(as(m, null, null, node.port)));
        assertEquals("admin certificate of an unrelated CA", Status.Code.UNAVAILABLE,
                systemQueryCode(as(m, foreign.crt("admin"), foreign.key("admin"), node.port)));
        Instant now = Instant.now();
        Path expired = work.resolve("expired.crt");
        TlsFiles.issue(m, "admin", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), expired,
                work.resolve("expired.key"));
        assertEquals("expired admin certificate", Status.Code.UNAVAILABLE,
                systemQueryCode(as(m, expired, work.resolve("expired.key"), node.port)));
        Path early = work.resolve("early.crt");
        TlsFiles.issue(m, "admin", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), early,
                work.resolve("early.key"));
        assertEquals("not-yet-valid admin certificate", Status.Code.UNAVAILABLE,
                systemQueryCode(as(m, early, work.resolve("early.key"), node.port)));
        // the same CA's valid admin certificate from the same helper is served: the refusals above
        // are the validity dates, not the helper's certificates
        Path fresh = work.resolve("fresh.crt");
        TlsFiles.issue(m, "admin", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), fresh,
                work.resolve("fresh.key"));
        assertEquals(Status.Code.OK, systemQueryCode(as(m, fresh, work.resolve("fresh.key"), node.port)));

        credentialsOverTheControlSocket(node, m);
        hotAddedModulesAreDeniedUnlessTheyDeclare(server, node, admin, agent);

        // and the node still serves its admin
        assertEquals(Status.Code.OK, systemQueryCode(admin));
        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
    }

    /**
     * Credential validation on {@code daos_server.sock} (dRPC module 4, method 401), as an engine
     * asks it: a token signed with the agent key whose certificate is in {@code client_cert_dir}
     * comes back; a tampered token and another key's signature are {@code -1001}, an origin with
     * no certificate there {@code -1026}.
     */
    private static void credentialsOverTheControlSocket(NodeSupport node, Material m) throws Exception {
        Path socket = node.work.resolve("run").resolve("daos_server.sock");
        PrivateKey agentKey = TlsFiles.privateKey(m.key("agent"));
        Token token = token("alice");
        ValidateCredResp ok = validate(socket, credential(token, sign(token, agentKey), "agent"));
        assertEquals(ok.toString(), 0, ok.getStatus());
        assertEquals(token, ok.getToken());
        assertEquals("tampered token", Der.NO_PERM,
                validate(socket, credential(token("root"), sign(token, agentKey), "agent")).getStatus());
        assertEquals("signed with another key", Der.NO_PERM, validate(socket,
                credential(token, sign(token, TlsFiles.privateKey(m.key("admin"))), "agent")).getStatus());
        assertEquals("no certificate for the origin", Der.BADPATH,
                validate(socket, credential(token, sign(token, agentKey), "nobody")).getStatus());
    }

    private static Token token(String user) {
        Sys sys = Sys.newBuilder().setMachinename("node1").setUser(user + "@").setGroup("users@").addGroups("users@")
                .build();
        return Token.newBuilder().setFlavor(Flavor.AUTH_SYS).setData(sys.toByteString()).build();
    }

    private static byte[] sign(Token token, PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("SHA512withRSA");
        s.initSign(key);
        s.update(token.toByteArray());
        return s.sign();
    }

    private static Credential credential(Token token, byte[] verifier, String origin) {
        return Credential.newBuilder().setToken(token).setVerifier(Token.newBuilder().setFlavor(Flavor.AUTH_SYS)
                .setData(ByteString.copyFrom(verifier))).setOrigin(origin).build();
    }

    /** One ValidateCreds call on its own SOCK_SEQPACKET connection. */
    private static ValidateCredResp validate(Path socket, Credential cred) throws Exception {
        try (AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance(AFSocketType.SOCK_SEQPACKET)) {
            s.setSoTimeout(30_000);
            s.connect(AFUNIXSocketAddress.of(socket));
            byte[] call = Call.newBuilder().setModule(DrpcIds.MODULE_SEC).setMethod(DrpcIds.SEC_VALIDATE_CREDS)
                    .setSequence(7).setBody(ValidateCredReq.newBuilder().setCred(cred).build().toByteString()).build()
                    .toByteArray();
            s.send(new DatagramPacket(call, call.length));
            byte[] in = new byte[DrpcIds.MAX_MSG_SIZE];
            DatagramPacket p = new DatagramPacket(in, in.length);
            s.receive(p);
            Response r = Response.parseFrom(ByteString.copyFrom(in, 0, p.getLength()));
            assertEquals(r.toString(), io.daos.control.proto.drpc.Status.SUCCESS, r.getStatus());
            return ValidateCredResp.parseFrom(r.getBody());
        }
    }

    /**
     * Modules hot-added to the secure node: the echo example declares {@code admin} and serves it
     * (its declaration logged), and only it; the reverse example declares nothing and is denied to
     * every component.
     */
    private void hotAddedModulesAreDeniedUnlessTheyDeclare(ServerProcess server, NodeSupport node,
            ManagedChannel admin, ManagedChannel agent) throws Exception {
        Path deploy = DIST.dist().deploy();
        work.atEnd(() -> {
            Files.deleteIfExists(deploy.resolve("echo.jar"));
            Files.deleteIfExists(deploy.resolve("reverse.jar"));
        });
        int mark = node.logLines();
        deploy(DIST.dist().example("reverse"), deploy, "reverse.jar");
        deploy(DIST.dist().example("echo"), deploy, "echo.jar");
        awaitServing(admin, ReverseGrpc.SERVICE_NAME);
        awaitServing(admin, EchoGrpc.SERVICE_NAME);
        node.awaitLog(server, mark, l -> l.contains("[" + EchoGrpc.SERVICE_NAME + "] allowed to"), EVENT_MS);

        EchoReq hi = EchoReq.newBuilder().setText("hi").build();
        assertEquals("hi", EchoGrpc.newBlockingStub(admin).withDeadlineAfter(30, TimeUnit.SECONDS).echo(hi).getText());
        StatusRuntimeException echo = denied(() -> EchoGrpc.newBlockingStub(agent)
                .withDeadlineAfter(30, TimeUnit.SECONDS).echo(hi));
        assertEquals("agent does not have permission to call /" + EchoGrpc.SERVICE_NAME + "/Echo",
                echo.getStatus().getDescription());
        for (ManagedChannel who : List.of(admin, agent)) {
            StatusRuntimeException reverse = denied(() -> ReverseGrpc.newBlockingStub(who)
                    .withDeadlineAfter(30, TimeUnit.SECONDS).reverse(ReverseReq.newBuilder().setText("hi").build()));
            assertEquals(Status.Code.PERMISSION_DENIED, reverse.getStatus().getCode());
            assertTrue(reverse.getStatus().getDescription(), reverse.getStatus().getDescription()
                    .endsWith(" does not have permission to call /" + ReverseGrpc.SERVICE_NAME + "/Reverse"));
        }
    }

    /** Copies a jar into deploy/ the safe way: hidden temp name, then an atomic rename. */
    private static void deploy(Path jar, Path deploy, String name) throws IOException {
        Path tmp = deploy.resolve("." + name + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits, on the server's health watch, until {@code service} is served. */
    private static void awaitServing(ManagedChannel ch, String service) {
        Iterator<HealthCheckResponse> watch = HealthGrpc.newBlockingStub(ch).withDeadlineAfter(EVENT_MS,
                TimeUnit.MILLISECONDS).watch(HealthCheckRequest.newBuilder().setService(service).build());
        while (watch.next().getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
            // the next status change
        }
    }
}
