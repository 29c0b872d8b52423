package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;

import io.daos.control.itest.e2e.ApCluster.Node;
import io.daos.control.itest.support.TlsFiles;
import io.daos.control.itest.support.TlsFiles.Material;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.mgmt.JoinReq;
import io.daos.control.proto.mgmt.JoinResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A secure system of three access points on 127.0.0.2, .3 and .4 (as {@link LoopbackApIT}), every
 * node with the same daos_gen_certs material and {@code allow_insecure: false}, every client of the
 * test on the admin certificate (issue 14, "Clients": every control-server-to-control-server call
 * goes through the client layer with the server certificate and the expected name
 * {@code server}). The methods those calls use are the {@code server} component's only, so each
 * success below proves the server certificate: the six Joins ({@code mgmt.MgmtSvc/Join}, to the
 * first access point and, when it is a follower, on to the leader as
 * {@code peer.ControlPeer/Forward}), a SystemQuery through a follower (Forward to the leader), a
 * SystemStop and a SystemStart through the two followers (Forward, then the leader's fanout of
 * PrepShutdownRanks, StopRanks, StartRanks and PingRanks to every host's harness). Then an
 * agent's SystemQuery is denied by the follower it reaches, a plaintext client is refused by every
 * node, and a Join made with the server certificate through a follower is forwarded to the leader
 * (whichever node leads, so that a forwarded Join is proved even when the first access point,
 * which every instance joins through, is the leader).
 */
public class SecureSystemIT {

    private static final int STARTED = 1;

    @Rule
    public final WorkRule rule = new WorkRule();

    @Test
    public void accessPointsCallEachOtherWithTheServerCertificate() throws Exception {
        Assume.assumeTrue("needs root: the ram SCM is a tmpfs mount", NodeSupport.isRoot());
        ApCluster c = ApCluster.create(rule, true);
        Path pki = rule.own(Files.createTempDirectory("e2e-secure-system-pki-"));
        Material m = TlsFiles.generate(c.nodes.get(0).support.dist.home, pki);
        String transport = SecureNodeIT.secureTransport(m.ca(), m.crt("server"), m.key("server"),
                SecureNodeIT.clientCertDir(pki, m));
        for (Node n : c.nodes) {
            SecureNodeIT.useTransport(n.support.config(), transport);
        }
        c.clientTls(TlsFiles.client(m.ca(), m.crt("admin"), m.key("admin")));
        // formatted over TLS as admin; each node waits until both its instances joined and started
        c.startAndFormat();

        int leader = c.leader(c.nodes.get(0));
        List<Node> followers = c.nodes.stream().filter(n -> n.index != leader).toList();
        Map<Integer, Node> nodeOfRank = LoopbackApIT.nodeOfRank(c);
        Map<Integer, SystemMember> members = ApCluster.members(followers.get(0));
        assertEquals("six ranks joined, listed through a follower: " + members,
                new TreeSet<>(List.of(0, 1, 2, 3, 4, 5)), members.keySet());
        assertEquals("every node started two ranks: " + nodeOfRank, members.keySet(), nodeOfRank.keySet());
        for (SystemMember member : members.values()) {
            assertEquals(member.toString(), STARTED, member.getState());
            assertEquals("rank " + member.getRank() + " at its node's own address",
                    nodeOfRank.get(member.getRank()).address(), member.getAddr());
        }

        LoopbackApIT.stopAndStartThroughFollowers(c, leader, members.keySet());

        Node follower = followers.get(1);
        ManagedChannel agent = rule.channel(follower.host, follower.port(),
                TlsFiles.client(m.ca(), m.crt("agent"), m.key("agent")));
        StatusRuntimeException denied = systemQueryFails(agent);
        assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
        assertEquals("agent does not have permission to call /ctl.MgmtCtl/SystemQuery",
                denied.getStatus().getDescription());

        for (Node n : c.nodes) {
            StatusRuntimeException plain = systemQueryFails(rule.channel(n.host, n.port(), null));
            assertEquals(n.address() + " refuses plaintext: " + plain, Status.Code.UNAVAILABLE,
                    plain.getStatus().getCode());
        }
        // the admin is still served, through either follower
        for (Node n : followers) {
            assertTrue(ApCluster.members(n).values().stream().allMatch(s -> s.getState() == STARTED));
        }

        // a Join through a follower, whoever the first access point is: the follower forwards it
        // to the leader (peer.ControlPeer/Forward, the server's own) over TLS
        ManagedChannel server = rule.channel(follower.host, follower.port(),
                TlsFiles.client(m.ca(), m.crt("server"), m.key("server")));
        JoinReq join = LoopbackApIT.newMemberJoin();
        JoinResp joined = MgmtSvcGrpc.newBlockingStub(server).withDeadlineAfter(60, TimeUnit.SECONDS).join(join);
        assertEquals("a Join forwarded by a follower: " + joined, 0, joined.getStatus());
        assertEquals("the seventh rank", 6, joined.getRank());
        SystemMember seventh = ApCluster.members(c.nodes.get(leader)).get(6);
        assertEquals("the leader recorded it: " + seventh, join.getUuid(), seventh.getUuid());
    }

    /** A SystemQuery on {@code ch} that must fail; its error. */
    private static StatusRuntimeException systemQueryFails(ManagedChannel ch) {
        try {
            MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .systemQuery(SystemQueryReq.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the SystemQuery was served");
    }
}
