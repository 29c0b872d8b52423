package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.TestConfig;
import io.daos.control.api.config.IOServerConfig;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.fault.Fault;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.FakeScmProvider;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The StorageFormat state machine of SPEC-SERVER §4.10 with fakes, including every example there. */
public class StorageFormatterTest {

    private static final String PCI = "0000:81:00.0";
    private static final String MSG106 = "scm: code = 106 description = \"format request for already-formatted"
            + " storage and reformat not specified\"";
    private static final String RES106 = "scm: code = 106 resolution = \"retry the operation with reformat option"
            + " to overwrite existing format\"";

    private final FakeScmProvider scm = new FakeScmProvider();
    private final FakeBdevProvider bdev = new FakeBdevProvider();

    private static IOServerConfig ram(String mount, String... bdevs) {
        return new TestConfig().set("scmClass", ScmClass.RAM).set("scmMount", mount).set("scmSize", 1)
                .set("bdevClass", BdevClass.NVME).set("bdevList", List.of(bdevs)).build();
    }

    private static IOServerConfig dcpm(String mount, String... bdevs) {
        return new TestConfig().set("scmClass", ScmClass.DCPM).set("scmMount", mount).set("scmList", List.of("/dev/pmem0"))
                .set("bdevClass", BdevClass.NVME).set("bdevList", List.of(bdevs)).build();
    }

    private StorageFormatter formatter(Fakes.FakeHarness h, IOServerConfig... servers) {
        return new StorageFormatter(Fakes.serverConfig(servers), h, () -> scm, () -> bdev);
    }

    private static ScmMountResult mret(String mount, ResponseStatus s, String error, String info) {
        return ScmMountResult.newBuilder().setMntpoint(mount)
                .setState(ResponseState.newBuilder().setStatus(s).setError(error).setInfo(info)).build();
    }

    private static ScmMountResult mretOk(String mount) {
        return mret(mount, ResponseStatus.CTL_SUCCESS, "", "");
    }

    private static NvmeControllerResult cret(String pci, ResponseStatus s, String error, String info) {
        return NvmeControllerResult.newBuilder().setPciaddr(pci)
                .setState(ResponseState.newBuilder().setStatus(s).setError(error).setInfo(info)).build();
    }

    private static NvmeControllerResult skip(int i) {
        return cret("<nil>", ResponseStatus.CTL_SUCCESS, "",
                "NVMe format skipped on instance " + i + " as SCM format did not complete");
    }

    /** What the call answers: the thrown exception through the modules' one error mapper. */
    private static StatusRuntimeException rpcError(StorageFormatter f, boolean reformat) {
        try {
            f.format(reformat);
        } catch (StorageException e) {
            return GrpcErrors.toStatus(e);
        }
        fail("expected an RPC error");
        return null;
    }

    @Test
    public void ramOrDcpmSuccessNoBdevs() throws Exception {
        for (IOServerConfig c : List.of(ram("/mnt/daos"), dcpm("/mnt/daos"))) {
            Fakes.FakeHarness h = new Fakes.FakeHarness(1);
            scm.mounted.clear();
            StorageFormatResp r = formatter(h, c).format(false);
            assertEquals(StorageFormatResp.newBuilder().addMrets(mretOk("/mnt/daos")).build(), r);
            assertEquals(List.of(0), h.released);
        }
    }

    @Test
    public void nvmeAndRam() throws Exception {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        StorageFormatResp r = formatter(h, ram("/mnt/daos", PCI)).format(false);
        assertEquals(List.of(cret(PCI, ResponseStatus.CTL_SUCCESS, "", "")), r.getCretsList());
        assertEquals(List.of(mretOk("/mnt/daos")), r.getMretsList());
        assertEquals(List.of(0), h.released);
    }

