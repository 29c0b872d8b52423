package io.daos.control.itest.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.RuleChain;

import io.daos.control.itest.support.TestFiles;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.PrepareScmReq;
import io.daos.control.proto.ctl.ProviderListRequest;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;

/**
 * Storage and network inventory end to end (SPEC-SERVER §4.11, §5.3) on the assembled
 * distribution started on its embedded default configuration (two instances, ram SCM, one file
 * bdev each), over real gRPC on TCP, while the server waits at the format gate (no format is ever
 * done): StorageScan answers both parts (this host has no PMem and no NVMe, so the SCM part is
 * empty and the NVMe part holds exactly the configured file bdevs), NetworkListProviders,
 * NetworkScanDevices (lo with ofi+tcp;ofi_rxm when libfabric1 is installed) and
 * StoragePrepare{scm} (nothing to do: no reboot).
 */
public class InventoryIT {

    private static final long START_MS = 60_000;
    private static final long CALL_S = 60;

    private static final DistRule DIST = new DistRule("e2e-inventory");
    private static final WorkRule SERVER = new WorkRule(DIST);

    /** The copy outside the server: the server is stopped before the copy is unmounted and deleted. */
    @ClassRule
    public static final RuleChain RULES = RuleChain.outerRule(DIST).around(SERVER);

    private static Dist dist;
    private static MgmtCtlGrpc.MgmtCtlBlockingStub stub;

    @BeforeClass
    public static void startAtTheFormatGate() throws Exception {
        dist = DIST.dist();
        int port = NodeSupport.portBelowEphemeralRange();
        ServerProcess server = SERVER.start("start", "-p", Integer.toString(port));
        assertEquals(port, server.awaitListening(START_MS));
        // instance 0 waits at the format gate (instances pass it in order): nothing starts
        // until a StorageFormat
        server.awaitErr(l -> l.contains("SCM format required on instance 0"), START_MS);
        stub = MgmtCtlGrpc.newBlockingStub(SERVER.channel(port));
    }

    private static MgmtCtlGrpc.MgmtCtlBlockingStub call() {
        return stub.withDeadlineAfter(CALL_S, TimeUnit.SECONDS);
    }

    private static final ResponseState OK = ResponseState.newBuilder().setStatus(ResponseStatus.CTL_SUCCESS).build();

    @Test
    public void storageScanAtTheFormatGate() throws Exception {
        long t0 = System.nanoTime();
        StorageScanResp r = call().storageScan(StorageScanReq.getDefaultInstance());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue("nvme part present", r.hasNvme());
        assertTrue("scm part present", r.hasScm());
        assertEquals("no PMem on this host: " + r.getScm(), OK, r.getScm().getState());
        assertEquals(0, r.getScm().getModulesCount());
        assertEquals(0, r.getScm().getNamespacesCount());

        assertEquals(r.getNvme().toString(), OK, r.getNvme().getState());
        List<String> addrs = r.getNvme().getCtrlrsList().stream().map(NvmeController::getPciaddr).toList();
        assertEquals("no NVMe here: exactly the configured file bdevs",
                List.of(dist.home.resolve("data/bdev0.img").toString(),
                        dist.home.resolve("data/bdev1.img").toString()), addrs);
        for (NvmeController c : r.getNvme().getCtrlrsList()) {
            long capacity = c.getNamespacesList().stream().mapToLong(NvmeController.Namespace::getSize).sum();
            assertTrue(c.toString(), capacity > 0 && capacity <= 4_000_000_000L);   // the default bdev_size: 4 GB
        }
        // a scan formats nothing and releases nothing
        for (int i = 0; i < 2; i++) {
            assertFalse(TestFiles.isMountPoint(dist.home.resolve("data/scm" + i)));
        }
        Path log = dist.home.resolve("log/daos_server.log");
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        assertFalse("still at the format gate: " + lines, lines.stream().anyMatch(l -> l.contains("storage ready")));
        System.out.println("InventoryIT: StorageScan over TCP took " + ms + " ms");
    }

    @Test
    public void networkListProviders() {
        assertEquals("ofi+gni, ofi+psm2, ofi+tcp, ofi+sockets, ofi+verbs, ofi_rxm",
                call().networkListProviders(ProviderListRequest.getDefaultInstance()).getProvider());
    }

    @Test
    public void networkScanDevicesFindsLoopbackOverTcp() throws Exception {
        Assume.assumeTrue("libfabric1 is not installed (no libfabric.so.1 in the ldconfig cache): "
                + "apt-get install libfabric1", libfabricInstalled());
        long t0 = System.nanoTime();
        List<DeviceScanReply> replies = new ArrayList<>();
        call().networkScanDevices(DeviceScanRequest.newBuilder().setProvider("").build())
                .forEachRemaining(replies::add);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(replies.toString(), replies.contains(DeviceScanReply.newBuilder()
                .setProvider("ofi+tcp;ofi_rxm").setDevice("lo").setNumanode(0).build()));
        System.out.println("InventoryIT: NetworkScanDevices(\"\") over TCP: " + replies.size()
                + " interfaces in " + ms + " ms");
    }

    @Test
    public void storagePrepareScmWithoutPmemNeedsNoReboot() {
        StoragePrepareResp r = call().storagePrepare(StoragePrepareReq.newBuilder()
                .setScm(PrepareScmReq.getDefaultInstance()).build());

        assertFalse("nvme not requested", r.hasNvme());
        assertTrue(r.hasScm());
        assertEquals(r.toString(), OK, r.getScm().getState());
        assertEquals(0, r.getScm().getNamespacesCount());
    }

    /** Whether the dynamic linker knows libfabric.so.1 ({@code ldconfig -p}, 30 s timeout). */
    private static boolean libfabricInstalled() throws Exception {
        if (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libfabric.so.1"))) {
            return true;
        }
        Process p;
        try {
            p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
        } catch (java.io.IOException noLdconfig) {
            return false;
        }
        boolean found = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                found |= line.contains("libfabric.so.1 ");
            }
        } finally {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return found;
    }
}
