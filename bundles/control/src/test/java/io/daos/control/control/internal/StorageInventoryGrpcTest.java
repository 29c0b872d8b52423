package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.storage.BdevFilter;
import io.daos.control.api.storage.BdevPrepareRequest;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeHealth;
import io.daos.control.api.storage.NvmeNamespace;
import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmPrepareResult;
import io.daos.control.api.storage.ScmRegionState;
import io.daos.control.api.storage.ScmScan;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.PrepareScmReq;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * StorageScan and StoragePrepare over a real in-process gRPC channel (SPEC-SERVER §4.11, §8.3):
 * never an RPC error; both scan parts always present; only the requested prepare parts.
 */
public class StorageInventoryGrpcTest {

    private static final NvmeHealth HEALTH = new NvmeHealth(310, 1, 2, 3, 4, 5, 6, 7, 8, true, false, true, false,
            true);
    private static final NvmeController C1 = new NvmeController("INTEL SSDPE2KE016T8", "PHLN9", "0000:81:00.0",
            "VDV10170", 1, HEALTH, List.of(new NvmeNamespace(1, 1_600_000_000_000L)), "vfio-pci", List.of());
    private static final NvmeController C2 = new NvmeController("model2", "serial2", "0000:82:00.0", "fw2", 0,
            null, List.of(new NvmeNamespace(1, 100L), new NvmeNamespace(2, 200L)), "", List.of());
    private static final ScmModule M1 = new ScmModule(1, 2, 3, 0, 7, 1L << 37);
    private static final ScmModule M2 = new ScmModule(4, 5, 6, 1, 8, 1L << 38);
    private static final ScmNamespace NS0 = new ScmNamespace("a-uuid", "pmem0", "namespace0.0", 0, 3L << 40);
    private static final ScmNamespace NS1 = new ScmNamespace("b-uuid", "pmem1", "namespace1.0", 1, 3L << 40);

    private final FakeScmProvider scm = new FakeScmProvider();
    private final FakeBdevProvider bdev = new FakeBdevProvider();
    private volatile FakeScmProvider currentScm = scm;
    private volatile FakeBdevProvider currentBdev = bdev;
    private InProcessGrpc grpc;
    private MgmtCtlGrpc.MgmtCtlBlockingStub stub;

    @Before
    public void setUp() throws Exception {
        StorageInventory inventory = new StorageInventory(Fakes.serverConfig(
                List.of("0000:81:00.0", "0000:82:00.0"), List.of("0000:83:00.0", "0000:84:00.0"),
                TestConfig.ram("/mnt/daos0", 1).set("bdevClass", BdevClass.FILE)
                        .set("bdevList", List.of("/tmp/b0", "/tmp/b1")).set("bdevSize", 4).build(),
                TestConfig.ram("/mnt/daos1", 1).set("index", 1).set("bdevClass", BdevClass.MALLOC)
                        .set("bdevNumber", 1).set("bdevSize", 2).build()),
                () -> currentScm, () -> currentBdev);
        grpc = InProcessGrpc.start(InventoryComponent.definition(inventory, new NetworkInventory(() -> null)));
        stub = grpc.stub();
    }

    @After
    public void tearDown() throws Exception {
        grpc.close();
    }

    private StorageScanResp scan() {
        StorageScanResp r = stub.storageScan(StorageScanReq.getDefaultInstance());
        assertTrue("nvme part always present", r.hasNvme());
        assertTrue("scm part always present", r.hasScm());
        return r;
    }

    private static ResponseState state(ResponseStatus status, String error, String info) {
        return ResponseState.newBuilder().setStatus(status).setError(error).setInfo(info).build();
    }

    private static final ResponseState OK = state(ResponseStatus.CTL_SUCCESS, "", "");

    // ---- StorageScan ----

