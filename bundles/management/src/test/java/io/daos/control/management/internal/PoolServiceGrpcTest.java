package io.daos.control.management.internal;

import static io.daos.control.management.internal.PoolFixture.POOL;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.rpc.ErrorInfo;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.management.internal.db.LocalStore;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.ModifyACLReq;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;

/** {@link PoolService#addTo} served through a real (in-process) gRPC channel: replies, DERs and faults travel. */
public class PoolServiceGrpcTest {

    private final LocalStore store = PoolFixture.store(3);
    private final FakeDataPlane dp = new FakeDataPlane();
    private Server server;
    private ManagedChannel channel;
    private MgmtSvcGrpc.MgmtSvcBlockingStub stub;

    @Before
    public void start() throws IOException {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME);
        new PoolService(store, () -> dp).addTo(b);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(b.build()).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = MgmtSvcGrpc.newBlockingStub(channel);
    }

    @After
    public void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    public void createThenListThroughTheChannel() {
        PoolCreateResp r = stub.poolCreate(PoolCreateReq.newBuilder().setUuid(POOL).setScmbytes(1L << 30)
                .setNumsvcreps(1).setUser("bob@").build());
        assertEquals(List.of(1), r.getSvcrepsList());
        assertEquals(POOL, stub.listPools(ListPoolsReq.getDefaultInstance()).getPools(0).getUuid());
    }

    @Test
    public void aDerTravelsInTheReplyStatus() {
        ACLResp r = stub.poolUpdateACL(ModifyACLReq.newBuilder().setUuid(POOL).addACL("A::GROUP@:rw").build());
        assertEquals(Der.INVAL, r.getStatus());
    }

    @Test
    public void tooSmallScmTravelsAsFault644WithErrorInfo() {
        try {
            stub.poolCreate(PoolCreateReq.newBuilder().setUuid(POOL).setScmbytes(1).setNumsvcreps(1).setUser("bob@")
                    .build());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            assertEquals("server: code = 644 description = \"requested SCM capacity (1 B) is too small (min 128 MiB)\"",
                    e.getStatus().getDescription());
            ErrorInfo info = errorInfo(e);
            assertEquals(GrpcErrors.FAULT_REASON, info.getReason());
            assertEquals("644", info.getMetadataOrThrow("Code"));
            assertEquals("SCM capacity should be larger than 128 MiB", info.getMetadataOrThrow("Resolution"));
        }
    }

    @Test
    public void harnessNotStartedTravelsAsFault647AndPlainErrorsAsUnknown() throws Exception {
        dp.started = false;
        try {
            stub.listPools(ListPoolsReq.getDefaultInstance());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            assertEquals("647", errorInfo(e).getMetadataOrThrow("Code"));
        }
        dp.started = true;
        dp.selection = new IOException("instance is not an access point");
        try {
            stub.listPools(ListPoolsReq.getDefaultInstance());
            fail();
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
            assertEquals("instance is not an access point", e.getStatus().getDescription());
            assertEquals(0, StatusProto.fromThrowable(e).getDetailsCount());
        }
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        assertEquals(1, s.getDetailsCount());
        try {
            return s.getDetails(0).unpack(ErrorInfo.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
    }
}