    @Test
    public void alreadyFormattedWithoutReformatIs106AndSkip() throws Exception {
        scm.mounted.add("/mnt/daos");
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        StorageFormatResp r = formatter(h, ram("/mnt/daos", PCI)).format(false);
        assertEquals(List.of(mret("/mnt/daos", ResponseStatus.CTL_ERR_SCM, MSG106, RES106)), r.getMretsList());
        assertEquals(List.of(skip(0)), r.getCretsList());
        assertTrue("not released", h.released.isEmpty());
        assertTrue(scm.formatted.isEmpty());
        assertTrue(bdev.formatted.isEmpty());
    }

    @Test
    public void alreadyFormattedWithReformat() throws Exception {
        scm.mounted.add("/mnt/daos");
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        StorageFormatResp r = formatter(h, ram("/mnt/daos", PCI)).format(true);
        assertEquals(List.of(mretOk("/mnt/daos")), r.getMretsList());
        assertEquals(List.of(cret(PCI, ResponseStatus.CTL_SUCCESS, "", "")), r.getCretsList());
        assertEquals(List.of("/mnt/daos"), scm.formatted);
        assertEquals(List.of(0), h.released);
    }

    @Test
    public void twoInstances() throws Exception {
        Fakes.FakeHarness h = new Fakes.FakeHarness(2);
        StorageFormatResp r = formatter(h, ram("/mnt/daos0", PCI), dcpm("/mnt/daos1", "0000:82:00.0")).format(false);
        assertEquals(List.of(mretOk("/mnt/daos0"), mretOk("/mnt/daos1")), r.getMretsList());
        assertEquals(List.of(cret(PCI, ResponseStatus.CTL_SUCCESS, "", ""),
                cret("0000:82:00.0", ResponseStatus.CTL_SUCCESS, "", "")), r.getCretsList());
        assertEquals(List.of(0, 1), h.released);
    }

    @Test
    public void usableSiblingReports106WhileOtherIsFormatted() throws Exception {
        scm.mounted.add("/mnt/daos0");
        Fakes.FakeHarness h = new Fakes.FakeHarness(2);
        StorageFormatResp r = formatter(h, ram("/mnt/daos0"), ram("/mnt/daos1")).format(false);
        assertEquals(List.of(mret("/mnt/daos0", ResponseStatus.CTL_ERR_SCM, MSG106, RES106), mretOk("/mnt/daos1")),
                r.getMretsList());
        assertEquals(0, r.getCretsCount());
        assertEquals(List.of(1), h.released);
    }

    @Test
    public void harnessStartedIsAnRpcError() {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        h.started = true;
        StatusRuntimeException e = rpcError(formatter(h, ram("/mnt/daos")), true);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("cannot format storage with running I/O server instances", e.getStatus().getDescription());
        assertTrue(scm.formatted.isEmpty());
    }

    @Test
    public void aFormatRunsWholeAtTheHarnessGateAndReleasesWithinIt() throws Exception {
        Fakes.FakeHarness h = new Fakes.FakeHarness(2);
        List<Boolean> providerUsedInGate = new ArrayList<>();
        StorageFormatter f = new StorageFormatter(Fakes.serverConfig(ram("/mnt/daos0", PCI), ram("/mnt/daos1")), h,
                () -> {
                    providerUsedInGate.add(h.inGate);
                    return scm;
                }, () -> bdev);
        f.format(true);
        assertEquals(1, h.works); // one gate work for the whole call
        assertEquals(List.of(true, true), providerUsedInGate);
        assertEquals(List.of("/mnt/daos0", "/mnt/daos1"), scm.formatted);
        assertEquals(List.of(0, 1), h.released); // each release within the work (else the fake fails)
    }

    @Test
    public void aHarnessThatLeftTheGateRefusesTheFormatBeforeIsStartedSaysSo() {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        h.gateLeft = true;
        StatusRuntimeException e = rpcError(formatter(h, ram("/mnt/daos")), true);
        assertEquals("cannot format storage with running I/O server instances", e.getStatus().getDescription());
        assertTrue(scm.formatted.isEmpty());
        assertTrue(h.released.isEmpty());
    }

