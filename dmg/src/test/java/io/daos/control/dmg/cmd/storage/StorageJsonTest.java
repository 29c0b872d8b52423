package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.TreeMap;

import org.junit.Test;

import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.PrepareNvmeResp;
import io.daos.control.proto.ctl.PrepareScmResp;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScanNvmeResp;
import io.daos.control.proto.ctl.ScanScmResp;
import io.daos.control.proto.ctl.ScmModule;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.ScmNamespace;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanResp;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;

/** The {@code -j} documents of the storage and network commands, byte for byte. */
public class StorageJsonTest {

    private static final String FAILED = "rpc error: code = Unknown desc = \"<down>\"";

    private static <R> TreeMap<String, Invoker.Result<R>> hosts(R ok) {
        TreeMap<String, Invoker.Result<R>> m = new TreeMap<>();
        m.put("h1:10001", new Invoker.Result<>(ok, null));
        m.put("h2:10001", new Invoker.Result<>(null, new RpcError(FAILED)));
        return m;
    }

    private static ResponseState state(ResponseStatus s, String error, String info) {
        return ResponseState.newBuilder().setStatus(s).setError(error).setInfo(info).build();
    }

    @Test
    public void scanWithModulesNamespacesAndControllers() {
        StorageScanResp r = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder()
                        .addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem0").setUuid("u-0").setNumaNode(-1)
                                .setSize(3L << 40))
                        .addNamespaces(ScmNamespace.newBuilder().setBlockdev("pmem1").setUuid("u-1").setNumaNode(1))
                        .addModules(ScmModule.newBuilder().setPhysicalid(-2).setSocketid(1).setControllerid(2)
                                .setChannelid(3).setChannelposition(4).setCapacity(1L << 30))
                        .addModules(ScmModule.newBuilder().setPhysicalid(7)))
                .setNvme(ScanNvmeResp.newBuilder()
                        .setState(state(ResponseStatus.CTL_ERR_NVME, "spdk\tfailed", "see log"))
                        .addCtrlrs(NvmeController.newBuilder().setPciaddr("0000:81:00.0").setModel("INTEL <SSD>")
                                .setSerial("S1").setFwrev("FW1").setSocketid(-1)
                                .addNamespaces(NvmeController.Namespace.newBuilder().setSize(1_000))
                                .addNamespaces(NvmeController.Namespace.newBuilder().setSize(24))))
                .build();
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"scm\":{\"state\":{\"status\":\"CTL_SUCCESS\",\"error\":\"\","
                + "\"info\":\"\"},\"namespaces\":[{\"blockdev\":\"pmem0\",\"uuid\":\"u-0\",\"numa_node\":4294967295,"
                + "\"size\":3298534883328},{\"blockdev\":\"pmem1\",\"uuid\":\"u-1\",\"numa_node\":1,\"size\":0}],"
                + "\"modules\":[{\"physical_id\":4294967294,\"socket_id\":1,\"controller_id\":2,\"channel_id\":3,"
                + "\"channel_slot\":4,\"capacity\":1073741824},{\"physical_id\":7,\"socket_id\":0,\"controller_id\":0,"
                + "\"channel_id\":0,\"channel_slot\":0,\"capacity\":0}]},\"nvme\":{\"state\":{\"status\":\"CTL_ERR_NVME\","
                + "\"error\":\"spdk\\tfailed\",\"info\":\"see log\"},\"controllers\":[{\"pci_address\":\"0000:81:00.0\","
                + "\"model\":\"INTEL \\u003cSSD\\u003e\",\"serial\":\"S1\",\"fw_revision\":\"FW1\",\"socket_id\":-1,"
                + "\"capacity\":1024}]}},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.scan(hosts(r)));
    }

    @Test
    public void scanOfEmptyParts() {
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"scm\":{\"state\":{\"status\":\"CTL_SUCCESS\",\"error\":\"\","
                + "\"info\":\"\"},\"namespaces\":[],\"modules\":[]},\"nvme\":{\"state\":{\"status\":\"CTL_SUCCESS\","
                + "\"error\":\"\",\"info\":\"\"},\"controllers\":[]}},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.scan(hosts(StorageScanResp.getDefaultInstance())));
    }

    @Test
    public void format() {
        StorageFormatResp r = StorageFormatResp.newBuilder()
                .addMrets(ScmMountResult.newBuilder().setMntpoint("/mnt/daos")
                        .setState(state(ResponseStatus.CTL_SUCCESS, "", "")))
                .addCrets(NvmeControllerResult.newBuilder().setPciaddr("<nil>")
                        .setState(state(ResponseStatus.CTL_ERR_NVME, "no controllers", "")))
                .addCrets(NvmeControllerResult.newBuilder().setPciaddr("0000:81:00.0")
                        .setState(state(ResponseStatus.CTL_SUCCESS, "", "")))
                .build();
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"scm\":[{\"mount\":\"/mnt/daos\","
                + "\"state\":{\"status\":\"CTL_SUCCESS\",\"error\":\"\",\"info\":\"\"}}],"
                + "\"nvme\":[{\"pci_address\":\"\\u003cnil\\u003e\",\"state\":{\"status\":\"CTL_ERR_NVME\","
                + "\"error\":\"no controllers\",\"info\":\"\"}},{\"pci_address\":\"0000:81:00.0\","
                + "\"state\":{\"status\":\"CTL_SUCCESS\",\"error\":\"\",\"info\":\"\"}}]},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.format(hosts(r)));
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"scm\":[],\"nvme\":[]},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.format(hosts(StorageFormatResp.getDefaultInstance())));
    }

    @Test
    public void prepare() {
        StoragePrepareResp both = StoragePrepareResp.newBuilder()
                .setNvme(PrepareNvmeResp.newBuilder().setState(state(ResponseStatus.CTL_SUCCESS, "", "")))
                .setScm(PrepareScmResp.newBuilder().setState(state(ResponseStatus.CTL_ERR_SCM, "reboot", ""))).build();
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"nvme\":{\"state\":{\"status\":\"CTL_SUCCESS\",\"error\":\"\","
                + "\"info\":\"\"}},\"scm\":{\"state\":{\"status\":\"CTL_ERR_SCM\",\"error\":\"reboot\",\"info\":\"\"}}},"
                + "{\"address\":\"h2:10001\",\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.prepare(hosts(both)));
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"scm\":{\"state\":{\"status\":\"CTL_SUCCESS\",\"error\":\"\","
                + "\"info\":\"\"}}},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.prepare(hosts(StoragePrepareResp.newBuilder()
                .setScm(PrepareScmResp.getDefaultInstance()).build())));
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\"},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.prepare(hosts(StoragePrepareResp.getDefaultInstance())));
    }

    /** nvme-health: the scan document, each controller with its health statistics (null when none). */
    @Test
    public void nvmeHealthIsTheScanDocumentWithHealth() {
        NvmeController c = NvmeController.newBuilder().setPciaddr("0000:81:00.0").setModel("M").setSocketid(1)
                .setHealthstats(NvmeController.Health.newBuilder().setTemp(288).setTempwarntime(3).setCtrlbusytime(7)
                        .setPowercycles(-1L).setPoweronhours(5).setMediaerrors(2).setReadonlywarn(true)).build();
        NvmeController none = NvmeController.newBuilder().setPciaddr("0000:82:00.0").build();
        StorageScanResp r = StorageScanResp.newBuilder().setScm(ScanScmResp.getDefaultInstance())
                .setNvme(ScanNvmeResp.newBuilder().addCtrlrs(c).addCtrlrs(none)).build();
        String controllers = "\"controllers\":[{\"pci_address\":\"0000:81:00.0\",\"model\":\"M\","
                + "\"serial\":\"\",\"fw_revision\":\"\",\"socket_id\":1,\"capacity\":0";
        String before = "{\"hosts\":[{\"address\":\"h1:10001\",\"scm\":{\"state\":{\"status\":\"CTL_SUCCESS\","
                + "\"error\":\"\",\"info\":\"\"},\"namespaces\":[],\"modules\":[]},\"nvme\":{\"state\":{\"status\":"
                + "\"CTL_SUCCESS\",\"error\":\"\",\"info\":\"\"}," + controllers;
        String after = "]}},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}";
        String second = "{\"pci_address\":\"0000:82:00.0\",\"model\":\"\",\"serial\":\"\",\"fw_revision\":\"\","
                + "\"socket_id\":0,\"capacity\":0";
        assertEquals(before + "}," + second + "}" + after, StorageJson.scan(hosts(r)));
        assertEquals(before + ",\"health\":{\"temperature_k\":288,\"temperature_warning_minutes\":3,"
                + "\"temperature_critical_minutes\":0,\"controller_busy_minutes\":7,"
                + "\"power_cycles\":18446744073709551615,\"power_on_hours\":5,\"unsafe_shutdowns\":0,"
                + "\"media_errors\":2,\"error_log_entries\":0,\"temperature_warning\":false,"
                + "\"available_spare_warning\":false,\"reliability_warning\":false,\"read_only_warning\":true,"
                + "\"volatile_memory_warning\":false}}," + second + ",\"health\":null}" + after,
                StorageJson.health(hosts(r)));
    }

    @Test
    public void networkScan() {
        List<DeviceScanReply> list = List.of(
                DeviceScanReply.newBuilder().setDevice("ib0").setProvider("ofi+verbs;ofi_rxm").setNumanode(1).build(),
                DeviceScanReply.newBuilder().setDevice("eth0").setProvider("ofi+sockets").setNumanode(-1).build());
        assertEquals("{\"provider\":\"ofi+verbs;ofi_rxm\",\"hosts\":[{\"address\":\"h1:10001\","
                + "\"interfaces\":[{\"fabric_iface\":\"ib0\",\"provider\":\"ofi+verbs;ofi_rxm\",\"pinned_numa_node\":1},"
                + "{\"fabric_iface\":\"eth0\",\"provider\":\"ofi+sockets\",\"pinned_numa_node\":4294967295}]},"
                + "{\"address\":\"h2:10001\",\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.network("ofi+verbs;ofi_rxm", hosts(list)));
        assertEquals("{\"provider\":\"all\",\"hosts\":[{\"address\":\"h1:10001\",\"interfaces\":[]},{\"address\":\"h2:10001\","
                + "\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.network("all", hosts(List.of())));
    }

    @Test
    public void networkList() {
        assertEquals("{\"hosts\":[{\"address\":\"h1:10001\",\"providers\":\"ofi+sockets, ofi+verbs;ofi_rxm\"},"
                + "{\"address\":\"h2:10001\",\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}]}",
                StorageJson.providers(hosts(
                ProviderListReply.newBuilder().setProvider("ofi+sockets, ofi+verbs;ofi_rxm").build())));
    }

    @Test
    public void blobstoreHealth() {
        BioHealthResp r = BioHealthResp.newBuilder().setStatus(0).setDevUuid("d-1").setErrorCount(5)
                .setTemperature(-1).setMediaErrors(6).setReadErrs(1).setWriteErrs(2).setUnmapErrs(3)
                .setChecksumErrs(-4).setTemp(true).setSpare(false).setReadonly(true).setDeviceReliability(false)
                .setVolatileMemory(true).build();
        assertEquals("{\"address\":\"h1:10001\",\"status\":0,\"dev_uuid\":\"d-1\",\"read_errors\":1,\"write_errors\":2,"
                + "\"unmap_errors\":3,\"checksum_errors\":4294967292,\"error_log_entries\":5,\"media_errors\":6,"
                + "\"temperature\":4294967295,\"temperature_warning\":true,\"spare_warning\":false,"
                + "\"reliability_warning\":false,\"read_only_warning\":true,\"volatile_memory_warning\":true}",
                StorageJson.single("h1:10001", null, r, StorageJson::bio));
        assertEquals("{\"address\":\"h1:10001\",\"status\":-1005,\"dev_uuid\":\"\",\"read_errors\":0,\"write_errors\":0,"
                + "\"unmap_errors\":0,\"checksum_errors\":0,\"error_log_entries\":0,\"media_errors\":0,"
                + "\"temperature\":0,\"temperature_warning\":false,\"spare_warning\":false,"
                + "\"reliability_warning\":false,\"read_only_warning\":false,\"volatile_memory_warning\":false}",
                StorageJson.single("h1:10001", null,
                BioHealthResp.newBuilder().setStatus(-1005).build(), StorageJson::bio));
    }

    @Test
    public void smd() {
        SmdDevResp devs = SmdDevResp.newBuilder().setStatus(0)
                .addDevices(SmdDevResp.Device.newBuilder().setUuid("d-1").addTgtIds(0).addTgtIds(1).addTgtIds(-1))
                .addDevices(SmdDevResp.Device.newBuilder().setUuid("d-2")).build();
        SmdPoolResp pools = SmdPoolResp.newBuilder().setStatus(0)
                .addPools(SmdPoolResp.Pool.newBuilder().setUuid("p-1").addTgtIds(0).addTgtIds(2).addBlobs(4294967296L)
                        .addBlobs(7))
                .addPools(SmdPoolResp.Pool.newBuilder().setUuid("p-2")).build();
        assertEquals("{\"address\":\"h1:10001\",\"devices\":{\"status\":0,\"devices\":[{\"uuid\":\"d-1\",\"target_ids\":[0,1,"
                + "-1]},{\"uuid\":\"d-2\",\"target_ids\":[]}]},\"pools\":{\"status\":0,\"pools\":[{\"uuid\":\"p-1\","
                + "\"target_ids\":[0,2],\"blobs\":[4294967296,7]},{\"uuid\":\"p-2\",\"target_ids\":[],\"blobs\":[]}]}}",
                StorageJson.smd("h1:10001", new StorageQueries.Answer<>(devs, null),
                new StorageQueries.Answer<>(pools, null)));
        assertEquals("{\"address\":\"h1:10001\","
                + "\"devices\":{\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}}",
                StorageJson.smd("h1:10001",
                new StorageQueries.Answer<>(null, new RpcError(FAILED)), null));
        assertEquals("{\"address\":\"h1:10001\",\"pools\":{\"status\":-1,\"pools\":[]}}",
                StorageJson.smd("h1:10001", null,
                new StorageQueries.Answer<>(SmdPoolResp.newBuilder().setStatus(-1).build(), null)));
    }

    @Test
    public void uint64FieldsPrintUnsigned() {
        StorageScanResp scan = StorageScanResp.newBuilder()
                .setScm(ScanScmResp.newBuilder().addNamespaces(ScmNamespace.newBuilder().setSize(-1))
                        .addModules(ScmModule.newBuilder().setCapacity(-2)))
                .setNvme(ScanNvmeResp.newBuilder().addCtrlrs(NvmeController.newBuilder()
                        .addNamespaces(NvmeController.Namespace.newBuilder().setSize(Long.MIN_VALUE))))
                .build();
        String doc = StorageJson.scan(hosts(scan));
        assertTrue(doc, doc.contains("\"size\":18446744073709551615}"));
        assertTrue(doc, doc.contains("\"capacity\":18446744073709551614}"));
        assertTrue(doc, doc.contains("\"capacity\":9223372036854775808}"));
        String bio = StorageJson.single("h", null,
                BioHealthResp.newBuilder().setErrorCount(-1).setMediaErrors(-3).build(), StorageJson::bio);
        assertTrue(bio, bio.contains("\"error_log_entries\":18446744073709551615,\"media_errors\":18446744073709551613,"));
        String smd = StorageJson.smd("h", null, new StorageQueries.Answer<>(SmdPoolResp.newBuilder()
                .addPools(SmdPoolResp.Pool.newBuilder().addBlobs(-1)).build(), null));
        assertTrue(smd, smd.contains("\"blobs\":[18446744073709551615]"));
    }

    @Test
    public void deviceState() {
        DevStateResp r = DevStateResp.newBuilder().setStatus(0).setDevUuid("d-1").setDevState("FAULTY\n").build();
        assertEquals("{\"address\":\"h1:10001\",\"status\":0,\"dev_uuid\":\"d-1\",\"dev_state\":\"FAULTY\"}",
                StorageJson.single("h1:10001", null, r, StorageJson::devState));
    }

    @Test
    public void aFailedTarget() {
        assertEquals("{\"address\":\"h1:10001\",\"error\":\"rpc error: code = Unknown desc = \\\"\\u003cdown\\u003e\\\"\"}",
                StorageJson.single("h1:10001", new RpcError(FAILED), null, StorageJson::devState));
    }
}
