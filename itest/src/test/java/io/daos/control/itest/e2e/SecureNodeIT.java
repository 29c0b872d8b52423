package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.support.TlsFiles;
import io.daos.control.itest.support.TlsFiles.Material;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

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

        // and the node still serves its admin
        assertEquals(Status.Code.OK, systemQueryCode(admin));
        server.terminate();
        assertEquals(0, server.awaitExit(START_MS));
    }
}