    @Test
    public void anInterruptedWaitForTheGateIsAnRpcErrorAndKeepsTheInterrupt() {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        h.interrupt = true;
        StatusRuntimeException e = rpcError(formatter(h, ram("/mnt/daos")), true);
        assertTrue(Thread.interrupted());
        assertEquals("formatting storage: interrupted while waiting for the format gate", e.getStatus().getDescription());
        assertTrue(scm.formatted.isEmpty());
    }

    @Test
    public void checkErrorIsAnRpcError() {
        scm.checkError = new StorageException("failed to check if /mnt/daos is mounted: boom");
        StatusRuntimeException e = rpcError(formatter(new Fakes.FakeHarness(1), ram("/mnt/daos")), false);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("formatting storage: unable to check storage formatting: failed to check if /mnt/daos is"
                + " mounted: boom", e.getStatus().getDescription());
    }

    @Test
    public void checkFaultIsAnInternalErrorWithFaultDetails() throws Exception {
        scm.checkError = new StorageException(Faults.SCM_FORMAT_MISSING_MOUNTPOINT);
        StatusRuntimeException e = rpcError(formatter(new Fakes.FakeHarness(1), ram("")), false);
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("scm: code = 213 description = \"format request must specify mountpoint\"",
                e.getStatus().getDescription());
        com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(e);
        com.google.rpc.ErrorInfo info = details.getDetails(0).unpack(com.google.rpc.ErrorInfo.class);
        assertEquals("proto.fault.Fault", info.getReason());
        assertEquals("213", info.getMetadataOrThrow("Code"));
        assertEquals("scm", info.getMetadataOrThrow("Domain"));
        assertEquals("format request must specify mountpoint", info.getMetadataOrThrow("Description"));
    }

    @Test
    public void requestErrorIsAnRpcError() {
        scm.requestError = new StorageException("operation unsupported on scm class");
        StatusRuntimeException e = rpcError(formatter(new Fakes.FakeHarness(1), dcpm("/mnt/daos")), true);
        assertEquals("formatting storage: scm format: generate format request: operation unsupported on scm class",
                e.getStatus().getDescription());
        scm.requestError = new StorageException(Faults.SCM_FORMAT_INVALID_DEVICE_COUNT);
        e = rpcError(formatter(new Fakes.FakeHarness(1), dcpm("/mnt/daos")), true);
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("scm: code = 212 description = \"format request must have exactly 1 dcpm device\"",
                e.getStatus().getDescription());
    }

    @Test
    public void scmFormatFailures() throws Exception {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        scm.formatError = new StorageException(Faults.STORAGE_TARGET_ALREADY_MOUNTED);
        StorageFormatResp r = formatter(h, ram("/mnt/daos", PCI)).format(false);
        assertEquals(List.of(mret("/mnt/daos", ResponseStatus.CTL_ERR_SCM,
                "scm: code = 109 description = \"request included already-mounted mount target (cannot double-mount)\"",
                "scm: code = 109 resolution = \"unmount the target and retry the operation\"")), r.getMretsList());
        assertEquals(List.of(skip(0)), r.getCretsList());
        assertTrue(bdev.formatted.isEmpty());

        scm.formatError = new StorageException(Faults.SCM_FORMAT_INVALID_SIZE);
        assertEquals("scm: code = 211 resolution = \"no known resolution\"",
                formatter(h, ram("/mnt/daos")).format(false).getMrets(0).getState().getInfo());

        scm.formatError = new StorageException("mount tmpfs->/mnt/daos failed: no such device");
        ResponseState s = formatter(h, ram("/mnt/daos")).format(false).getMrets(0).getState();
        assertEquals("mount tmpfs->/mnt/daos failed: no such device", s.getError());
        assertEquals("unknown: code = 0 resolution = \"no known resolution\"", s.getInfo());
        assertTrue(h.released.isEmpty());
    }

