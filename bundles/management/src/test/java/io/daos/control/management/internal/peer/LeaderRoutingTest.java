package io.daos.control.management.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import com.google.rpc.ErrorInfo;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.PeerClient;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.net.HostPort;
import io.daos.control.management.internal.db.SystemStore.Leadership;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;

/** Which access point runs a system-DB method, and what a follower answers for the leader. */
public class LeaderRoutingTest {

    private static final List<String> APS = List.of("10.0.0.1:10001", "10.0.0.2:10001", "10.0.0.3:10001");

    /** One forward a follower made. */
    record Forwarded(HostPort leader, String method, byte[] request, String system, Duration timeout) {
    }

    private final FakeStore store = new FakeStore();
    private final AtomicInteger localCalls = new AtomicInteger();
    private final List<Forwarded> forwarded = new ArrayList<>();
    private volatile Object peerAnswer = ListPoolsResp.newBuilder().addPools(
            ListPoolsResp.Pool.newBuilder().setUuid("from-the-leader")).build().toByteArray();
    /** The answers of particular access points, before {@link #peerAnswer}. */
    private final java.util.Map<HostPort, Object> answerOf = new java.util.concurrent.ConcurrentHashMap<>();
    private Server server;
    private ManagedChannel channel;

    private final PeerClient client = new PeerClient() {
        @Override
        public byte[] forward(HostPort leader, String method, byte[] request, String peer, String system,
                Duration timeout) throws ClientException {
            forwarded.add(new Forwarded(leader, method, request, system, timeout));
            Object answer = answerOf.getOrDefault(leader, peerAnswer);
            if (answer instanceof java.util.function.Supplier<?> computed) {
                answer = computed.get();
            }
            if (answer instanceof ClientException e) {
                throw e;
            }
            return (byte[]) answer;
        }

        @Override
        public byte[] engineCall(HostPort host, int rank, int method, byte[] body, String system, Duration timeout) {
            throw new AssertionError("not used");
        }

        @Override
        public void forget(HostPort host) {
        }
    };

    private MgmtSvcGrpc.MgmtSvcBlockingStub stub() throws Exception {
        return serve(routing.wrap(localService(), Set.of("ListPools")));
    }

    /** ListPools routed, LeaderQuery asked of the access points only when no leader is known here. */
    private MgmtSvcGrpc.MgmtSvcBlockingStub stubAskingWhenLost() throws Exception {
        return serve(routing.wrap(localService(), Set.of("ListPools"), Set.of("LeaderQuery"),
                LeaderRouting.FORWARD_TIMEOUT));
    }

