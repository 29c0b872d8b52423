package io.daos.control.control.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.Test;

import io.daos.control.api.storage.FakeBdevProvider;
import io.daos.control.api.storage.HugepageInfo;
import io.daos.control.api.storage.StorageException;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.PrepareScmReq;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

public class RequestChecksTest {

    private static final OptionalLong MAX = OptionalLong.of(12_052);

    private static StoragePrepareReq nvme(PrepareNvmeReq.Builder n) {
        return StoragePrepareReq.newBuilder().setNvme(n).build();
    }

    /** The description of the INVALID_ARGUMENT {@code call} ends with. */
    private static String invalid(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        String d = e.getStatus().getDescription();
        assertTrue(d.length() + " characters: " + d, d.length() < 200);
        return d;
    }

    @Test
    public void validPrepareRequestsPass() {
        for (StoragePrepareReq r : List.of(StoragePrepareReq.getDefaultInstance(),
                StoragePrepareReq.newBuilder().setScm(PrepareScmReq.newBuilder().setReset(true)).build(),
                nvme(PrepareNvmeReq.newBuilder()),
                nvme(PrepareNvmeReq.newBuilder().setNrhugepages(12_052).setTargetuser("daos_server")
                        .setPciwhitelist("0000:81:00.0 0000:82:00.0,81:00.1\t5d0505:01:00.0").setReset(true)))) {
            assertSame(r, RequestChecks.storagePrepare(r, MAX));
        }
        StoragePrepareReq big = nvme(PrepareNvmeReq.newBuilder().setNrhugepages(Integer.MAX_VALUE));
        assertSame("no bound known, none applied", big, RequestChecks.storagePrepare(big, OptionalLong.empty()));
    }

    @Test
    public void defect1TargetUserMustBeAPosixUserName() {
        String d = invalid(() -> RequestChecks.storagePrepare(
                nvme(PrepareNvmeReq.newBuilder().setTargetuser("u".repeat(1 << 20))), MAX));
        assertTrue(d, d.startsWith("nvme.targetuser: too long (1048576 characters, at most 32): \"uuuu"));
        assertEquals("nvme.targetuser: not a valid user or group name: \"root;id\"", invalid(() ->
                RequestChecks.storagePrepare(nvme(PrepareNvmeReq.newBuilder().setTargetuser("root;id")), MAX)));
    }

    @Test
    public void defect8HugepagesFromZeroToWhatTheMemoryHolds() {
        assertEquals("nvme.nrhugepages: 12053 is out of range (0 to 12052)", invalid(() ->
                RequestChecks.storagePrepare(nvme(PrepareNvmeReq.newBuilder().setNrhugepages(12_053)), MAX)));
        assertEquals("nvme.nrhugepages: 2147483647 is out of range (0 to 12052)", invalid(() -> RequestChecks
                .storagePrepare(nvme(PrepareNvmeReq.newBuilder().setNrhugepages(Integer.MAX_VALUE)), MAX)));
        assertEquals("nvme.nrhugepages: -1 is out of range (0 to 12052)", invalid(() ->
                RequestChecks.storagePrepare(nvme(PrepareNvmeReq.newBuilder().setNrhugepages(-1)), MAX)));
    }

    @Test
    public void pciWhitelistIsAShortListOfPciAddresses() {
        assertEquals("nvme.pciwhitelist: not a PCI address: \"0000:81:00.0;reboot\"", invalid(() -> RequestChecks
                .storagePrepare(nvme(PrepareNvmeReq.newBuilder().setPciwhitelist("0000:81:00.0;reboot")), MAX)));
        String d = invalid(() -> RequestChecks.pciAddresses("nvme.pciwhitelist", "0".repeat(1 << 20)));
        assertTrue(d, d.startsWith("nvme.pciwhitelist: too long (1048576 characters, at most 65536)"));
        String many = "0000:81:00.0 ".repeat(4097);
        assertEquals("nvme.pciwhitelist: too many entries (4097, at most 4096)",
                invalid(() -> RequestChecks.pciAddresses("nvme.pciwhitelist", many)));
        assertEquals(List.of("0000:81:00.0", "0000:82:00.7"),
                RequestChecks.pciAddresses("f", " 0000:81:00.0,, 0000:82:00.7 "));
        assertEquals(List.of(), RequestChecks.pciAddresses("f", ""));
    }

    @Test
    public void defect3ProviderIsBounded() {
        assertEquals("ofi+tcp;ofi_rxm", RequestChecks.networkScan("ofi+tcp;ofi_rxm"));
        String d = invalid(() -> RequestChecks.networkScan("p".repeat(100_000)));
        assertTrue(d, d.startsWith("provider: too long (100000 characters, at most 255): \"pppp"));
    }

    @Test
    public void maxHugepagesComesFromTheProvider() {
        FakeBdevProvider bdev = new FakeBdevProvider();
        bdev.hugepages = new HugepageInfo(0, 0, 0, 0, 2048, 24_683_792);
        assertEquals(OptionalLong.of(12_052), RequestChecks.maxHugepages(bdev));
        bdev.hugepagesError = new StorageException("unable to read system hugepage info");
        assertEquals(OptionalLong.empty(), RequestChecks.maxHugepages(bdev));
        assertEquals(OptionalLong.empty(), RequestChecks.maxHugepages(null));
    }
}