    @Test
    public void formatReportingUnformatted() throws Exception {
        scm.formatReportsUnformatted = true;
        ResponseState s = formatter(new Fakes.FakeHarness(1), ram("/mnt/daos")).format(false).getMrets(0).getState();
        assertEquals(ResponseStatus.CTL_ERR_SCM, s.getStatus());
        assertEquals("is still unformatted: scm: code = 210 description = \"unknown scm error\"", s.getError());
        assertEquals("scm: code = 210 resolution = \"no known resolution\"", s.getInfo());
    }

    @Test
    public void bdevDeviceFaultKeepsInstanceWaiting() throws Exception {
        Fault f = Faults.bdevFormatFailure(Faults.bdevFormatBadPciAddress("0000:99:00.0").toString());
        bdev.faults.put("0000:99:00.0", f);
        Fault unknownClass = Faults.bdevFormatUnknownClass("");
        bdev.faults.put("x", unknownClass);
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        StorageFormatResp r = formatter(h, ram("/mnt/daos", PCI, "0000:99:00.0", "x")).format(false);
        assertEquals(List.of(mretOk("/mnt/daos")), r.getMretsList());
        assertEquals(List.of(cret(PCI, ResponseStatus.CTL_SUCCESS, "", ""),
                cret("0000:99:00.0", ResponseStatus.CTL_ERR_NVME, f.toString(), ""),
                cret("x", ResponseStatus.CTL_ERR_NVME, unknownClass.toString(), unknownClass.resolutionLine())),
                r.getCretsList());
        assertTrue(h.released.isEmpty());
    }

    @Test
    public void bdevCallErrorIsAnRpcError() {
        bdev.formatError = new StorageException("empty DeviceList in FormatRequest");
        assertEquals("formatting storage: empty DeviceList in FormatRequest",
                rpcError(formatter(new Fakes.FakeHarness(1), ram("/mnt/daos", PCI)), false).getStatus().getDescription());
    }

    @Test
    public void missingProvidersShowAsErrorStates() throws Exception {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        StorageFormatResp r = new StorageFormatter(Fakes.serverConfig(ram("/mnt/daos", PCI)), h, () -> null, () -> bdev)
                .format(false);
        assertEquals(List.of(mret("/mnt/daos", ResponseStatus.CTL_ERR_SCM, StorageFormatter.NO_SCM_PROVIDER, "")),
                r.getMretsList());
        assertEquals(List.of(skip(0)), r.getCretsList());

        r = new StorageFormatter(Fakes.serverConfig(ram("/mnt/daos", PCI)), h, () -> scm, () -> null).format(false);
        assertEquals(List.of(mretOk("/mnt/daos")), r.getMretsList());
        assertEquals(List.of(cret(PCI, ResponseStatus.CTL_ERR_NVME, StorageFormatter.NO_BDEV_PROVIDER, "")),
                r.getCretsList());
        assertTrue(h.released.isEmpty());
    }

    @Test
    public void emptyMountAndPciShowAsNil() throws Exception {
        StorageFormatResp r = formatter(new Fakes.FakeHarness(1), ram("", "")).format(true);
        assertEquals("<nil>", r.getMrets(0).getMntpoint());
        assertEquals("<nil>", r.getCrets(0).getPciaddr());
    }

    @Test
    public void noInstancesGiveAnEmptyReply() throws Exception {
        assertEquals(StorageFormatResp.getDefaultInstance(), formatter(new Fakes.FakeHarness(0)).format(false));
    }

    @Test
    public void repeatedFormatReleasesAgain() throws Exception {
        Fakes.FakeHarness h = new Fakes.FakeHarness(1);
        StorageFormatter f = formatter(h, ram("/mnt/daos"));
        f.format(false);
        assertEquals(MSG106, f.format(false).getMrets(0).getState().getError());
        f.format(true);
        assertEquals(List.of(0, 0), h.released);
    }
}
