package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.daos.control.management.internal.db.LocalStore;

import io.daos.control.api.config.ServerConfig;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

public class MgmtServiceTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("10.1.2.3", 45678);
    private static final String UUID_A = "a106d667-5c5d-4d6f-ac3a-89099196c41a";
    private static final String UUID_B = "0f5c7e4a-3a52-4c1b-9a55-2f1d3c1e0b7d";
    private static final String UUID_C = "5b0e7c1a-1d2e-4f3a-8b9c-0d1e2f3a4b5c";

    private final LocalStore store = new LocalStore();
    private final StoreMembership membership = new StoreMembership(store);

    /** A ServerConfig answering only what the service asks. */
    private static ServerConfig config(String name, List<String> aps, int servers) {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "systemName" -> name;
                    case "accessPoints" -> aps;
                    case "servers" -> java.util.Collections.nCopies(servers, null);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A started harness whose MS replica answers Join with {@code reply}. */
    private static class FakeHarness extends StubHarness {
        final AtomicReference<byte[]> forwarded = new AtomicReference<>();
        final JoinResp reply;

        FakeHarness(JoinResp reply, boolean started) {
            super(started);
            this.reply = reply;
        }

        @Override
        public int msReplicaTargets() throws FaultException, IOException {
            if (reply == null) {
                throw new IOException("instance is not an access point");
            }
            return 8;
        }

        @Override
        public byte[] callMsReplica(int method, byte[] body, Duration timeout) throws FaultException, IOException {
            assertEquals(DrpcIds.MGMT_JOIN, method);
            forwarded.set(body);
            if (reply == null) {
                throw new IOException("instance is not an access point");
            }
            return reply.toByteArray();
        }
    }

    private MgmtService service(Harness h) {
        return new MgmtService(config("daos_server", List.of("localhost:10001"), 2), () -> h, store);
    }

    private static JoinReq joinReq(String uuid) {
        return JoinReq.newBuilder().setUuid(uuid).setRank((int) Rank.NIL_VALUE).setUri("ofi+sockets://x:1")
                .setNctxs(3).setAddr("0.0.0.0:10001").build();
    }

    /** The bootstrap replica as the harness registers it: rank 0. */
    private void bootstrap() {
        assertTrue(membership.addOrUpdate(new Member(Rank.of(0), UUID_B, "127.0.0.1:10001", MemberState.STARTED)));
    }

    @Test
    public void joinTakesTheRankFromTheDbRecordsThePeerAddressAndTellsTheDataPlaneThatRank() throws Exception {
        bootstrap();
        FakeHarness h = new FakeHarness(JoinResp.newBuilder().setStatus(0).setRank(1).build(), true);
        JoinReq req = joinReq(UUID_A);
        JoinResp resp = service(h).join(req, PEER);
        assertEquals(JoinResp.newBuilder().setRank(1).setState(JoinResp.State.IN).build(), resp);
        assertEquals(req.toBuilder().setRank(1).build(), JoinReq.parseFrom(h.forwarded.get()));
        assertEquals(new Member(Rank.of(1), UUID_A, "10.1.2.3:10001", MemberState.STARTED),
                membership.member(Rank.of(1)).orElseThrow());
        io.daos.control.management.internal.db.Member m = store.view().member(1).orElseThrow();
        assertEquals("ofi+sockets://x:1", m.uri());
        assertEquals(3, m.nctxs());
    }

    @Test
    public void aRejoinKeepsItsRankAndAChangedRankIsRefusedWithoutTheDataPlane() throws Exception {
        bootstrap();
        FakeHarness h = new FakeHarness(JoinResp.newBuilder().setStatus(0).build(), true);
        assertEquals(1, service(h).join(joinReq(UUID_A), PEER).getRank());
        membership.updateState(Rank.of(1), MemberState.STOPPED);
        assertEquals(1, service(h).join(joinReq(UUID_A).toBuilder().setRank(1).build(), PEER).getRank());
        assertEquals(MemberState.STARTED, membership.member(Rank.of(1)).orElseThrow().state());
        h.forwarded.set(null);
        assertEquals(-1014, service(h).join(joinReq(UUID_A).toBuilder().setRank(7).build(), PEER).getStatus());
        assertEquals(-1004, service(h).join(joinReq(UUID_C).toBuilder().setRank(1).build(), PEER).getStatus());
        assertEquals("refusals decided by the DB are not forwarded", null, h.forwarded.get());
    }

    @Test
    public void anEvictedMemberIsAnsweredOutWithoutTheDataPlane() {
        bootstrap();
        FakeHarness h = new FakeHarness(JoinResp.newBuilder().setStatus(0).build(), true);
        service(h).join(joinReq(UUID_A), PEER);
        membership.updateState(Rank.of(1), MemberState.EVICTED);
        h.forwarded.set(null);
        JoinResp r = service(h).join(joinReq(UUID_A), PEER);
        assertEquals(JoinResp.newBuilder().setRank(1).setState(JoinResp.State.OUT).build(), r);
        assertEquals(null, h.forwarded.get());
    }

    @Test
    public void aDataPlaneRefusalIsReturnedVerbatimAndTheRetryGetsTheSameRank() {
        bootstrap();
        FakeHarness refusing = new FakeHarness(JoinResp.newBuilder().setStatus(-1004).build(), true);
        assertEquals(-1004, service(refusing).join(joinReq(UUID_A), PEER).getStatus());
        FakeHarness ok = new FakeHarness(JoinResp.newBuilder().setStatus(0).build(), true);
        assertEquals(1, service(ok).join(joinReq(UUID_A), PEER).getRank());
        assertEquals(2, membership.members().size());
    }

    @Test
    public void harnessAbsentOrNotStartedIsFault647() {
        for (Harness h : new Harness[] {null, new FakeHarness(JoinResp.getDefaultInstance(), false)}) {
            try {
                service(h).join(joinReq(UUID_A), PEER);
                fail();
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
                assertEquals(Faults.SERVER_HARNESS_NOT_STARTED.toString(), e.getStatus().getDescription());
                com.google.rpc.Status details = StatusProto.fromThrowable(e);
                assertEquals(1, details.getDetailsCount());
                assertTrue(details.getDetails(0).toString().contains("proto.fault.Fault"));
            }
        }
    }

    @Test
    public void notAnAccessPointIsAPlainError() {
        try {
            service(new FakeHarness(null, true)).join(joinReq(UUID_A), PEER);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals("instance is not an access point", e.getStatus().getDescription());
        }
    }

    @Test
    public void replyAddressErrors() {
        assertEquals("10.1.2.3:7", MgmtService.replyAddress(PEER, "0.0.0.0:7"));
        expectError(() -> MgmtService.replyAddress(null, "0.0.0.0:1"), "peer details not found in context");
        expectError(() -> MgmtService.replyAddress(PEER, "0.0.0.0"), "get listening port");
    }

    /** JoinReq.addr parsed as the reference's net.SplitHostPort (HostPort), with its texts. */
    @Test
    public void replyAddressTextsAndIpv6() {
        String prefix = "combining peer addr with listener port: ";
        assertEquals("[0:0:0:0:0:0:0:1]:10001", MgmtService.replyAddress(new InetSocketAddress("::1", 4), "0.0.0.0:10001"));
        assertEquals("10.1.2.3:10001", MgmtService.replyAddress(PEER, "[::]:10001"));
        expectExactly(() -> MgmtService.replyAddress(PEER, "0.0.0.0"),
                prefix + "get listening port: address 0.0.0.0: missing port in address");
        expectExactly(() -> MgmtService.replyAddress(PEER, "a:b:1"),
                prefix + "get listening port: address a:b:1: too many colons in address");
        expectExactly(() -> MgmtService.replyAddress(PEER, "host:port"),
                prefix + "get listening port: invalid port \"port\"");
        expectExactly(() -> MgmtService.replyAddress(new java.net.SocketAddress() {
            @Override
            public String toString() {
                return "@unix";
            }
        }, "0.0.0.0:1"), prefix + "peer address (@unix) not tcp");
    }

    private static void expectExactly(Runnable r, String text) {
        try {
            r.run();
            fail("expected: " + text);
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals(text, e.getStatus().getDescription());
        }
    }

    @Test
    public void leaderQuery() {
        MgmtService s = new MgmtService(config("daos_server", List.of("a:10001", "b:10001"), 1), () -> null,
                store);
        LeaderQueryResp r = s.leaderQuery(LeaderQueryReq.newBuilder().setSystem("daos_server").build());
        assertEquals("a:10001", r.getCurrentLeader());
        assertEquals(List.of("a:10001", "b:10001"), r.getReplicasList());
        expectError(() -> s.leaderQuery(LeaderQueryReq.newBuilder().setSystem("quack").build()),
                "received leader query for wrong system (local: \"daos_server\", req: \"quack\")");
        MgmtService none = new MgmtService(config("daos_server", List.of("a"), 0), () -> null, store);
        expectError(() -> none.leaderQuery(LeaderQueryReq.newBuilder().setSystem("daos_server").build()),
                "no I/O servers configured; can't determine leader");
    }

    @Test
    public void defect3AHundredKilobyteAddrIsInvalidArgumentBeforeAnythingElse() {
        FakeHarness h = new FakeHarness(JoinResp.newBuilder().setStatus(0).setRank(2).build(), true);
        String huge = "1".repeat(100_000);
        for (JoinReq req : List.of(joinReq(UUID_A).toBuilder().setAddr(huge).build(),
                joinReq(UUID_A).toBuilder().setUri(huge).build(), joinReq(huge))) {
            try {
                service(h).join(req, PEER);
                fail("joined with a 100 KB field");
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
                String d = e.getStatus().getDescription();
                assertTrue(d, d.matches("(addr|uri|uuid): too long \\(100000 characters, at most \\d+\\): "
                        + "\"1{40}\"\\.\\.\\. \\(100000 characters\\)"));
            }
        }
        assertEquals("nothing forwarded", null, h.forwarded.get());
    }

    @Test
    public void defect3AnAddrErrorQuotesOnlyAPrefix() {
        String prefix = "combining peer addr with listener port: get listening port: ";
        String addr = "h".repeat(1000);
        expectExactly(() -> MgmtService.replyAddress(PEER, addr),
                prefix + "address " + "h".repeat(40) + "... (1000 characters): missing port in address");
        expectExactly(() -> MgmtService.replyAddress(PEER, "0.0.0.0:" + "9".repeat(1000)),
                prefix + "invalid port \"" + "9".repeat(40) + "... (1000 characters)\"");
    }

    @Test
    public void whatTheDataPlaneRefusesIsAnsweredWithItsStatusWithoutForwarding() {
        FakeHarness h = new FakeHarness(JoinResp.newBuilder().setStatus(0).setRank(2).build(), true);
        for (JoinReq req : List.of(joinReq("uuid-a"), joinReq(UUID_A + "0"),
                joinReq(UUID_A).toBuilder().setAddr("h".repeat(122) + ":10001").build(),
                joinReq(UUID_A).toBuilder().setUri("u".repeat(128)).build())) {
            assertEquals(req.toString(), JoinResp.newBuilder().setStatus(-1003).build(), service(h).join(req, PEER));
        }
        assertEquals(null, h.forwarded.get());
        assertTrue(membership.members().isEmpty());
        JoinReq longest = joinReq(UUID_A).toBuilder().setAddr("h".repeat(121) + ":10001")
                .setUri("u".repeat(127)).build();
        bootstrap();
        assertEquals(1, service(h).join(longest, PEER).getRank());
        assertEquals(longest.toBuilder().setRank(1).build(), parse(h.forwarded.get()));
    }

    private static JoinReq parse(byte[] body) {
        try {
            return JoinReq.parseFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void defect3AHundredKilobyteSystemIsInvalidArgumentAndAWrongOneQuotesAPrefix() {
        MgmtService s = new MgmtService(config("daos_server", List.of("a:10001"), 1), () -> null, store);
        try {
            s.leaderQuery(LeaderQueryReq.newBuilder().setSystem("s".repeat(100_000)).build());
            fail("answered a 100 KB system name");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals("system: too long (100000 characters, at most 255): \"" + "s".repeat(40)
                    + "\"... (100000 characters)", e.getStatus().getDescription());
        }
        // within the bound the reference's error stays, its echo shortened
        expectExactly(() -> s.leaderQuery(LeaderQueryReq.newBuilder().setSystem("s".repeat(255)).build()),
                "received leader query for wrong system (local: \"daos_server\", req: \"" + "s".repeat(40)
                        + "\"... (255 characters))");
    }

    private static void expectError(Runnable r, String text) {
        try {
            r.run();
            fail();
        } catch (StatusRuntimeException e) {
            assertTrue(e.getStatus().getDescription(), e.getStatus().getDescription().contains(text));
        }
    }

    // ---------------------------------------------------------------- several access points

    private static final List<String> THREE = List.of("10.0.0.1:10001", "10.0.0.2:10001", "10.0.0.3:10001");

    /** A harness of several access points whose instance 0 is an MS replica with {@code uuid}. */
    private static final class ReplicaHarness extends FakeHarness {
        final String uuid;

        ReplicaHarness(String uuid) {
            super(JoinResp.newBuilder().setStatus(0).build(), true);
            this.uuid = uuid;
        }

        @Override
        public List<io.daos.control.api.harness.LocalInstance> localInstances() {
            return List.of(new io.daos.control.api.harness.LocalInstance(0, uuid, null, true),
                    new io.daos.control.api.harness.LocalInstance(1, UUID_C, null, false));
        }
    }

    private static MgmtService threeAps(Harness h, io.daos.control.management.internal.db.SystemStore s) {
        return new MgmtService(config("daos_server", THREE, 2), () -> h, s);
    }

    @Test
    public void intoAnEmptyDbOfSeveralAccessPointsOnlyTheLeadersOwnReplicaJoinsAndTakesRank0() {
        io.daos.control.management.internal.peer.FakeStore s = new io.daos.control.management.internal.peer.FakeStore();
        s.leadership = new io.daos.control.management.internal.db.SystemStore.Leadership(1, 1, 3, 2);
        ReplicaHarness h = new ReplicaHarness(UUID_B);
        JoinResp early = threeAps(h, s).join(joinReq(UUID_A), PEER);
        assertEquals("another server waits for the bootstrap", -2008, early.getStatus());
        early = threeAps(h, s).join(joinReq(UUID_C), PEER);
        assertEquals("the leader's instance 1 too: it is no replica", -2008, early.getStatus());
        assertTrue(s.view().members().isEmpty());
        JoinResp boot = threeAps(h, s).join(joinReq(UUID_B), PEER);
        assertEquals(JoinResp.newBuilder().setRank(0).setState(JoinResp.State.IN).build(), boot);
        assertEquals("the replica's own engine is not told: its MS starts after the Join", null, h.forwarded.get());
        assertEquals("10.1.2.3:10001", s.view().member(0).orElseThrow().addr());
        JoinResp next = threeAps(h, s).join(joinReq(UUID_A), PEER);
        assertEquals(JoinResp.newBuilder().setRank(1).setState(JoinResp.State.IN).build(), next);
        assertEquals("others are told to the MS engine", UUID_A, parse(h.forwarded.get()).getUuid());
        h.forwarded.set(null);
        assertEquals("the replica's rejoin keeps rank 0, still without its engine", 0,
                threeAps(h, s).join(joinReq(UUID_B), PEER).getRank());
        assertEquals(null, h.forwarded.get());
    }

    @Test
    public void aConfiguredRankIsTheBootstrapRank() {
        io.daos.control.management.internal.peer.FakeStore s = new io.daos.control.management.internal.peer.FakeStore();
        s.leadership = new io.daos.control.management.internal.db.SystemStore.Leadership(0, 0, 3, 2);
        JoinResp boot = threeAps(new ReplicaHarness(UUID_B), s).join(joinReq(UUID_B).toBuilder().setRank(7).build(),
                PEER);
        assertEquals(7, boot.getRank());
        assertEquals(UUID_B, s.view().member(7).orElseThrow().uuid().toString());
    }

    @Test
    public void leaderQueryOfSeveralAccessPointsNamesTheRaftLeader() {
        io.daos.control.management.internal.peer.FakeStore s = new io.daos.control.management.internal.peer.FakeStore();
        s.leadership = new io.daos.control.management.internal.db.SystemStore.Leadership(0, 2, 3, 2);
        LeaderQueryReq q = LeaderQueryReq.newBuilder().setSystem("daos_server").build();
        LeaderQueryResp r = threeAps(new ReplicaHarness(UUID_B), s).leaderQuery(q);
        assertEquals("10.0.0.3:10001", r.getCurrentLeader());
        assertEquals(THREE, r.getReplicasList());
        s.leadership = new io.daos.control.management.internal.db.SystemStore.Leadership(0, -1, 3, 3);
        s.afterWait = new io.daos.control.management.internal.db.SystemStore.Leadership(0, 1, 3, 3);
        assertEquals("an election in progress is waited for", "10.0.0.2:10001",
                threeAps(new ReplicaHarness(UUID_B), s).leaderQuery(q).getCurrentLeader());
        s.leadership = new io.daos.control.management.internal.db.SystemStore.Leadership(0, -1, 3, 4);
        s.afterWait = null;
        try {
            threeAps(new ReplicaHarness(UUID_B), s).leaderQuery(q);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals("failed to determine current leader address: no leader elected (a majority of the 3 access"
                    + " points must be up and reach each other)", e.getStatus().getDescription());
        }
    }
}
