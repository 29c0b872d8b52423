package io.daos.control.management.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import com.google.protobuf.ByteString;

import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.grpc.GrpcMethods;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.api.system.Rank;
import io.daos.control.management.internal.db.SystemStore.Leadership;
import io.daos.control.management.internal.db.SystemStore.StoreUnavailableException;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.peer.EngineCallReq;
import io.daos.control.proto.peer.ForwardReq;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The leader's side of a forward, and the engine calls a leader makes through a replica's server. */
public class PeerServiceTest {

    private static final Context.Key<SocketAddress> PEER = Context.key("peer");
    private final FakeStore store = new FakeStore();
    private final AtomicReference<SocketAddress> seenPeer = new AtomicReference<>();

    /** ListPools answering its caller's address as the pool uuid, the way MgmtService sees peers. */
    private ServerServiceDefinition local() {
        ServerServiceDefinition def = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME)
                .addMethod(MgmtSvcGrpc.getListPoolsMethod(), GrpcMethods.unary((ListPoolsReq r) -> {
                    seenPeer.set(PEER.get());
                    if (r.getSys().equals("fail")) {
                        throw Status.NOT_FOUND.withDescription("no such thing").asRuntimeException();
                    }
                    return ListPoolsResp.newBuilder().addPools(ListPoolsResp.Pool.newBuilder()
                            .setUuid(r.getSys())).build();
                }))
                .addMethod(MgmtSvcGrpc.getLeaderQueryMethod(), GrpcMethods.unary((io.daos.control.proto.mgmt
                        .LeaderQueryReq r) -> io.daos.control.proto.mgmt.LeaderQueryResp.getDefaultInstance()))
                .build();
        return ServerInterceptors.intercept(def, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, io.grpc.Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(PEER,
                        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)), call, headers, next);
            }
        });
    }

    private PeerService service(StubHarness h) {
        return new PeerService(local(), Set.of("ListPools"), store, () -> h, "daos_server");
    }

    private static ForwardReq forward(String sys, String method) {
        return ForwardReq.newBuilder().setMethod(method).setSystem("daos_server").setPeer("10.9.8.7:4321")
                .setRequest(ListPoolsReq.newBuilder().setSys(sys).build().toByteString()).build();
    }

    @Test
    public void theLeaderRunsAForwardedCallAsIfTheOriginalCallerHadMadeIt() throws Exception {
        store.leadership = new Leadership(2, 2, 3, 1);
        ByteString reply = service(null).forward(forward("abc", "mgmt.MgmtSvc/ListPools")).getResponse();
        assertEquals("abc", ListPoolsResp.parseFrom(reply).getPools(0).getUuid());
        assertEquals(new InetSocketAddress("10.9.8.7", 4321), seenPeer.get());
        assertEquals("after a barrier", 1, store.syncs.get());
    }

    @Test
    public void theMethodsErrorIsTheForwardsError() {
        store.leadership = new Leadership(2, 2, 3, 1);
        assertStatus(Status.Code.NOT_FOUND, "no such thing",
                () -> service(null).forward(forward("fail", "mgmt.MgmtSvc/ListPools")));
    }

    @Test
    public void onlyTheLeaderRunsForwardedCalls() {
        store.leadership = new Leadership(1, 2, 3, 1);
        assertStatus(Status.Code.UNAVAILABLE, "not the system DB leader (leader: peer 2); try again",
                () -> service(null).forward(forward("abc", "mgmt.MgmtSvc/ListPools")));
        store.leadership = new Leadership(2, 2, 3, 1);
        store.syncFailure = new StoreUnavailableException("no majority", null);
        assertStatus(Status.Code.UNAVAILABLE, "system DB unavailable: no majority",
                () -> service(null).forward(forward("abc", "mgmt.MgmtSvc/ListPools")));
        assertEquals(null, seenPeer.get());
    }

    @Test
    public void onlyRoutedMethodsOfThisSystemAreForwarded() {
        store.leadership = new Leadership(2, 2, 3, 1);
        assertStatus(Status.Code.UNIMPLEMENTED, "method \"mgmt.MgmtSvc/LeaderQuery\" is not forwarded to the leader",
                () -> service(null).forward(forward("abc", "mgmt.MgmtSvc/LeaderQuery")));
        assertStatus(Status.Code.UNIMPLEMENTED, "method \"ctl.MgmtCtl/Nope\" is not forwarded to the leader",
                () -> service(null).forward(forward("abc", "ctl.MgmtCtl/Nope")));
        assertStatus(Status.Code.FAILED_PRECONDITION,
                "peer of system \"other\", this server is of system \"daos_server\"",
                () -> service(null).forward(forward("abc", "mgmt.MgmtSvc/ListPools").toBuilder().setSystem("other")
                        .build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "request of mgmt.MgmtSvc/ListPools does not decode",
                () -> service(null).forward(forward("abc", "mgmt.MgmtSvc/ListPools").toBuilder()
                        .setRequest(ByteString.copyFrom(new byte[] {(byte) 0xff})).build()));
    }

    /** A started harness with instances 0 (rank 4) and 1 (rank 9) recording the engine calls. */
    private static final class TwoInstances extends StubHarness {
        int index = -1;
        int method;

        TwoInstances() {
            super(true);
        }

        @Override
        public List<LocalInstance> localInstances() {
            return List.of(new LocalInstance(0, "u0", Rank.of(4), true), new LocalInstance(1, "u1", Rank.of(9), false));
        }

        @Override
        public byte[] callInstance(int i, int m, byte[] body, Duration timeout) {
            index = i;
            method = m;
            return body;
        }
    }

    @Test
    public void anEngineCallGoesToTheInstanceWithThatRank() {
        TwoInstances h = new TwoInstances();
        EngineCallReq req = EngineCallReq.newBuilder().setRank(9).setMethod(DrpcIds.MGMT_POOL_QUERY)
                .setBody(ByteString.copyFromUtf8("q")).setSystem("daos_server").build();
        assertEquals(ByteString.copyFromUtf8("q"), service(h).engineCall(req).getBody());
        assertEquals(1, h.index);
        assertEquals(DrpcIds.MGMT_POOL_QUERY, h.method);
        assertStatus(Status.Code.NOT_FOUND, "rank 5 is not an instance of this server",
                () -> service(h).engineCall(req.toBuilder().setRank(5).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, "dRPC method 205 is not a pool service method",
                () -> service(h).engineCall(req.toBuilder().setMethod(DrpcIds.MGMT_JOIN).build()));
    }

    private static void assertStatus(Status.Code code, String description, Runnable call) {
        try {
            call.run();
            fail("expected " + code);
        } catch (StatusRuntimeException e) {
            assertEquals(code, e.getStatus().getCode());
            assertEquals(description, e.getStatus().getDescription());
        }
    }
}