    @Test
    public void controllersAndNamespacesWithoutModules() {
        bdev.scanResult = List.of(C1, C2);
        scm.scanResult = new ScmScan(ScmRegionState.NO_CAPACITY, List.of(M1, M2), List.of(NS0, NS1));

        StorageScanResp r = scan();

        assertEquals(OK, r.getNvme().getState());
        assertEquals(2, r.getNvme().getCtrlrsCount());
        io.daos.control.proto.ctl.NvmeController c = r.getNvme().getCtrlrs(0);
        assertEquals("INTEL SSDPE2KE016T8", c.getModel());
        assertEquals("PHLN9", c.getSerial());
        assertEquals("0000:81:00.0", c.getPciaddr());
        assertEquals("VDV10170", c.getFwrev());
        assertEquals(1, c.getSocketid());
        assertTrue(c.hasHealthstats());
        io.daos.control.proto.ctl.NvmeController.Health h = c.getHealthstats();
        assertEquals(List.of(310, 1, 2), List.of(h.getTemp(), h.getTempwarntime(), h.getTempcrittime()));
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), List.of(h.getCtrlbusytime(), h.getPowercycles(),
                h.getPoweronhours(), h.getUnsafeshutdowns(), h.getMediaerrors(), h.getErrorlogentries()));
        assertEquals(List.of(true, false, true, false, true), List.of(h.getTempwarn(), h.getAvailsparewarn(),
                h.getReliabilitywarn(), h.getReadonlywarn(), h.getVolatilewarn()));
        assertEquals("0000:81:00.0", h.getCtrlrpciaddr());
        assertEquals(1, c.getNamespacesCount());
        assertEquals(io.daos.control.proto.ctl.NvmeController.Namespace.newBuilder().setId(1)
                .setSize(1_600_000_000_000L).setCtrlrpciaddr("0000:81:00.0").build(), c.getNamespaces(0));
        io.daos.control.proto.ctl.NvmeController c2 = r.getNvme().getCtrlrs(1);
        assertFalse("no health where it cannot be read", c2.hasHealthstats());
        assertEquals(List.of(1, 2), List.of(c2.getNamespaces(0).getId(), c2.getNamespaces(1).getId()));
        assertEquals(300L, c2.getNamespaces(0).getSize() + c2.getNamespaces(1).getSize());

        ScanScmResp s = r.getScm();
        assertEquals(OK, s.getState());
        assertEquals("namespaces, never both", 0, s.getModulesCount());
        assertEquals(List.of(io.daos.control.proto.ctl.ScmNamespace.newBuilder().setUuid("a-uuid")
                .setBlockdev("pmem0").setDev("namespace0.0").setNumaNode(0).setSize(3L << 40).build(),
                io.daos.control.proto.ctl.ScmNamespace.newBuilder().setUuid("b-uuid").setBlockdev("pmem1")
                        .setDev("namespace1.0").setNumaNode(1).setSize(3L << 40).build()),
                s.getNamespacesList());
    }

    @Test
    public void scmScanLogsTheRegionStateName() {
        scm.scanResult = new ScmScan(ScmRegionState.FREE_CAPACITY, List.of(M1), List.of());
        Logger log = Logger.getLogger(StorageInventory.class.getName());
        List<String> messages = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                messages.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = log.getLevel();
        log.setLevel(Level.FINE);
        log.addHandler(h);
        try {
            scan();
        } finally {
            log.removeHandler(h);
            log.setLevel(before);
        }
        assertEquals(List.of("FINE Storage Scan SCM (ScmStateFreeCapacity)"), messages);
    }

    @Test
    public void modulesWithoutNamespaces() {
        scm.scanResult = new ScmScan(ScmRegionState.NO_REGIONS, List.of(M1, M2), List.of());

        ScanScmResp s = scan().getScm();

        assertEquals(OK, s.getState());
        assertEquals(0, s.getNamespacesCount());
        assertEquals(List.of(io.daos.control.proto.ctl.ScmModule.newBuilder().setChannelid(1).setChannelposition(2)
                .setControllerid(3).setSocketid(0).setPhysicalid(7).setCapacity(1L << 37).build(),
                io.daos.control.proto.ctl.ScmModule.newBuilder().setChannelid(4).setChannelposition(5)
                        .setControllerid(6).setSocketid(1).setPhysicalid(8).setCapacity(1L << 38).build()),
                s.getModulesList());
    }

    @Test
    public void noHardwareIsSuccessWithEmptyParts() {
        StorageScanResp r = scan();
        assertEquals(OK, r.getScm().getState());
        assertEquals(0, r.getScm().getModulesCount() + r.getScm().getNamespacesCount());
        assertEquals(OK, r.getNvme().getState());
        assertEquals(0, r.getNvme().getCtrlrsCount());
    }

    @Test
    public void nvmeScanFailureLeavesScmUnaffected() {
        bdev.scanResult = List.of(C1);
        bdev.configuredDevices.put(0, List.of(C2));
        bdev.scanError = new StorageException("spdk init failed");
        scm.scanResult = new ScmScan(ScmRegionState.NO_CAPACITY, List.of(M1), List.of(NS0));

        StorageScanResp r = scan();

        assertEquals(state(ResponseStatus.CTL_ERR_NVME, "spdk init failed", ""), r.getNvme().getState());
        assertEquals("no controllers after a failed scan", 0, r.getNvme().getCtrlrsCount());
        assertEquals(OK, r.getScm().getState());
        assertEquals(1, r.getScm().getNamespacesCount());
    }

    @Test
    public void scmDiscoveryFailureLeavesNvmeUnaffected() {
        bdev.scanResult = List.of(C1);
        scm.scanError = new StorageException("scm discover failed");

        StorageScanResp r = scan();

        assertEquals(state(ResponseStatus.CTL_ERR_SCM, "scm discover failed", ""), r.getScm().getState());
        assertEquals(0, r.getScm().getModulesCount() + r.getScm().getNamespacesCount());
        assertEquals(OK, r.getNvme().getState());
        assertEquals(List.of("0000:81:00.0"), r.getNvme().getCtrlrsList().stream()
                .map(io.daos.control.proto.ctl.NvmeController::getPciaddr).toList());
    }

    @Test
    public void scmFaultCarriesItsResolutionLine() {
        scm.scanError = new StorageException(Faults.missingLibrary(Faults.DOMAIN_SCM, "libipmctl.so.5", "libipmctl5"));

        ResponseState s = scan().getScm().getState();

        assertEquals(ResponseStatus.CTL_ERR_SCM, s.getStatus());
        assertEquals(Faults.missingLibrary(Faults.DOMAIN_SCM, "libipmctl.so.5", "libipmctl5").toString(),
                s.getError());
        assertEquals(Faults.missingLibrary(Faults.DOMAIN_SCM, "libipmctl.so.5", "libipmctl5").resolutionLine(),
                s.getInfo());
        assertTrue(s.getInfo(), s.getInfo().startsWith("scm: code = 1 resolution = "));
    }

    @Test
    public void bothFailing() {
        bdev.scanError = new StorageException("nvme scan failed");
        scm.scanError = new StorageException("scm discover failed");

        StorageScanResp r = scan();

        assertEquals(state(ResponseStatus.CTL_ERR_NVME, "nvme scan failed", ""), r.getNvme().getState());
        assertEquals(state(ResponseStatus.CTL_ERR_SCM, "scm discover failed", ""), r.getScm().getState());
    }

    @Test
    public void providerRuntimeErrorIsAnErrorStateNotAnRpcError() {
        bdev.crashScan(new IllegalStateException("native crash"));

        StorageScanResp r = scan();

        assertEquals(state(ResponseStatus.CTL_ERR_NVME, "native crash", ""), r.getNvme().getState());
        assertEquals(OK, r.getScm().getState());
    }

    @Test
    public void missingProvidersShowAsErrorStates() {
        currentScm = null;
        currentBdev = null;

        StorageScanResp r = scan();

        assertEquals(state(ResponseStatus.CTL_ERR_NVME, ResponseStates.NO_BDEV_PROVIDER, ""), r.getNvme().getState());
        assertEquals(state(ResponseStatus.CTL_ERR_SCM, ResponseStates.NO_SCM_PROVIDER, ""), r.getScm().getState());
    }

    @Test
    public void configuredEmulatedDevicesOfEveryInstanceFollowTheScannedControllers() {
        NvmeController f0 = new NvmeController("file", "", "/tmp/b0", "", 0, null,
                List.of(new NvmeNamespace(1, 4_000_000_000L)), "", List.of());
        NvmeController f1 = new NvmeController("file", "", "/tmp/b1", "", 0, null,
                List.of(new NvmeNamespace(1, 4_000_000_000L)), "", List.of());
        NvmeController m0 = new NvmeController("malloc", "", "malloc0", "", 0, null,
                List.of(new NvmeNamespace(1, 2_000_000_000L)), "", List.of());
        bdev.scanResult = List.of(C1);
        bdev.configuredDevices.put(0, List.of(f0, f1));
        bdev.configuredDevices.put(1, List.of(m0));

        ScanNvmeResp n = scan().getNvme();

        assertEquals(OK, n.getState());
        assertEquals(List.of("0000:81:00.0", "/tmp/b0", "/tmp/b1", "malloc0"),
                n.getCtrlrsList().stream().map(io.daos.control.proto.ctl.NvmeController::getPciaddr).toList());
        assertEquals("file", n.getCtrlrs(1).getModel());
        assertEquals(4_000_000_000L, n.getCtrlrs(1).getNamespaces(0).getSize());
        assertEquals("/tmp/b0", n.getCtrlrs(1).getNamespaces(0).getCtrlrpciaddr());
    }

    @Test
    public void includeAndExcludeComeFromTheConfig() {
        scan();
        scan();
        assertEquals(List.of(new BdevFilter(List.of("0000:81:00.0", "0000:82:00.0"),
                List.of("0000:83:00.0", "0000:84:00.0"))), bdev.filters.subList(0, 1));
        assertEquals("never cached: a fresh NVMe scan per request", 2, bdev.filters.size());
    }

    // ---- StoragePrepare ----

    private StoragePrepareResp prepare(StoragePrepareReq req) {
        return stub.storagePrepare(req);
    }

    @Test
    public void bothPartsRequested() {
        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder()
                .setNvme(PrepareNvmeReq.newBuilder().setNrhugepages(42).setPciwhitelist("0000:81:00.0 0000:82:00.0")
                        .setTargetuser("amos"))
                .setScm(PrepareScmReq.getDefaultInstance()).build());

        assertTrue(r.hasNvme());
        assertTrue(r.hasScm());
        assertEquals(OK, r.getNvme().getState());
        assertEquals(OK, r.getScm().getState());
        assertEquals(List.of(new BdevPrepareRequest(42, "0000:81:00.0 0000:82:00.0", "0000:83:00.0 0000:84:00.0",
                "amos", false)), bdev.prepared);
        assertEquals(List.of("prepare reset=false"), scm.calls);
    }

    @Test
    public void defect1AMegabyteTargetUserIsInvalidArgumentAndNeverReachesTheProvider() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> prepare(StoragePrepareReq
                .newBuilder().setNvme(PrepareNvmeReq.newBuilder().setTargetuser("u".repeat(1 << 20))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription(),
                e.getStatus().getDescription().startsWith("nvme.targetuser: too long (1048576 characters"));
        assertEquals(List.of(), bdev.prepared);
        // the same channel goes on serving
        assertEquals(OK, prepare(StoragePrepareReq.newBuilder().setNvme(PrepareNvmeReq.getDefaultInstance()).build())
                .getNvme().getState());
    }

    @Test
    public void defect8HugepagesBeyondTheHostsMemoryAreInvalidArgument() {
        bdev.hugepages = new HugepageInfo(0, 0, 0, 0, 2048, 2048 * 1000);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> prepare(StoragePrepareReq
                .newBuilder().setNvme(PrepareNvmeReq.newBuilder().setNrhugepages(Integer.MAX_VALUE)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("nvme.nrhugepages: 2147483647 is out of range (0 to 1000)", e.getStatus().getDescription());
        assertEquals(List.of(), bdev.prepared);
        assertEquals(OK, prepare(StoragePrepareReq.newBuilder().setNvme(PrepareNvmeReq.newBuilder()
                .setNrhugepages(1000)).build()).getNvme().getState());
        assertEquals(1000, bdev.prepared.get(0).hugePageCount());
    }

    @Test
    public void onlyScmRequested() {
        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder()
                .setScm(PrepareScmReq.newBuilder().setReset(true)).build());

        assertFalse("nvme part absent", r.hasNvme());
        assertTrue(r.hasScm());
        assertEquals(OK, r.getScm().getState());
        assertEquals(List.of("prepare reset=true"), scm.calls);
        assertTrue(bdev.prepared.isEmpty());
    }

    @Test
    public void onlyNvmeRequested() {
        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder()
                .setNvme(PrepareNvmeReq.newBuilder().setReset(true)).build());

        assertTrue(r.hasNvme());
        assertFalse("scm part absent", r.hasScm());
        assertEquals(OK, r.getNvme().getState());
        assertEquals(List.of(new BdevPrepareRequest(0, "", "0000:83:00.0 0000:84:00.0", "", true)), bdev.prepared);
        assertTrue(scm.calls.isEmpty());
    }

    @Test
    public void nothingRequestedNothingDone() {
        StoragePrepareResp r = prepare(StoragePrepareReq.getDefaultInstance());
        assertFalse(r.hasNvme());
        assertFalse(r.hasScm());
        assertTrue(bdev.prepared.isEmpty());
        assertTrue(scm.calls.isEmpty());
    }

    @Test
    public void createdNamespacesAreReturned() {
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_CAPACITY, false, List.of(NS0, NS1));

        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder().setScm(PrepareScmReq.getDefaultInstance())
                .build());

        assertEquals(OK, r.getScm().getState());
        assertEquals(List.of("pmem0", "pmem1"), r.getScm().getNamespacesList().stream()
                .map(io.daos.control.proto.ctl.ScmNamespace::getBlockdev).toList());
    }

    @Test
    public void rebootRequiredIsTheInfoOfASuccess() {
        scm.prepareResult = new ScmPrepareResult(ScmRegionState.NO_REGIONS, true, List.of());

        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder().setScm(PrepareScmReq.getDefaultInstance())
                .build());

        assertEquals(state(ResponseStatus.CTL_SUCCESS, "",
                "A reboot is required to process new memory allocation goals."), r.getScm().getState());
        assertEquals(0, r.getScm().getNamespacesCount());
    }

    @Test
    public void scmPrepareFailure() {
        scm.prepareError = new StorageException("scm prep error");

        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder().setScm(PrepareScmReq.getDefaultInstance())
                .setNvme(PrepareNvmeReq.getDefaultInstance()).build());

        assertEquals(state(ResponseStatus.CTL_ERR_SCM, "scm prep error", ""), r.getScm().getState());
        assertEquals(OK, r.getNvme().getState());
    }

    @Test
    public void nvmePrepareFailure() {
        bdev.prepareError = new StorageException("SPDK prepare: nvme prep error");

        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder().setScm(PrepareScmReq.getDefaultInstance())
                .setNvme(PrepareNvmeReq.getDefaultInstance()).build());

        assertEquals(state(ResponseStatus.CTL_ERR_NVME, "SPDK prepare: nvme prep error", ""), r.getNvme().getState());
        assertEquals(OK, r.getScm().getState());
    }

    @Test
    public void prepareWithMissingProviders() {
        currentScm = null;
        currentBdev = null;

        StoragePrepareResp r = prepare(StoragePrepareReq.newBuilder().setScm(PrepareScmReq.getDefaultInstance())
                .setNvme(PrepareNvmeReq.getDefaultInstance()).build());

        assertEquals(state(ResponseStatus.CTL_ERR_NVME, ResponseStates.NO_BDEV_PROVIDER, ""), r.getNvme().getState());
        assertEquals(state(ResponseStatus.CTL_ERR_SCM, ResponseStates.NO_SCM_PROVIDER, ""), r.getScm().getState());
    }
}
