package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.PrepareNvmeResp;
import io.daos.control.proto.ctl.PrepareScmReq;
import io.daos.control.proto.ctl.PrepareScmResp;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ResponseStatus;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.grpc.Status;

/** {@code storage prepare}: flags to request, the warning and consent, results, exit status. */
public class StoragePrepareTest extends StorageCli {

    static final String WARN = PrepareCommand.WARNING;
    static final String ASK = "Are you sure you want to continue? (yes/no)\n";
    static final StoragePrepareResp BOTH_OK = StoragePrepareResp.newBuilder()
            .setNvme(PrepareNvmeResp.newBuilder().setState(ResponseState.getDefaultInstance()))
            .setScm(PrepareScmResp.newBuilder().setState(ResponseState.getDefaultInstance())).build();

    @Test
    public void nvmeOnlySendsEveryNvmeFlagAndAsksNothing() throws Exception {
        start(1);
        server(0).prepare = StoragePrepareResp.newBuilder()
                .setNvme(PrepareNvmeResp.newBuilder().setState(ResponseState.getDefaultInstance())).build();
        assertEquals(0, dmg("storage", "prepare", "-n", "-w", "0000:81:00.0 0000:82:00.0", "-p", "4096",
                "-u", "daos", "--reset"));
        assertEquals(List.of(StoragePrepareReq.newBuilder().setNvme(PrepareNvmeReq.newBuilder()
                .setPciwhitelist("0000:81:00.0 0000:82:00.0").setNrhugepages(4096).setTargetuser("daos")
                .setReset(true)).build()), server(0).requests);
        assertEquals("NVMe & SCM preparation:\n" + server(0).address() + ":\n\tnvme:<state:<> > \n", out());
        assertEquals("", err());
    }

    @Test
    public void scmOnlyWarnsAndTakesYes() throws Exception {
        start(2);
        servers.forEach(s -> s.prepare = StoragePrepareResp.newBuilder().setScm(PrepareScmResp.newBuilder()
                .setState(ResponseState.newBuilder().setInfo("A reboot is required"))).build());
        stdin = "maybe\nyes\n";
        assertEquals(0, dmg("st", "p", "--scm-only"));
        assertEquals(List.of(StoragePrepareReq.newBuilder().setScm(PrepareScmReq.getDefaultInstance()).build()),
                server(1).requests);
        String result = ":\n\tscm:<state:<info:\"A reboot is required\" > > \n";
        assertEquals(WARN + ASK + "Please type yes or no and then press enter:\n" + ASK + "NVMe & SCM preparation:\n"
                + server(0).address() + result + server(1).address() + result, out());
    }

    @Test
    public void bothByDefaultAndForceSkipsTheQuestion() throws Exception {
        start(1);
        server(0).prepare = BOTH_OK;
        assertEquals(0, dmg("storage", "prepare", "-f", "--reset"));
        assertEquals(List.of(StoragePrepareReq.newBuilder().setNvme(PrepareNvmeReq.newBuilder().setReset(true))
                .setScm(PrepareScmReq.newBuilder().setReset(true)).build()), server(0).requests);
        assertEquals(WARN + "NVMe & SCM preparation:\n" + server(0).address()
                + ":\n\tnvme:<state:<> > scm:<state:<> > \n", out());
    }

    @Test
    public void refusalsSendNothing() throws Exception {
        start(1);
        String[][] answers = {{"no\n", ""}, {"", "ERROR: Error reading input: EOF\n"},
            {"\n", "ERROR: Error reading input: unexpected newline\n"},
            {"yes please\n", "ERROR: Error reading input: expected newline\n"}};
        for (String[] a : answers) {
            stdin = a[0];
            assertEquals(1, dmg("storage", "prepare"));
            assertEquals(WARN + ASK, out());
            assertEquals(a[1] + "ERROR: dmg: consent not given\n", err());
        }
        assertTrue(server(0).requests.isEmpty());
    }

    @Test
    public void nvmeOnlyAndScmOnlyTogetherFailFirst() throws Exception {
        start(1);
        assertEquals(1, dmg("storage", "prepare", "-n", "-s"));
        assertEquals("", out());
        assertEquals("ERROR: dmg: nvme-only and scm-only options should not be set together\n", err());
        assertEquals(1, dmg("storage", "prepare", "-p", "many"));
        assertEquals("ERROR: dmg: invalid argument for flag `-p, --hugepages' (expected int): "
                + "strconv.ParseInt: parsing \"many\": invalid syntax\n", err());
        assertEquals(1, dmg("storage", "prepare", "--nvme"));
        assertEquals("ERROR: dmg: unknown flag `nvme'\n", err());
        assertTrue(server(0).requests.isEmpty());
    }

    @Test
    public void failedPartsAndHostsAreShownThenFail() throws Exception {
        start(2);
        server(0).prepare = BOTH_OK.toBuilder().setScm(PrepareScmResp.newBuilder().setState(ResponseState.newBuilder()
                .setStatus(ResponseStatus.CTL_ERR_SCM).setError("ipmctl: \"no\tmodules\""))).build();
        server(1).error = Status.UNAVAILABLE.withDescription("gone").asRuntimeException();
        assertEquals(1, dmg("storage", "prepare", "-f"));
        assertEquals(WARN + "NVMe & SCM preparation:\n" + server(0).address()
                + ":\n\tnvme:<state:<> > scm:<state:<status:CTL_ERR_SCM error:\"ipmctl: \\\"no\\tmodules\\\"\" > > \n"
                + server(1).address() + ":\n\terror: rpc error: code = Unavailable desc = gone\n", out());
        assertTrue(err(), err().startsWith("ERROR: dmg: storage prepare failed on 2 of 2 hosts: "));
    }

    @Test
    public void jsonNeedsForceForScmAndIsOneDocument() throws Exception {
        start(1);
        server(0).prepare = BOTH_OK;
        assertEquals(1, dmg("-j", "storage", "prepare"));
        assertTrue(err(), err().contains("JSON output only supported with force option"));
        assertEquals("", out());
        assertEquals(0, dmg("-j", "storage", "prepare", "-f"));
        JsonObject h = JsonParser.parseString(out()).getAsJsonObject().getAsJsonArray("hosts").get(0)
                .getAsJsonObject();
        assertEquals("CTL_SUCCESS", h.getAsJsonObject("scm").getAsJsonObject("state").get("status").getAsString());
        assertEquals("CTL_SUCCESS", h.getAsJsonObject("nvme").getAsJsonObject("state").get("status").getAsString());
        assertEquals(0, dmg("-j", "storage", "prepare", "-n"));
        assertTrue(JsonParser.parseString(out()).isJsonObject());
    }
}
