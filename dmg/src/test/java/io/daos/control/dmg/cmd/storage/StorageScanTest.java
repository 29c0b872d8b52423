package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.daos.control.dmg.conn.Invoker;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.ScmModule;
import io.daos.control.proto.ctl.ScmNamespace;
import io.daos.control.proto.ctl.StorageScanResp;
import io.grpc.Status;

/** {@code storage scan [-v]} and {@code storage query nvme-health} against loopback servers. */
public class StorageScanTest extends StorageCli {

    static final String SCAN_FAILED = "rpc error: code = Unknown desc = scan failed";

    static NvmeController ctrlr(String pci, String model, long size) {
        return NvmeController.newBuilder().setPciaddr(pci).setModel(model).setFwrev("FW1").setSocketid(1)
                .addNamespaces(NvmeController.Namespace.newBuilder().setSize(size)).build();
    }

    static ScmModule module(int id, long capacity) {
        return ScmModule.newBuilder().setPhysicalid(id).setSocketid(0).setControllerid(1).setChannelid(2)
                .setChannelposition(3).setCapacity(capacity).build();
    }

    static StorageScanResp modulesAndOneCtrlr() {
        return StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().addModules(module(0, 1L << 30)))
                .setNvme(ScanNvmeResp.newBuilder().addCtrlrs(ctrlr("0000:81:00.0", "M", 2_000_000_000_000L)))
                .build();
    }

    @Test
    public void summaryGroupsIdenticalHostsAndAFailedHostThenFails() throws Exception {
        start(4);
        for (int i = 0; i < 3; i++) {
            server(i).scan = modulesAndOneCtrlr();
        }
        server(3).error = Status.UNKNOWN.withDescription("scan failed").asRuntimeException();
        assertEquals(1, dmg("storage", "scan"));
        assertEquals("Hosts         SCM Total                                           NVMe Total                                          \n"
                + "-----         ---------                                           ----------                                          \n"
                + "127.0.0.[1-3] 1.0 GiB (1 module)                                  2.0 TB (1 controller)                               \n"
                + "127.0.0.4     Error: " + SCAN_FAILED + " Error: " + SCAN_FAILED + " \n", out());
        assertEquals("ERROR: dmg: storage scan failed on 1 of 4 hosts: " + server(3).address() + "\n", err());
    }

    @Test
    public void summaryCountsNamespacesInsteadOfModulesAndPluralises() throws Exception {
        start(1);
        server(0).scan = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().addModules(module(0, 1L << 40))
                        .addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem0").setSize(3_000_000_000_000L))
                        .addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem1").setSize(3_000_000_000_000L)))
                .setNvme(ScanNvmeResp.getDefaultInstance()).build();
        assertEquals(0, dmg("st", "scan"));
        assertEquals("Hosts     SCM Total             NVMe Total          \n"
                + "-----     ---------             ----------          \n"
                + "127.0.0.1 6.0 TB (2 namespaces) 0 B (0 controllers) \n", out());
        assertEquals("", err());
    }

    @Test
    public void verboseTablesGroupedIntoBlocks() throws Exception {
        start(3);
        StorageScanResp modules = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().addModules(module(7, 1L << 30)).addModules(module(2, 1L << 29)))
                .setNvme(ScanNvmeResp.newBuilder().addCtrlrs(ctrlr("0000:da:00.0", "INTEL SSDPED1K750GA", 750_000_000_000L))
                        .addCtrlrs(ctrlr("0000:81:00.0", "INTEL P4500", 1_000_000_000L)))
                .build();
        server(0).scan = modules;
        server(2).scan = modules;
        server(1).scan = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem1")
                        .setNumaNode(1).setSize(3_200_000_000_000L))
                        .addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem0").setSize(3_200_000_000_000L)))
                .setNvme(ScanNvmeResp.getDefaultInstance()).build();
        assertEquals(0, dmg("storage", "scan", "-v"));
        String modulesBlock = "SCM Module ID Socket ID Memory Ctrlr ID Channel ID Channel Slot Capacity \n"
                + "------------- --------- --------------- ---------- ------------ -------- \n"
                + "2             0         1               2          3            512 MiB  \n"
                + "7             0         1               2          3            1.0 GiB  \n"
                + "\n"
                + "NVMe PCI     Model               FW Revision Socket ID Capacity \n"
                + "--------     -----               ----------- --------- -------- \n"
                + "0000:81:00.0 INTEL P4500         FW1         1         1.0 GB   \n"
                + "0000:da:00.0 INTEL SSDPED1K750GA FW1         1         750 GB   \n";
        String namespacesBlock = "SCM Namespace Socket ID Capacity \n"
                + "------------- --------- -------- \n"
                + "pmem0         0         3.2 TB   \n"
                + "pmem1         1         3.2 TB   \n"
                + "\n"
                + "\tNo NVMe devices found\n";
        // blocks in key order: "SCM Module ID" sorts before "SCM Namespace"
        assertEquals("-------------\n127.0.0.[1,3]\n-------------\n" + modulesBlock
                + "---------\n127.0.0.2\n---------\n" + namespacesBlock, out());
    }

    @Test
    public void verboseErrorsAndEmptyParts() throws Exception {
        start(3);
        server(0).scan = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().setState(ResponseState.newBuilder()
                        .setStatus(ResponseStatus.CTL_ERR_SCM).setError("ipmctl not found")))
                .setNvme(ScanNvmeResp.newBuilder().setState(ResponseState.newBuilder()
                        .setStatus(ResponseStatus.CTL_ERR_NVME)))
                .build();
        server(1).scan = StorageScanResp.newBuilder().setScm(ScanScmResp.getDefaultInstance())
                .setNvme(ScanNvmeResp.getDefaultInstance()).build();
        server(2).error = Status.UNKNOWN.withDescription("scan failed").asRuntimeException();
        assertEquals(1, dmg("storage", "scan", "--verbose"));
        assertEquals("---------\n127.0.0.2\n---------\n\tNo SCM modules found\n\n\tNo NVMe devices found\n"
                + "---------\n127.0.0.1\n---------\nSCM Error: ipmctl not found\nNVMe Error: nvme CTL_ERR_NVME\n"
                + "---------\n127.0.0.3\n---------\nSCM Error: " + SCAN_FAILED + "\nNVMe Error: " + SCAN_FAILED + "\n",
                out());
        assertEquals(0, dmg("storage", "scan", "-v", "-l", server(1).address()));
    }

    @Test
    public void noHostsFound() {
        assertEquals("no hosts found", StorageCommands.scanText(new TreeMap<>(), false));
        assertEquals("", StorageCommands.scanText(new TreeMap<>(), true));
    }

    @Test
    public void theRequestGoesToEveryHostAtOnce() throws Exception {
        start(3);
        CountDownLatch all = new CountDownLatch(3);
        for (StorageServer s : servers) {
            s.scan = modulesAndOneCtrlr();
            s.gate = () -> {
                all.countDown();
                try {
                    if (!all.await(20, TimeUnit.SECONDS)) {
                        throw Status.UNKNOWN.withDescription("not all hosts were asked at once").asRuntimeException();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
        assertEquals(err(), 0, dmg("storage", "scan"));
        assertTrue(out(), out().contains("127.0.0.[1-3] 1.0 GiB (1 module) 2.0 TB (1 controller) \n"));
        for (StorageServer s : servers) {
            assertEquals(1, s.requests.size());
        }
    }

    @Test
    public void aHostLostAfterConnectingIsAHostError() throws Exception {
        start(3);
        servers.forEach(s -> s.scan = modulesAndOneCtrlr());
        afterConnect = () -> {
            try {
                server(1).stop();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        assertEquals(1, dmg("storage", "scan"));
        assertTrue(out() + "|" + err(), out().contains("\n127.0.0.[1,3] 1.0 GiB (1 module) "));
        assertTrue(out(), out().contains("\n127.0.0.2     Error: rpc error: code = Unavailable desc = "));
        assertEquals("ERROR: dmg: storage scan failed on 1 of 3 hosts: " + server(1).address() + "\n", err());
    }

    /** The reference scans the hosts it reached and exits 0; a host never reached fails the run here. */
    @Test
    public void aHostThatRefusedTheConnectionFailsTheRun() throws Exception {
        start(2);
        servers.forEach(s -> s.scan = modulesAndOneCtrlr());
        server(1).stop();
        assertEquals(1, dmg("storage", "scan"));
        assertTrue(out(), out().contains("\n127.0.0.1 1.0 GiB (1 module) "));
        assertFalse(out(), out().contains("127.0.0.2"));
        assertEquals("ERROR: dmg: storage scan failed on 1 of 2 hosts: " + server(1).address() + "\n", err());
        assertEquals(1, server(0).requests.size());
    }

    @Test
    public void aReplyWithoutBothPartsIsMalformed() throws Exception {
        start(1);
        server(0).scan = StorageScanResp.newBuilder().setNvme(ScanNvmeResp.getDefaultInstance()).build();
        assertEquals(1, dmg("storage", "scan", "-v"));
        String err = "malformed response, missing submessage nvme:<> ";
        assertEquals("---------\n127.0.0.1\n---------\nSCM Error: " + err + "\nNVMe Error: " + err + "\n", out());
    }

    @Test
    public void jsonCarriesEveryHostAndItsDevices() throws Exception {
        start(2);
        server(0).scan = modulesAndOneCtrlr();
        server(1).error = Status.UNKNOWN.withDescription("scan failed").asRuntimeException();
        assertEquals(1, dmg("-j", "storage", "scan", "-v"));
        JsonArray hosts = JsonParser.parseString(out()).getAsJsonObject().getAsJsonArray("hosts");
        assertEquals(2, hosts.size());
        JsonObject h = hosts.get(0).getAsJsonObject();
        assertEquals(server(0).address(), h.get("address").getAsString());
        JsonObject m = h.getAsJsonObject("scm").getAsJsonArray("modules").get(0).getAsJsonObject();
        assertEquals(1L << 30, m.get("capacity").getAsLong());
        assertEquals(3, m.get("channel_slot").getAsInt());
        assertEquals("CTL_SUCCESS", h.getAsJsonObject("scm").getAsJsonObject("state").get("status").getAsString());
        JsonObject c = h.getAsJsonObject("nvme").getAsJsonArray("controllers").get(0).getAsJsonObject();
        assertEquals("0000:81:00.0", c.get("pci_address").getAsString());
        assertEquals(2_000_000_000_000L, c.get("capacity").getAsLong());
        assertEquals(SCAN_FAILED, hosts.get(1).getAsJsonObject().get("error").getAsString());
        assertTrue(err(), err().startsWith("{\"level\":\"ERROR\""));
    }

    @Test
    public void nvmeHealthListsEachHost() throws Exception {
        start(2);
        NvmeController c = ctrlr("0000:81:00.0", "INTEL SSDPED1K750GA ", 750_000_000_000L).toBuilder()
                .setHealthstats(NvmeController.Health.newBuilder().setTemp(288).setCtrlbusytime(326).setPowercycles(4)
                        .setPoweronhours(16488).setUnsafeshutdowns(2).setTempwarntime(5).setReadonlywarn(true))
                .build();
        server(0).scan = StorageScanResp.newBuilder().setScm(ScanScmResp.getDefaultInstance())
                .setNvme(ScanNvmeResp.newBuilder().addCtrlrs(c)).build();
        server(1).error = Status.UNKNOWN.withDescription("scan failed").asRuntimeException();
        assertEquals(1, dmg("storage", "query", "nvme-health"));
        assertEquals(server(0).address() + "\n\tNVMe controllers and namespaces detail with health statistics:\n"
                + "\t\tPCI:0000:81:00.0 Model:INTEL SSDPED1K750GA  FW:FW1 Socket:1 Capacity:750 GB\n"
                + "\t\tHealth Stats:\n\t\t\tTemperature:288K(15C)\n"
                + "\t\t\t\tTemperature Warning Duration:5m0s\n"
                + "\t\t\tController Busy Time:5h26m0s\n\t\t\tPower Cycles:4\n"
                + "\t\t\tPower On Duration:16488h0m0s\n\t\t\tUnsafe Shutdowns:2\n\t\t\tMedia Errors:0\n"
                + "\t\t\tError Log Entries:0\n\t\t\tCritical Warnings:\n\t\t\t\tTemperature: OK\n"
                + "\t\t\t\tAvailable Spare: OK\n\t\t\t\tDevice Reliability: OK\n\t\t\t\tRead Only: WARNING\n"
                + "\t\t\t\tVolatile Memory Backup: OK\n"
                + server(1).address() + "\n\tNVMe Error: " + SCAN_FAILED + "\n", out());
        assertEquals(List.of(io.daos.control.proto.ctl.StorageScanReq.getDefaultInstance()), server(0).requests);
        server(1).error = null;
        server(1).scan = server(0).scan.toBuilder().setNvme(ScanNvmeResp.getDefaultInstance()).build();
        assertEquals(0, dmg("st", "q", "n"));
        assertTrue(out(), out().endsWith(server(1).address()
                + "\n\tNVMe controllers and namespaces detail with health statistics:\n\t\tnone\n"));
    }

    @Test
    public void storageSIsSetNotScan() throws Exception {
        start(1);
        assertEquals(1, dmg("storage", "s"));
        assertTrue(err(), err().contains("nvme-faulty"));
        assertTrue(server(0).requests.isEmpty());
    }

    @Test
    public void scanTextOfOneHostIsPinned() {
        TreeMap<String, Invoker.Result<StorageScanResp>> one = new TreeMap<>();
        one.put("h1:10001", new Invoker.Result<>(modulesAndOneCtrlr(), null));
        assertEquals("Hosts SCM Total          NVMe Total            \n"
                + "----- ---------          ----------            \n"
                + "h1    1.0 GiB (1 module) 2.0 TB (1 controller) \n", StorageCommands.scanText(one, false));
    }
}
