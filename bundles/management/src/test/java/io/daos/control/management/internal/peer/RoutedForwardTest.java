package io.daos.control.management.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Test;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.net.HostPort;
import io.daos.control.management.internal.db.SystemStore.Leadership;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.peer.ControlPeerGrpc;
import io.daos.control.proto.peer.ForwardReq;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;

/**
 * A method another module routed ({@code ctl.MgmtCtl/SystemStop}, as the fanout will) called on a
 * follower access point and run by the leader's own definition: the follower's {@link LeaderRouting}
 * wrap, a peer client over gRPC, the leader's {@link PeerService} finding it in {@link RoutedMethods}.
 */
public class RoutedForwardTest {

    private static final List<String> APS = List.of("10.0.0.1:10001", "10.0.0.2:10001", "10.0.0.3:10001");
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);

    private final FakeStore leaderStore = new FakeStore();
    private final FakeStore followerStore = new FakeStore();
    private final RoutedMethods leaderRouted = new RoutedMethods();
    private final AtomicInteger followerRuns = new AtomicInteger();
    private final AtomicLong leaderSawDeadlineSeconds = new AtomicLong(-1);
    private final List<Duration> forwardTimeouts = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private ManagedChannel leaderChannel;

    /** What the client bundle does for a forward, over an in-process channel to the leader. */
    private final PeerClient client = new PeerClient() {
        @Override
        public byte[] forward(HostPort leader, String method, byte[] request, String peer, String system,
                Duration timeout) throws ClientException {
            forwardTimeouts.add(timeout);
            try {
                return ControlPeerGrpc.newBlockingStub(leaderChannel)
                        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                        .forward(ForwardReq.newBuilder().setMethod(method).setRequest(ByteString.copyFrom(request))
                                .setPeer(peer).setSystem(system).build())
                        .getResponse().toByteArray();
            } catch (StatusRuntimeException e) {
                throw new ClientException(e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
                        ? ClientException.Kind.TIMEOUT : ClientException.Kind.FAILED, "leader said so", e);
            }
        }

        @Override
        public byte[] engineCall(HostPort host, int rank, int method, byte[] body, String system, Duration timeout) {
            throw new AssertionError("not used");
        }

        @Override
        public void forget(HostPort host) {
        }
    };

    /** The module's definition on one access point: SystemStop answers {@code who}, SystemQuery too. */
    private ServerServiceDefinition ctl(String who, Runnable onRun) {
        return ServerServiceDefinition.builder(MgmtCtlGrpc.SERVICE_NAME)
                .addMethod(MgmtCtlGrpc.getSystemStopMethod(), GrpcMethods.unary((SystemStopReq r) -> {
                    onRun.run();
                    Deadline d = Context.current().getDeadline();
                    leaderSawDeadlineSeconds.set(d == null ? Long.MAX_VALUE : d.timeRemaining(TimeUnit.SECONDS));
                    if (r.getRanksList().contains(13)) {
                        throw GrpcErrors.fault(Faults.SYSTEM_MEMBER_MISSING);
                    }
                    return SystemStopResp.newBuilder().addResults(RankResult.newBuilder()
                            .setMsg(who + " force=" + r.getForce())).build();
                }))
                .addMethod(MgmtCtlGrpc.getSystemQueryMethod(), GrpcMethods.unary((SystemQueryReq r) -> {
                    onRun.run();
                    return SystemQueryResp.getDefaultInstance();
                }))
                .build();
    }

    private ManagedChannel serve(ServerServiceDefinition... defs) throws Exception {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder b = InProcessServerBuilder.forName(name);
        for (ServerServiceDefinition d : defs) {
            b.addService(d);
        }
        servers.add(b.build().start());
        ManagedChannel c = InProcessChannelBuilder.forName(name).build();
        channels.add(c);
        return c;
    }

    /** Peer 2 leads; the follower (peer 0) routes SystemStop and SystemQuery; the stub calls the follower. */
    private MgmtCtlGrpc.MgmtCtlBlockingStub follower() throws Exception {
        leaderStore.leadership = new Leadership(2, 2, 3, 7);
        followerStore.leadership = new Leadership(0, 2, 3, 7);
        ServerServiceDefinition mgmt = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getListPoolsMethod(), GrpcMethods.unary((ListPoolsReq r) ->
                        ListPoolsResp.getDefaultInstance())).build();
        leaderRouted.put(ctl("leader", () -> { }), Set.of("SystemStop", "SystemQuery"));
        leaderChannel = serve(new PeerService(mgmt, Set.of("ListPools"), leaderRouted, leaderStore, () -> null,
                "daos_server").bindService());
        ServerServiceDefinition routed = new LeaderRouting(followerStore, APS, "daos_server", () -> client)
                .wrap(ctl("follower", followerRuns::incrementAndGet), Set.of("SystemStop", "SystemQuery"),
                        STOP_TIMEOUT);
        return MgmtCtlGrpc.newBlockingStub(serve(routed));
    }

    @After
    public void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(Server::shutdownNow);
    }

    private static final SystemStopReq STOP = SystemStopReq.newBuilder().setForce(true).build();

    @Test
    public void aFollowerHandsARoutedCallToTheLeaderWhichRunsItsOwnDefinition() throws Exception {
        SystemStopResp r = follower().systemStop(STOP);
        assertEquals("leader force=true", r.getResults(0).getMsg());
        assertEquals("not run on the follower", 0, followerRuns.get());
        assertEquals("the leader passed its barrier", 1, leaderStore.syncs.get());
        assertEquals("the timeout the module gave", List.of(STOP_TIMEOUT), forwardTimeouts);
        long seen = leaderSawDeadlineSeconds.get();
        assertTrue("no shorter deadline on the way to the leader's handler: " + seen + " s",
                seen > STOP_TIMEOUT.toSeconds() - 60 && seen <= STOP_TIMEOUT.toSeconds());
    }

    @Test
    public void theLeadersFaultReachesTheCallerOfTheFollower() throws Exception {
        try {
            follower().systemStop(STOP.toBuilder().addRanks(13).build());
            fail();
        } catch (StatusRuntimeException e) {
            StatusRuntimeException expected = GrpcErrors.fault(Faults.SYSTEM_MEMBER_MISSING);
            assertEquals(expected.getStatus().getCode(), e.getStatus().getCode());
            assertEquals(expected.getStatus().getDescription(), e.getStatus().getDescription());
            com.google.rpc.Status details = StatusProto.fromThrowable(e);
            assertTrue("the fault detail survives: " + details,
                    details != null && details.getDetailsCount() == 1 && details.getDetails(0).is(ErrorInfo.class));
        }
    }

    @Test
    public void aWithdrawnServiceIsNoLongerForwarded() throws Exception {
        MgmtCtlGrpc.MgmtCtlBlockingStub stub = follower();
        assertTrue(leaderRouted.withdraw(MgmtCtlGrpc.SERVICE_NAME));
        try {
            stub.systemStop(STOP);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
            assertEquals("method \"ctl.MgmtCtl/SystemStop\" is not forwarded to the leader",
                    e.getStatus().getDescription());
        }
        assertEquals(0, followerRuns.get());
    }

    @Test
    public void routingAgainReplacesWhatTheLeaderRuns() throws Exception {
        MgmtCtlGrpc.MgmtCtlBlockingStub stub = follower();
        leaderRouted.put(ctl("new leader", () -> { }), Set.of("SystemStop"));
        assertEquals("new leader force=true", stub.systemStop(STOP).getResults(0).getMsg());
        try {
            stub.systemQuery(SystemQueryReq.getDefaultInstance());
            fail("SystemQuery is no longer routed");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        }
    }

    @Test
    public void theMgmtMethodsAreStillForwardedBesideTheRoutedOnes() throws Exception {
        follower();
        ForwardReq req = ForwardReq.newBuilder().setMethod("mgmt.MgmtSvc/ListPools").setSystem("daos_server")
                .setRequest(ListPoolsReq.getDefaultInstance().toByteString()).build();
        assertEquals(ListPoolsResp.getDefaultInstance(),
                ListPoolsResp.parseFrom(ControlPeerGrpc.newBlockingStub(leaderChannel).forward(req).getResponse()));
        ForwardReq notRouted = req.toBuilder().setMethod("ctl.MgmtCtl/SystemStart")
                .setRequest(ByteString.EMPTY).build();
        try {
            ControlPeerGrpc.newBlockingStub(leaderChannel).forward(notRouted);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        }
    }
}
