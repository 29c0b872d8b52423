package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.network.FakeNetworkScanner;
import io.daos.control.api.network.NetworkScanException;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** NetworkListProviders and NetworkScanDevices over a real in-process gRPC channel (SPEC-SERVER §5.3). */
public class NetworkInventoryGrpcTest {

    private final FakeNetworkScanner scanner = new FakeNetworkScanner();
    private volatile FakeNetworkScanner current = scanner;
    private InProcessGrpc grpc;
    private MgmtCtlGrpc.MgmtCtlBlockingStub stub;

    @Before
    public void setUp() throws Exception {
        StorageInventory storage = new StorageInventory(Fakes.serverConfig(), () -> null, () -> null);
        grpc = InProcessGrpc.start(InventoryComponent.definition(storage, new NetworkInventory(() -> current)));
        stub = grpc.stub();
    }

    @After
    public void tearDown() throws Exception {
        grpc.close();
    }

    private List<DeviceScanReply> scan(String provider) {
        Iterator<DeviceScanReply> it = stub.networkScanDevices(
                DeviceScanRequest.newBuilder().setProvider(provider).build());
        List<DeviceScanReply> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private StatusRuntimeException scanError(String provider) {
        try {
            scan(provider);
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an RPC error");
    }

    @Test
    public void providerListIsOneString() {
        assertEquals("ofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm",
                stub.networkListProviders(ProviderListRequest.getDefaultInstance()).getProvider());
    }

    @Test
    public void providerListNeedsNoScanner() {
        current = null;
        assertEquals("ofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm",
                stub.networkListProviders(ProviderListRequest.getDefaultInstance()).getProvider());
    }

    @Test
    public void oneReplyPerInterfaceInScanOrder() {
        scanner.result = List.of(new FabricInterface("ofi+verbs;ofi_rxm", "ib0", 0),
                new FabricInterface("ofi+verbs;ofi_rxm", "ib1", 1),
                new FabricInterface("ofi+tcp;ofi_rxm", "eth0", 0));

        List<DeviceScanReply> replies = scan("ofi+verbs;ofi_rxm");

        assertEquals(List.of(reply("ofi+verbs;ofi_rxm", "ib0", 0), reply("ofi+verbs;ofi_rxm", "ib1", 1),
                reply("ofi+tcp;ofi_rxm", "eth0", 0)), replies);
        assertEquals(List.of("ofi+verbs;ofi_rxm"), scanner.asked);
    }

    @Test
    public void emptyStreamWhenNothingMatches() {
        assertEquals(List.of(), scan(""));
        assertEquals("empty provider = all", List.of(""), scanner.asked);
    }

    @Test
    public void scanErrorIsAnRpcErrorWithContext() {
        scanner.error = new NetworkScanException("fabric provider: 'foo' is not known by libfabric.  Use "
                + "'daos_server network list' to view supported providers");

        StatusRuntimeException e = scanError("ofi+foo");

        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("failed to execute the fabric and device scan: fabric provider: 'foo' is not known by "
                + "libfabric.  Use 'daos_server network list' to view supported providers",
                e.getStatus().getDescription());
    }

    @Test
    public void defect3AHundredKilobyteProviderIsInvalidArgumentAndTheChannelGoesOn() {
        StatusRuntimeException e = scanError("p".repeat(100_000));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("provider: too long (100000 characters, at most 255): \"" + "p".repeat(40) + "\"... (100000 "
                + "characters)", e.getStatus().getDescription());
        assertEquals("never reached the scanner", List.of(), scanner.asked);
        assertEquals(List.of(), scan(""));
    }

    @Test
    public void unexpectedScannerErrorIsUnknownWithContext() {
        scanner.crashScan(new IllegalStateException("hwloc exploded"));

        StatusRuntimeException e = scanError("");

        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("failed to execute the fabric and device scan: hwloc exploded", e.getStatus().getDescription());
    }

    @Test
    public void scanFaultIsInternalWithTheFaultDetail() throws Exception {
        Fault f = Faults.missingLibrary(Faults.DOMAIN_NETWORK, "libfabric.so.1", "libfabric1");
        scanner.error = new NetworkScanException(f.toString(), f, null);

        StatusRuntimeException e = scanError("");

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(f.toString(), e.getStatus().getDescription());
        com.google.rpc.Status detail = StatusProto.fromThrowable(e);
        assertNotNull(detail);
        ErrorInfo info = null;
        for (Any a : detail.getDetailsList()) {
            if (a.is(ErrorInfo.class)) {
                info = a.unpack(ErrorInfo.class);
            }
        }
        assertNotNull("proto.fault.Fault detail", info);
        assertEquals("proto.fault.Fault", info.getReason());
        assertEquals("network", info.getMetadataOrThrow("Domain"));
        assertEquals("1", info.getMetadataOrThrow("Code"));
        assertEquals("install the libfabric1 package for your OS", info.getMetadataOrThrow("Resolution"));
    }

    @Test
    public void missingScannerIsUnavailable() {
        current = null;

        StatusRuntimeException e = scanError("");

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(NetworkInventory.NO_SCANNER, e.getStatus().getDescription());
        assertFalse(NetworkInventory.NO_SCANNER.isEmpty());
    }

    @Test
    public void storageMethodsAreServedAlongside() {
        try {
            stub.storageFormat(io.daos.control.proto.ctl.StorageFormatReq.getDefaultInstance()).hasNext();
            fail("StorageFormat belongs to StorageFormatComponent");
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        }
    }

    private static DeviceScanReply reply(String provider, String device, int numa) {
        return DeviceScanReply.newBuilder().setProvider(provider).setDevice(device).setNumanode(numa).build();
    }
}
