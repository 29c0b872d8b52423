package io.daos.control.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.After;
import org.junit.Test;

import com.google.protobuf.MessageLite;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.drpc.DrpcStatus;
import io.daos.control.api.fault.FaultException;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.harness.StubHarness;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;

/**
 * The device methods against scripted local instances: SPEC-SYSTEM §4.3's combination rules with
 * two instances (replies shaped as the engine emulator's), the lazy search, the error paths, and
 * fault 647 through a real (in-process) gRPC call.
 */
public class DeviceServiceTest {

    private static final String DEV0 = "9f3c6a1e-0c1d-5a5e-8b4e-2f7a6c1d0e01";
    private static final String DEV1 = "9f3c6a1e-0c1d-5a5e-8b4e-2f7a6c1d0e02";

    private final StubHarness harness = new StubHarness(true);
    private final DeviceService service = new DeviceService(() -> harness);
    private Server server;
    private ManagedChannel channel;

    @After
    public void tearDown() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Two instances answering {@code replies.get(index)} to every method. */
    private void instances(List<? extends MessageLite> replies) {
        harness.instances = replies.size();
        harness.instanceCall = (index, method, body) -> replies.get(index).toByteArray();
    }

    /** What the engine emulator answers SmdListDevs with: the instance's devices and their targets. */
    private static SmdDevResp devs(int status, String... uuids) {
        SmdDevResp.Builder b = SmdDevResp.newBuilder().setStatus(status);
        for (int i = 0; i < uuids.length; i++) {
            b.addDevices(SmdDevResp.Device.newBuilder().setUuid(uuids[i]).addTgtIds(i).addTgtIds(i + 2));
        }
        return b.build();
    }

    private static SmdPoolResp pools(int status, String... uuids) {
        SmdPoolResp.Builder b = SmdPoolResp.newBuilder().setStatus(status);
        for (String u : uuids) {
            b.addPools(SmdPoolResp.Pool.newBuilder().setUuid(u).addTgtIds(0).addBlobs(0x100000000L));
        }
        return b.build();
    }

    private static BioHealthResp bio(int status, String dev) {
        return BioHealthResp.newBuilder().setStatus(status).setDevUuid(dev).setTemperature(status == 0 ? 300 : 0)
                .build();
    }

    private static DevStateResp state(int status, String dev, String s) {
        return DevStateResp.newBuilder().setStatus(status).setDevUuid(dev).setDevState(s).build();
    }

