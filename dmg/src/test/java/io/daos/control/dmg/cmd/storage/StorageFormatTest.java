package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.grpc.Status;

/** {@code storage format [-v] [--reformat]}: grouping, result tables, exit status, progress line. */
public class StorageFormatTest extends StorageCli {

    static StorageFormatResp ok() {
        return StorageFormatResp.newBuilder()
                .addMrets(ScmMountResult.newBuilder().setMntpoint("/mnt/daos").setState(ResponseState.getDefaultInstance()))
                .addCrets(NvmeControllerResult.newBuilder().setPciaddr("0000:81:00.0")
                        .setState(ResponseState.getDefaultInstance()))
                .build();
    }

    static StorageFormatResp nvmeFailed() {
        return ok().toBuilder().setCrets(0, NvmeControllerResult.newBuilder().setPciaddr("0000:81:00.0")
                .setState(ResponseState.newBuilder().setStatus(ResponseStatus.CTL_ERR_NVME).setError("spdk format")
                        .setInfo("check the device"))).build();
    }

    static final String BUSY = "*ctl.mgmtCtlStorageFormatClient recv() failed: rpc error: code = Unknown desc = "
            + "I/O servers running";

    @Test
    public void hostErrorsAndSuccessesAreGroupListsThenDeviceErrorBlocks() throws Exception {
        start(5);
        server(0).format = List.of(ok());
        server(1).format = List.of(ok());
        server(2).format = List.of(nvmeFailed());
        server(3).error = Status.UNKNOWN.withDescription("I/O servers running").asRuntimeException();
        server(4).error = server(3).error;
        assertEquals(1, dmg("storage", "format"));
        assertEquals("\n"
                + "127.0.0.[4-5]: " + BUSY + "\n"
                + "127.0.0.[1-2]: storage format ok\n"
                + "\n"
                + "---------\n127.0.0.3\n---------\n"
                + "SCM Mount Format Result \n"
                + "--------- ------------- \n"
                + "/mnt/daos CTL_SUCCESS   \n"
                + "\n"
                + "NVMe PCI     Format Result                                \n"
                + "--------     -------------                                \n"
                + "0000:81:00.0 CTL_ERR_NVME: spdk format (check the device) \n"
                + "\n", out());
        assertTrue(err(), err().startsWith("ERROR: dmg: storage format failed on 3 of 5 hosts: "));
        for (int i = 2; i < 5; i++) {
            assertTrue(err(), err().contains(server(i).address()));
        }
        assertEquals(1, err().lines().count());
        for (StorageServer s : servers) {
            assertEquals(List.of(StorageFormatReq.getDefaultInstance()), s.requests);
        }
    }

    @Test
    public void verboseShowsEveryHostsTablesAndReformatIsSent() throws Exception {
        start(2);
        servers.forEach(s -> s.format = List.of(StorageFormatResp.getDefaultInstance()));
        assertEquals(0, dmg("st", "f", "-v", "--reformat"));
        assertEquals("-------------\n127.0.0.[1-2]\n-------------\n"
                + "\tNo SCM mount results\n\n\tNo NVMe devices formatted\n\n", out());
        assertEquals("", err());
        assertEquals(List.of(StorageFormatReq.newBuilder().setReformat(true).build()), server(0).requests);
        servers.forEach(s -> s.format = List.of(ok()));
        assertEquals(0, dmg("storage", "format"));
        assertEquals("\n127.0.0.[1-2]: storage format ok\n\n", out());
    }

    @Test
    public void progressIsDrawnOnStderrOnlyOnATerminal() throws Exception {
        start(3);
        servers.forEach(s -> s.format = List.of(ok()));
        terminal = true;
        assertEquals(0, dmg("storage", "format"));
        String blank = " ".repeat("Formatting: 0/3 hosts".length());
        assertEquals("\rFormatting: 0/3 hosts\rFormatting: 1/3 hosts\rFormatting: 2/3 hosts"
                + "\rFormatting: 3/3 hosts\r" + blank + "\r", err());
        assertEquals("\n127.0.0.[1-3]: storage format ok\n\n", out());
        assertEquals(0, dmg("-j", "storage", "format"));
        assertEquals("", err());
        terminal = false;
        assertEquals(0, dmg("storage", "format"));
        assertEquals("", err());
    }

    @Test
    public void jsonCarriesEveryResult() throws Exception {
        start(2);
        server(0).format = List.of(nvmeFailed());
        server(1).error = Status.UNKNOWN.withDescription("I/O servers running").asRuntimeException();
        assertEquals(1, dmg("-j", "storage", "format"));
        JsonArray hosts = JsonParser.parseString(out()).getAsJsonObject().getAsJsonArray("hosts");
        JsonObject h = hosts.get(0).getAsJsonObject();
        assertEquals("/mnt/daos", h.getAsJsonArray("scm").get(0).getAsJsonObject().get("mount").getAsString());
        JsonObject state = h.getAsJsonArray("nvme").get(0).getAsJsonObject().getAsJsonObject("state");
        assertEquals("CTL_ERR_NVME", state.get("status").getAsString());
        assertEquals("spdk format", state.get("error").getAsString());
        assertEquals("check the device", state.get("info").getAsString());
        assertEquals(BUSY, hosts.get(1).getAsJsonObject().get("error").getAsString());
        assertTrue(err(), err().contains("storage format failed on 2 of 2 hosts"));
    }
}