    /** ListPools answering "local", LeaderQuery answering "here", as this access point runs them. */
    private ServerServiceDefinition localService() {
        return ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getListPoolsMethod(), GrpcMethods.unary((ListPoolsReq r) -> {
                    localCalls.incrementAndGet();
                    return ListPoolsResp.newBuilder().addPools(ListPoolsResp.Pool.newBuilder().setUuid("local")).build();
                }))
                .addMethod(MgmtSvcGrpc.getLeaderQueryMethod(), GrpcMethods.unary((LeaderQueryReq r) ->
                        LeaderQueryResp.newBuilder().setCurrentLeader("here").build()))
                .build();
    }

    /** The routing under test; a test without a leader sets short waits. */
    private LeaderRouting routing = new LeaderRouting(store, APS, "daos_server", () -> client);

    /** Waits of 300 ms for a leader and 100 ms between rounds of asking, the store waiting them out. */
    private void shortWaits() {
        routing = new LeaderRouting(store, APS, "daos_server", () -> client, Duration.ofMillis(300),
                Duration.ofMillis(100));
        store.waitsOut = true;
    }

    /** What Forward answers on an access point that does not lead. */
    private static ClientException notLeader() {
        StatusRuntimeException refusal = Status.UNAVAILABLE.withDescription(PeerService.NOT_LEADER
                + " (leader: unknown); try again").asRuntimeException();
        return new ClientException(ClientException.Kind.FAILED, refusal.getMessage(), refusal);
    }

    /** A service of ListPools alone, answering an empty list. */
    private static ServerServiceDefinition listPoolsOnly() {
        return ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getListPoolsMethod(), GrpcMethods.unary((ListPoolsReq r) ->
                        ListPoolsResp.getDefaultInstance())).build();
    }

    /** A stub of {@code def} served in process. */
    private MgmtSvcGrpc.MgmtSvcBlockingStub serve(ServerServiceDefinition def) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(def).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return MgmtSvcGrpc.newBlockingStub(channel);
    }

    @After
    public void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    private static final ListPoolsReq REQ = ListPoolsReq.newBuilder().setSys("daos_server").build();

    @Test
    public void withOneAccessPointTheMethodRunsHereWithoutABarrier() throws Exception {
        assertEquals("local", stub().listPools(REQ).getPools(0).getUuid());
        assertEquals(1, localCalls.get());
        assertEquals(0, store.syncs.get());
        assertEquals(List.of(), forwarded);
    }

    @Test
    public void theLeaderRunsItAfterALinearizableBarrier() throws Exception {
        store.leadership = new Leadership(1, 1, 3, 4);
        assertEquals("local", stub().listPools(REQ).getPools(0).getUuid());
        assertEquals(1, store.syncs.get());
        assertEquals(List.of(), forwarded);
    }

    @Test
    public void aLeaderThatCannotPassTheBarrierAnswersUnavailable() throws Exception {
        store.leadership = new Leadership(1, 1, 3, 4);
        store.syncFailure = new StoreUnavailableException("no majority", null);
        try {
            stub().listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertEquals("system DB unavailable: no majority", e.getStatus().getDescription());
        }
        assertEquals(0, localCalls.get());
    }

    @Test
    public void aFollowerForwardsTheCallToTheLeaderAndAnswersItsReply() throws Exception {
        store.leadership = new Leadership(0, 2, 3, 4);
        assertEquals("from-the-leader", stub().listPools(REQ).getPools(0).getUuid());
        assertEquals(0, localCalls.get());
        assertEquals(1, forwarded.size());
        Forwarded f = forwarded.get(0);
        assertEquals(HostPort.parse("10.0.0.3:10001"), f.leader());
        assertEquals("mgmt.MgmtSvc/ListPools", f.method());
        assertEquals(REQ, ListPoolsReq.parseFrom(f.request()));
        assertEquals("daos_server", f.system());
        assertEquals("the mgmt methods' own", LeaderRouting.FORWARD_TIMEOUT, f.timeout());
        assertEquals(Duration.ofSeconds(45), f.timeout());
    }

    @Test
    public void eachWrapGivesItsOwnForwardTimeout() throws Exception {
        store.leadership = new Leadership(0, 2, 3, 4);
        LeaderRouting routing = new LeaderRouting(store, APS, "daos_server", () -> client);
        assertEquals("from-the-leader", serve(routing.wrap(listPoolsOnly(), Set.of("ListPools"),
                Duration.ofMinutes(10))).listPools(REQ).getPools(0).getUuid());
        assertEquals(Duration.ofMinutes(10), forwarded.get(0).timeout());
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            try {
                routing.wrap(listPoolsOnly(), Set.of("ListPools"), bad);
                fail(bad.toString());
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("forward timeout must be positive"));
            }
        }
    }

    @Test
    public void theLeadersErrorReachesTheCallerWithItsDetails() throws Exception {
        store.leadership = new Leadership(0, 2, 3, 4);
        StatusRuntimeException leaderError = GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        peerAnswer = new ClientException(ClientException.Kind.FAILED, "leader said no", leaderError);
        StatusRuntimeException e = refusal(leaderError);
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertTrue("the fault detail dmg decodes survives: " + details,
                details != null && details.getDetailsCount() == 1 && details.getDetails(0).is(ErrorInfo.class));
    }

    /** The error ListPools answers, of the code and description of {@code expected}. */
    private StatusRuntimeException refusal(StatusRuntimeException expected) throws Exception {
        try {
            stub().listPools(REQ);
        } catch (StatusRuntimeException e) {
            assertEquals(expected.getStatus().getCode(), e.getStatus().getCode());
            assertEquals(expected.getStatus().getDescription(), e.getStatus().getDescription());
            return e;
        }
        throw new AssertionError("answered");
    }

    @Test
    public void anUnreachableLeaderIsUnavailableNamingIt() throws Exception {
        store.leadership = new Leadership(0, 1, 3, 4);
        peerAnswer = new ClientException(ClientException.Kind.UNREACHABLE, "connection refused", null);
        try {
            stub().listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertEquals("system DB leader 10.0.0.2:10001: connection refused", e.getStatus().getDescription());
        }
        peerAnswer = new ClientException(ClientException.Kind.TIMEOUT, "deadline", null);
        try {
            stub().listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        }
    }

    @Test
    public void withoutALeaderTheCallWaitsForAnElectionThenGoesWhereItLeads() throws Exception {
        store.leadership = new Leadership(0, -1, 3, 4);
        store.afterWait = new Leadership(0, 0, 3, 5);
        assertEquals("local", stub().listPools(REQ).getPools(0).getUuid());
        assertEquals(1, store.waits.get());
        assertEquals("none asked", List.of(), forwarded);
        shortWaits();
        store.leadership = new Leadership(0, -1, 3, 5);
        store.afterWait = new Leadership(0, -1, 3, 5);
        peerAnswer = notLeader();
        try {
            stub().listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertEquals("system DB: no leader elected within 300 ms (a majority of the 3 access points, 2, must be"
                    + " up and reach each other)", e.getStatus().getDescription());
        }
        assertEquals("the first call only", 1, localCalls.get());
        store.state = "candidate in term 5 for 12000 ms, last heard from a leader 15000 ms ago";
        try {
            stub().listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals("what this access point knows is said", "system DB: no leader elected within 300 ms (a"
                    + " majority of the 3 access points, 2, must be up and reach each other); this access point:"
                    + " candidate in term 5 for 12000 ms, last heard from a leader 15000 ms ago",
                    e.getStatus().getDescription());
        }
    }

    @Test
    public void aReplicaThatHearsOfNoLeaderHasTheAccessPointsAskedAndTheLeaderRunsIt() throws Exception {
        // restarted, say, and not reached by the leader yet, while the others follow it
        shortWaits();
        store.leadership = new Leadership(0, -1, 3, 2);
        answerOf.put(HostPort.parse(APS.get(1)), notLeader());
        assertEquals("from-the-leader", stub().listPools(REQ).getPools(0).getUuid());
        assertEquals("the others in order, not itself", List.of(HostPort.parse(APS.get(1)), HostPort.parse(APS.get(2))),
                forwarded.stream().map(Forwarded::leader).toList());
        assertEquals(0, localCalls.get());
        assertEquals(REQ, ListPoolsReq.parseFrom(forwarded.get(1).request()));
        assertEquals(LeaderRouting.FORWARD_TIMEOUT, forwarded.get(1).timeout());
    }

    @Test
    public void anAccessPointThatCannotBeReachedIsPassedOverButTheLeadersOwnErrorIsTheAnswer() throws Exception {
        shortWaits();
        store.leadership = new Leadership(2, -1, 3, 2);
        answerOf.put(HostPort.parse(APS.get(0)), new ClientException(ClientException.Kind.UNREACHABLE,
                "connection refused", null));
        StatusRuntimeException leaderError = GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        answerOf.put(HostPort.parse(APS.get(1)), new ClientException(ClientException.Kind.FAILED, "leader said no",
                leaderError));
        refusal(leaderError);
        assertEquals("it ran there: no one else is asked", 2, forwarded.size());
        // a time-out may have run it: no one else is asked either
        forwarded.clear();
        answerOf.put(HostPort.parse(APS.get(1)), new ClientException(ClientException.Kind.TIMEOUT, "deadline", null));
        try {
            stub().listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        }
        assertEquals(2, forwarded.size());
    }

    @Test
    public void aLeaderLearntWhileAskingIsWhereTheCallGoes() throws Exception {
        shortWaits();
        store.leadership = new Leadership(0, -1, 3, 2);
        peerAnswer = notLeader();
        answerOf.put(HostPort.parse(APS.get(2)), (java.util.function.Supplier<Object>) () -> {
            // the replica hears of the leader (itself, ready) just after this round of asking
            store.afterWait = new Leadership(0, 0, 3, 3);
            return new ClientException(ClientException.Kind.UNREACHABLE, "refused", null);
        });
        answerOf.put(HostPort.parse(APS.get(0)), ListPoolsResp.newBuilder().addPools(
                ListPoolsResp.Pool.newBuilder().setUuid("through its own Forward")).build().toByteArray());
        assertEquals("through its own Forward", stub().listPools(REQ).getPools(0).getUuid());
        assertEquals(List.of(HostPort.parse(APS.get(1)), HostPort.parse(APS.get(2)), HostPort.parse(APS.get(0))),
                forwarded.stream().map(Forwarded::leader).toList());
    }

    @Test
    public void methodsThatAreNotRoutedRunWhereCalled() throws Exception {
        store.leadership = new Leadership(0, 2, 3, 4);
        assertEquals("here", stub().leaderQuery(LeaderQueryReq.getDefaultInstance()).getCurrentLeader());
        assertEquals(List.of(), forwarded);
        assertEquals(0, store.syncs.get());
    }

    @Test
    public void leaderQueryIsAnsweredWhereCalledWhileALeaderIsKnownThere() throws Exception {
        store.leadership = new Leadership(0, 2, 3, 4);
        assertEquals("here", stubAskingWhenLost().leaderQuery(LeaderQueryReq.getDefaultInstance()).getCurrentLeader());
        assertEquals("no forward", List.of(), forwarded);
        assertEquals("no barrier", 0, store.syncs.get());
        assertEquals("ListPools is still routed", "from-the-leader",
                stubAskingWhenLost().listPools(REQ).getPools(0).getUuid());
    }

    @Test
    public void leaderQueryOfAReplicaThatKnowsNoLeaderIsAnsweredByTheLeader() throws Exception {
        // restarted, say, and not reached by the leader yet, while the others follow it
        shortWaits();
        store.leadership = new Leadership(0, -1, 3, 2);
        answerOf.put(HostPort.parse(APS.get(1)), notLeader());
        answerOf.put(HostPort.parse(APS.get(2)),
                LeaderQueryResp.newBuilder().setCurrentLeader(APS.get(2)).build().toByteArray());
        LeaderQueryReq q = LeaderQueryReq.newBuilder().setSystem("daos_server").build();
        assertEquals(APS.get(2), stubAskingWhenLost().leaderQuery(q).getCurrentLeader());
        assertEquals("the others in order, not itself", List.of(HostPort.parse(APS.get(1)),
                HostPort.parse(APS.get(2))), forwarded.stream().map(Forwarded::leader).toList());
        assertEquals("mgmt.MgmtSvc/LeaderQuery", forwarded.get(1).method());
        assertEquals(q, LeaderQueryReq.parseFrom(forwarded.get(1).request()));
        assertEquals("this replica waited once, for its own leader", 1, store.waits.get());
    }

    @Test
    public void withoutAPeerClientAFollowerSaysWhatIsMissing() throws Exception {
        store.leadership = new Leadership(0, 2, 3, 4);
        MgmtSvcGrpc.MgmtSvcBlockingStub stub = serve(new LeaderRouting(store, APS, "daos_server", () -> null)
                .wrap(listPoolsOnly(), Set.of("ListPools")));
        try {
            stub.listPools(REQ);
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertEquals("no peer client (client bundle) to reach the system DB leader at 10.0.0.3:10001",
                    e.getStatus().getDescription());
        }
    }

    @Test
    public void peerAddressesTravelAsIpLiteralsOnly() {
        java.net.InetSocketAddress a = new java.net.InetSocketAddress("10.1.2.3", 4567);
        assertEquals("10.1.2.3:4567", LeaderRouting.peerText(a));
        assertEquals(a, LeaderRouting.peerAddress("10.1.2.3:4567"));
        java.net.InetSocketAddress v6 = new java.net.InetSocketAddress("::1", 80);
        assertEquals(v6, LeaderRouting.peerAddress(LeaderRouting.peerText(v6)));
        assertEquals("no name lookup", null, LeaderRouting.peerAddress("example.com:80"));
        assertEquals(null, LeaderRouting.peerAddress(""));
        assertEquals(null, LeaderRouting.peerAddress("junk"));
    }
}