    private static String error(Runnable r) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
        assertEquals(io.grpc.Status.Code.UNKNOWN, e.getStatus().getCode());
        return e.getStatus().getDescription();
    }

    private List<Integer> calledInstances() {
        return harness.calls.stream().map(StubHarness.Call::index).toList();
    }

    @Test
    public void smdListDevsConcatenatesBothInstancesInOrder() throws Exception {
        instances(List.of(devs(0, DEV0), devs(0, DEV1)));
        SmdDevResp r = service.smdListDevs(SmdDevReq.getDefaultInstance());
        assertEquals(0, r.getStatus());
        assertEquals(List.of(DEV0, DEV1), r.getDevicesList().stream().map(SmdDevResp.Device::getUuid).toList());
        assertEquals(List.of(0, 2), r.getDevices(1).getTgtIdsList());
        assertEquals(List.of(0, 1), calledInstances());
        for (StubHarness.Call c : harness.calls) {
            assertEquals(DrpcIds.MGMT_SMD_LIST_DEVS, c.method());
            assertEquals(SmdDevReq.getDefaultInstance(), SmdDevReq.parseFrom(c.body()));
            assertEquals(MsForward.TIMEOUT, c.timeout());
        }
    }

    @Test
    public void smdListDevsFirstFailedReplyIsTheAnswerAndTheSecondIsNotAsked() {
        instances(List.of(devs(-1), devs(0, DEV1)));
        assertEquals(devs(-1), service.smdListDevs(SmdDevReq.getDefaultInstance()));
        assertEquals(List.of(0), calledInstances());
    }

    @Test
    public void smdListDevsWithoutDevicesIsAnEmptySuccess() {
        instances(List.of(devs(0), devs(0)));
        assertEquals(SmdDevResp.getDefaultInstance(), service.smdListDevs(SmdDevReq.getDefaultInstance()));
        harness.instances = 0;
        assertEquals(SmdDevResp.getDefaultInstance(), service.smdListDevs(SmdDevReq.getDefaultInstance()));
    }

    @Test
    public void smdListPoolsFollowsTheSameRules() {
        instances(List.of(pools(0, "p0"), pools(0, "p1", "p2")));
        assertEquals(pools(0, "p0", "p1", "p2"), service.smdListPools(SmdPoolReq.getDefaultInstance()));
        assertEquals(DrpcIds.MGMT_SMD_LIST_POOLS, harness.calls.get(0).method());
        harness.calls.clear();
        instances(List.of(pools(-1005), pools(0, "p1")));
        assertEquals(pools(-1005), service.smdListPools(SmdPoolReq.getDefaultInstance()));
        assertEquals(List.of(0), calledInstances());
    }

    /** As the emulator: instance 0 does not know instance 1's device (-1005); instance 1 answers. */
    @Test
    public void bioHealthOfADeviceOfInstance1IsFoundAfterInstance0Answers1005() throws Exception {
        instances(List.of(bio(-1005, ""), bio(0, DEV1)));
        BioHealthReq req = BioHealthReq.newBuilder().setDevUuid(DEV1).build();
        assertEquals(bio(0, DEV1), service.bioHealthQuery(req));
        assertEquals(List.of(0, 1), calledInstances());
        assertEquals(DrpcIds.MGMT_BIO_HEALTH_QUERY, harness.calls.get(1).method());
        assertEquals(req, BioHealthReq.parseFrom(harness.calls.get(1).body()));
    }

    @Test
    public void bioHealthStopsAtTheFirstSuccess() {
        instances(List.of(bio(0, DEV0), bio(0, DEV1)));
        assertEquals(bio(0, DEV0), service.bioHealthQuery(BioHealthReq.newBuilder().setTgtId("0").build()));
        assertEquals(List.of(0), calledInstances());
    }

    @Test
    public void bioHealthNobodyMatchedNamesTheDeviceOrTheTarget() {
        instances(List.of(bio(-1005, ""), bio(-1003, "")));
        assertEquals("no rank matched request for \"" + DEV0 + "\"",
                error(() -> service.bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(DEV0).build())));
        assertEquals("no rank matched request for \"7\"",
                error(() -> service.bioHealthQuery(BioHealthReq.newBuilder().setTgtId("7").build())));
        assertEquals(List.of(0, 1, 0, 1), calledInstances());
    }

    @Test
    public void devStateAndSetFaultyFindTheOwnerAndCallTheirOwnMethods() {
        instances(List.of(state(-1005, "", ""), state(0, DEV1, "FAULTY\n")));
        DevStateReq req = DevStateReq.newBuilder().setDevUuid(DEV1).build();
        assertEquals(state(0, DEV1, "FAULTY\n"), service.devStateQuery(req));
        assertEquals(state(0, DEV1, "FAULTY\n"), service.storageSetFaulty(req));
        assertEquals(List.of(DrpcIds.MGMT_DEV_STATE_QUERY, DrpcIds.MGMT_DEV_STATE_QUERY,
                DrpcIds.MGMT_DEV_SET_FAULTY, DrpcIds.MGMT_DEV_SET_FAULTY),
                harness.calls.stream().map(StubHarness.Call::method).toList());
        harness.calls.clear();
        instances(List.of(state(0, DEV0, "NORMAL\n"), state(0, DEV1, "NORMAL\n")));
        assertEquals("NORMAL\n", service.devStateQuery(DevStateReq.newBuilder().setDevUuid(DEV0).build())
                .getDevState());
        assertEquals(List.of(0), calledInstances());
    }

    @Test
    public void devStateAndSetFaultyNobodyMatched() {
        instances(List.of(state(-1, "", ""), state(-1, "", "")));
        DevStateReq req = DevStateReq.newBuilder().setDevUuid(DEV0).build();
        assertEquals("no rank matched request for \"" + DEV0 + "\"", error(() -> service.devStateQuery(req)));
        assertEquals("no rank matched request for \"" + DEV0 + "\"", error(() -> service.storageSetFaulty(req)));
    }

    /** Each method once, against {@code answer} for every instance; the second instance must never be asked. */
    private void eachMethodEndsAtTheFirstInstance(StubHarness.InstanceCall answer, Function<String, String> expected) {
        harness.instances = 2;
        harness.instanceCall = answer;
        Map<String, Runnable> calls = Map.of(
                "SmdListDevs", () -> service.smdListDevs(SmdDevReq.getDefaultInstance()),
                "SmdListPools", () -> service.smdListPools(SmdPoolReq.getDefaultInstance()),
                "BioHealthQuery", () -> service.bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(DEV0).build()),
                "DevStateQuery", () -> service.devStateQuery(DevStateReq.newBuilder().setDevUuid(DEV0).build()),
                "StorageSetFaulty", () -> service.storageSetFaulty(DevStateReq.newBuilder().setDevUuid(DEV0).build()));
        for (Map.Entry<String, Runnable> c : calls.entrySet()) {
            harness.calls.clear();
            assertEquals(c.getKey(), expected.apply(c.getKey()), error(c.getValue()));
            assertEquals(c.getKey(), List.of(0), calledInstances());
        }
    }

    @Test
    public void aDrpcErrorOnTheFirstInstanceEndsTheCallWithItsMessage() {
        eachMethodEndsAtTheFirstInstance((index, method, body) -> {
            throw new IOException("no dRPC client set (data plane not started?)");
        }, op -> "no dRPC client set (data plane not started?)");
        eachMethodEndsAtTheFirstInstance((index, method, body) -> {
            throw new DrpcException(DrpcStatus.FAILURE, "validate response: bad dRPC response status: FAILURE");
        }, op -> "validate response: bad dRPC response status: FAILURE");
    }

    @Test
    public void anUndecodableReplyEndsTheCallWithUnmarshalOp() {
        eachMethodEndsAtTheFirstInstance((index, method, body) -> new byte[] {(byte) 0xff, 1},
                op -> "unmarshal " + op + " response: " + truncatedMessage());
    }

    private static String truncatedMessage() {
        try {
            SmdDevResp.parseFrom(new byte[] {(byte) 0xff, 1});
            throw new AssertionError("decoded");
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return e.getMessage();
        }
    }

    @Test
    public void harnessAbsentOrNotStartedIsFault647WithoutACall() {
        instances(List.of(devs(0, DEV0)));
        harness.started = false;
        for (DeviceService s : List.of(service, new DeviceService(() -> null))) {
            for (Runnable r : List.<Runnable>of(() -> s.smdListDevs(SmdDevReq.getDefaultInstance()),
                    () -> s.smdListPools(SmdPoolReq.getDefaultInstance()),
                    () -> s.bioHealthQuery(BioHealthReq.newBuilder().setTgtId("0").build()),
                    () -> s.devStateQuery(DevStateReq.newBuilder().setDevUuid(DEV0).build()),
                    () -> s.storageSetFaulty(DevStateReq.newBuilder().setDevUuid(DEV0).build()))) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
                assertEquals(io.grpc.Status.Code.INTERNAL, e.getStatus().getCode());
                assertEquals(Faults.SERVER_HARNESS_NOT_STARTED.toString(), e.getStatus().getDescription());
            }
        }
        assertTrue(harness.calls.isEmpty());
    }

    @Test
    public void aFaultFromTheInstanceCallIsSentAsAFault() {
        harness.instances = 2;
        harness.instanceCall = (index, method, body) -> {
            throw new FaultException(Faults.SERVER_HARNESS_NOT_STARTED);
        };
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> service.smdListDevs(SmdDevReq.getDefaultInstance()));
        assertEquals(io.grpc.Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(List.of(0), calledInstances());
    }

    @Test
    public void aHundredKilobyteDeviceOrTargetIsInvalidArgumentWithoutACall() {
        instances(List.of(bio(0, DEV0)));
        String huge = "d".repeat(100_000);
        List<Runnable> calls = new ArrayList<>(List.of(
                () -> service.bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(huge).build()),
                () -> service.bioHealthQuery(BioHealthReq.newBuilder().setTgtId(huge).build()),
                () -> service.devStateQuery(DevStateReq.newBuilder().setDevUuid(huge).build()),
                () -> service.storageSetFaulty(DevStateReq.newBuilder().setDevUuid(huge).build())));
        for (Runnable r : calls) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            String d = e.getStatus().getDescription();
            assertTrue(d, d.matches("(dev_uuid|tgt_id): too long \\(100000 characters, at most 255\\): "
                    + "\"d{40}\"\\.\\.\\. \\(100000 characters\\)"));
        }
        assertTrue(harness.calls.isEmpty());
    }

    private MgmtSvcGrpc.MgmtSvcBlockingStub stub() throws IOException {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(MgmtSvcGrpc.SERVICE_NAME);
        service.addTo(b);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(b.build()).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return MgmtSvcGrpc.newBlockingStub(channel);
    }

    @Test
    public void overGrpcFault647TravelsWithItsErrorInfo() throws Exception {
        harness.started = false;
        MgmtSvcGrpc.MgmtSvcBlockingStub stub = stub();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.smdListDevs(SmdDevReq.getDefaultInstance()));
        assertEquals(io.grpc.Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(Faults.SERVER_HARNESS_NOT_STARTED.toString(), e.getStatus().getDescription());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertEquals(1, details.getDetailsCount());
        ErrorInfo info = details.getDetails(0).unpack(ErrorInfo.class);
        assertEquals("proto.fault.Fault", info.getReason());
        assertEquals("647", info.getMetadataOrThrow("Code"));
        assertEquals("server", info.getMetadataOrThrow("Domain"));
        assertEquals("DAOS I/O Server harness not started", info.getMetadataOrThrow("Description"));
    }

    @Test
    public void overGrpcEveryMethodIsServed() throws Exception {
        MgmtSvcGrpc.MgmtSvcBlockingStub stub = stub();
        instances(List.of(devs(0, DEV0), devs(0, DEV1)));
        assertEquals(2, stub.smdListDevs(SmdDevReq.getDefaultInstance()).getDevicesCount());
        instances(List.of(pools(0, "p0"), pools(0)));
        assertEquals(1, stub.smdListPools(SmdPoolReq.getDefaultInstance()).getPoolsCount());
        instances(List.of(bio(-1005, ""), bio(0, DEV1)));
        assertEquals(DEV1, stub.bioHealthQuery(BioHealthReq.newBuilder().setDevUuid(DEV1).build()).getDevUuid());
        instances(List.of(state(0, DEV0, "NORMAL\n")));
        assertEquals("NORMAL\n", stub.devStateQuery(DevStateReq.newBuilder().setDevUuid(DEV0).build()).getDevState());
        instances(List.of(state(0, DEV0, "FAULTY\n")));
        assertEquals("FAULTY\n",
                stub.storageSetFaulty(DevStateReq.newBuilder().setDevUuid(DEV0).build()).getDevState());
        instances(List.of(state(-1005, "", "")));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.devStateQuery(DevStateReq.newBuilder().setDevUuid(DEV1).build()));
        assertEquals(io.grpc.Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("no rank matched request for \"" + DEV1 + "\"", e.getStatus().getDescription());
    }
}
