package io.daos.control.management.internal.raft;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.junit.Test;

import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;

/** The settings, the address parsing, the Timing bounds, and the leader client once closed. */
public class RaftConfigTest {

    @Test
    public void aFollowerThatKnowsNoLeaderIsSaidToAndNotToHaveJustHeardFromOne() {
        org.apache.ratis.proto.RaftProtos.RaftPeerProto leader = org.apache.ratis.proto.RaftProtos.RaftPeerProto
                .newBuilder().setId(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFromUtf8("ms1"))
                .build();
        org.apache.ratis.proto.RaftProtos.ServerRpcProto heard = org.apache.ratis.proto.RaftProtos.ServerRpcProto
                .newBuilder().setId(leader).setLastRpcElapsedTimeMs(120).build();
        assertEquals("follower in term 7 for 366 ms, last heard from a leader 120 ms ago",
                RaftConfig.describe(follower(heard)));
        // what Ratis 3.3.0 gives while the follower knows no leader: an empty entry, its time 0
        assertEquals("follower in term 7 for 366 ms, knowing no leader",
                RaftConfig.describe(follower(org.apache.ratis.proto.RaftProtos.ServerRpcProto.getDefaultInstance())));
    }

    /** A follower's division info in term 7 for 366 ms, with {@code leader} as its leader entry. */
    private static org.apache.ratis.server.DivisionInfo follower(org.apache.ratis.proto.RaftProtos.ServerRpcProto leader) {
        org.apache.ratis.proto.RaftProtos.RoleInfoProto role = org.apache.ratis.proto.RaftProtos.RoleInfoProto
                .newBuilder().setRole(org.apache.ratis.proto.RaftProtos.RaftPeerRole.FOLLOWER).setRoleElapsedTimeMs(366)
                .setFollowerInfo(org.apache.ratis.proto.RaftProtos.FollowerInfoProto.newBuilder().setLeaderInfo(leader))
                .build();
        return (org.apache.ratis.server.DivisionInfo) java.lang.reflect.Proxy.newProxyInstance(
                RaftConfigTest.class.getClassLoader(), new Class<?>[] {org.apache.ratis.server.DivisionInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRoleInfoProto" -> role;
                    case "getCurrentRole" -> org.apache.ratis.proto.RaftProtos.RaftPeerRole.FOLLOWER;
                    case "getCurrentTerm" -> 7L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void thePortCheckRefusesAPeerConnectingMeanwhileAndNamesATakenPort() throws Exception {
        try (java.net.Socket probe = RaftConfig.probe("127.0.0.1", 0);
                java.net.Socket peer = new java.net.Socket()) {
            java.net.InetSocketAddress at = new java.net.InetSocketAddress("127.0.0.1", probe.getLocalPort());
            // accepted and then reset when the check closed, a leader's connection used to wedge its
            // Netty client for good (Ratis 3.3.0): refused, it is retried
            assertThrows(java.net.ConnectException.class, () -> peer.connect(at, 10_000));
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class, () -> RaftConfig.bindable("127.0.0.1", taken.getLocalPort()));
            assertTrue(e.getMessage(), e.getMessage().startsWith("system DB port 127.0.0.1:" + taken.getLocalPort()
                    + " cannot be bound"));
        }
    }

    @Test
    public void addressesSplitIntoHostAndPortOrAreRefusedByName() throws IOException {
        assertEquals("10.0.0.1", RaftConfig.host("10.0.0.1:10002"));
        assertEquals(10002, RaftConfig.port("10.0.0.1:10002"));
        assertEquals("::1", RaftConfig.host("::1:7"));
        IOException e = assertThrows(IOException.class, () -> RaftConfig.port("host:x"));
        assertTrue(e.getMessage(), e.getMessage().contains("host:x"));
        assertThrows(IOException.class, () -> RaftConfig.host("nocolon"));
    }

    @Test
    public void peersAreNamedByTheirIndex() {
        List<String> a = List.of("h0:1", "h1:2", "h2:3");
        assertEquals("ms2", RaftConfig.peers(a).get(2).getId().toString());
        assertEquals("h1:2", RaftConfig.peers(a).get(1).getAddress());
    }

    @Test
    public void timingIsBoundedAndSetForSeveralPeersOnly() {
        assertThrows(IllegalArgumentException.class, () -> new RaftStore.Timing(Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThrows(IllegalArgumentException.class, () -> new RaftStore.Timing(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RaftStore.Timing(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        RaftStore.Timing t = RaftStore.Timing.DEFAULT;
        assertEquals(Duration.ofSeconds(3), t.requestTimeout());
        assertEquals(Duration.ofMillis(200), t.retryPause());
        RaftProperties several = RaftConfig.server(java.nio.file.Path.of("/tmp"), "127.0.0.1", 1, RaftStore.Tuning.DEFAULT, t, false);
        assertEquals(1000, RaftServerConfigKeys.Rpc.timeoutMin(several).toLong(java.util.concurrent.TimeUnit.MILLISECONDS));
        // no pre-vote: a peer that hears no leader stands (ResetPeerTest, the Ratis reset wedge)
        assertFalse(RaftServerConfigKeys.LeaderElection.preVote(several));
        assertEquals(RaftServerConfigKeys.Read.Option.LINEARIZABLE, RaftServerConfigKeys.Read.option(several));
        RaftProperties one = RaftConfig.server(java.nio.file.Path.of("/tmp"), "127.0.0.1", 1, RaftStore.Tuning.DEFAULT, t, true);
        assertEquals(RaftServerConfigKeys.Read.Option.DEFAULT, RaftServerConfigKeys.Read.option(one));
    }

    @Test
    public void aClosedLeaderClientRefusesToSend() {
        LeaderClient c = new LeaderClient(RaftGroup.valueOf(RaftStore.groupId("s"), RaftConfig.peers(List.of("127.0.0.1:1"))),
                RaftStore.Timing.DEFAULT, () -> -1);
        c.close();
        c.close();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> c.send(new byte[] {1}, System.nanoTime() + 1_000_000_000L));
        assertTrue(e.getMessage(), e.getMessage().contains("closed"));
    }
}
