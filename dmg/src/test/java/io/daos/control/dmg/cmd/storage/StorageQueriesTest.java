package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;
import io.grpc.Status;

/** The single-target queries and {@code set nvme-faulty}: header, block, exit status, bad input. */
public class StorageQueriesTest extends StorageCli {

    static final String UUID = "5bd91603-d3c7-4fb7-9a71-76bc25690c19";
    static final String NO_RANK = "rpc error: code = Unknown desc = no rank matched request for \"abc\"";

    @Test
    public void deviceStateErrorIsTheSpecExampleAndFails() throws Exception {
        start(2);
        servers.forEach(s -> s.error = Status.UNKNOWN.withDescription("no rank matched request for \"abc\"")
                .asRuntimeException());
        assertEquals(1, dmg("storage", "query", "device-state", "-u", "abc"));
        assertEquals("Device State Info:\n" + server(0).address() + ":\n\terror: " + NO_RANK + "\n\n", out());
        assertEquals("ERROR: dmg: " + NO_RANK + "\n", err());
        assertEquals(List.of(DevStateReq.newBuilder().setDevUuid("abc").build()), server(0).requests);
        assertTrue("single target: the first address only", server(1).requests.isEmpty());
    }

    @Test
    public void deviceStateAndSetFaulty() throws Exception {
        start(1);
        server(0).devState = DevStateResp.newBuilder().setDevUuid(UUID).setDevState("FAULTY\n").build();
        String block = "Device State Info:\n" + server(0).address() + ":\n\tDevice UUID: " + UUID
                + "\n\tState: FAULTY\n\n\n\n"; // the state's own newline, the block's, the header's
        assertEquals(0, dmg("st", "q", "d", "--devuuid", UUID));
        assertEquals(block, out());
        assertEquals(0, dmg("storage", "set", "nvme-faulty", "-u", UUID));
        assertEquals(block, out());
        assertEquals(0, dmg("st", "s", "n", "-u", UUID));
        assertEquals(block, out());
        assertEquals(3, server(0).requests.size());
        server(0).devState = DevStateResp.newBuilder().setStatus(-1005).build();
        assertEquals(1, dmg("storage", "set", "nvme-faulty", "-u", UUID));
        assertEquals("Device State Info:\n" + server(0).address() + ":\n\terror: -1005\n\n\n", out());
        assertEquals("ERROR: dmg: DAOS returned error code: -1005\n", err());
    }

    @Test
    public void requiredAndUnknownFlags() throws Exception {
        start(1);
        assertEquals(1, dmg("storage", "query", "device-state"));
        assertEquals("ERROR: dmg: the required flag `-u, --devuuid' was not specified\n", err());
        assertEquals(1, dmg("storage", "set", "nvme-faulty"));
        assertEquals("ERROR: dmg: the required flag `-u, --devuuid' was not specified\n", err());
        assertEquals(1, dmg("storage", "query", "smd", "--all"));
        assertEquals("ERROR: dmg: unknown flag `all'\n", err());
        assertEquals(1, dmg("storage", "query", "blobstore-health", "-u"));
        assertEquals("ERROR: dmg: expected argument for flag `-u, --devuuid'\n", err());
        assertEquals("", out());
        assertTrue(server(0).requests.isEmpty());
    }

    @Test
    public void blobstoreHealthNeedsExactlyOneOfUuidAndTarget() throws Exception {
        start(1);
        assertEquals(1, dmg("storage", "query", "blobstore-health"));
        assertEquals("ERROR: dmg: device UUID or target ID is required\n", err());
        assertEquals(1, dmg("storage", "query", "blobstore-health", "-u", UUID, "-t", "0"));
        assertEquals("ERROR: dmg: either device UUID OR target ID need to be specified not both\n", err());
        assertTrue(server(0).requests.isEmpty());
    }

    @Test
    public void blobstoreHealthBlock() throws Exception {
        start(1);
        server(0).bio = BioHealthResp.newBuilder().setDevUuid(UUID).setReadErrs(1).setWriteErrs(2).setUnmapErrs(3)
                .setChecksumErrs(4).setErrorCount(5).setMediaErrors(6).setTemperature(300).setSpare(true)
                .setVolatileMemory(true).build();
        assertEquals(0, dmg("st", "q", "b", "-t", "3"));
        assertEquals(List.of(BioHealthReq.newBuilder().setTgtId("3").build()), server(0).requests);
        assertEquals("Blobstore Health Data:\n" + server(0).address() + ":\n\tDevice UUID: " + UUID + "\n"
                + "\tRead errors: 1\n\tWrite errors: 2\n\tUnmap errors: 3\n\tChecksum errors: 4\n"
                + "\tDevice Health:\n\t\tError log entries: 5\n\t\tMedia errors: 6\n\t\tTemperature: 300\n"
                + "\t\tTemperature: OK\n\t\tAvailable Spare: WARNING\n\t\tDevice Reliability: OK\n"
                + "\t\tRead Only: OK\n\t\tVolatile Memory Backup: WARNING\n\n\n", out());
        assertEquals("", err());
        assertEquals(0, dmg("-j", "storage", "query", "blobstore-health", "-u", UUID));
        JsonObject doc = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals(UUID, doc.get("dev_uuid").getAsString());
        assertEquals(6, doc.get("media_errors").getAsInt());
        assertTrue(doc.get("spare_warning").getAsBoolean());
        assertFalse(doc.get("read_only_warning").getAsBoolean());
    }

    @Test
    public void smdListsDevicesThenPools() throws Exception {
        start(1);
        server(0).smdDevs = SmdDevResp.newBuilder().addDevices(SmdDevResp.Device.newBuilder().setUuid("d1")
                .addTgtIds(0).addTgtIds(1)).addDevices(SmdDevResp.Device.newBuilder().setUuid("d2").addTgtIds(2))
                .build();
        server(0).smdPools = SmdPoolResp.newBuilder().addPools(SmdPoolResp.Pool.newBuilder().setUuid("p1")
                .addTgtIds(0).addTgtIds(1).addBlobs(4294967296L).addBlobs(7)).build();
        String devices = "SMD Device List:\n" + server(0).address() + ":\n\tDevice:\n\t\tUUID: d1\n"
                + "\t\tVOS Target IDs: 0 1 \n\tDevice:\n\t\tUUID: d2\n\t\tVOS Target IDs: 2 \n\n";
        String pools = "SMD Pool List:\n" + server(0).address() + ":\n\tPool:\n\t\tUUID: p1\n"
                + "\t\tVOS Target IDs: 0 1 \n\t\tSPDK Blobs: 4294967296 7 \n\n";
        assertEquals(0, dmg("storage", "query", "smd"));
        assertEquals(devices + pools, out());
        assertEquals(0, dmg("st", "q", "s", "-d", "-p"));
        assertEquals(devices + pools, out());
        assertEquals(0, dmg("storage", "query", "smd", "--pools"));
        assertEquals(pools, out());
        assertEquals(5, server(0).requests.size());
        server(0).smdDevs = SmdDevResp.getDefaultInstance();
        server(0).smdPools = SmdPoolResp.newBuilder().setStatus(-1).build();
        assertEquals(1, dmg("storage", "query", "smd"));
        assertEquals("SMD Device List:\n" + server(0).address() + ":\n\tNo Devices Found\n\n\n"
                + "SMD Pool List:\n" + server(0).address() + ":\n\terror: -1\n\n\n", out());
        assertEquals("ERROR: dmg: DAOS returned error code: -1\n", err());
    }

    @Test
    public void smdJsonIsOneDocument() throws Exception {
        start(1);
        server(0).smdDevs = SmdDevResp.newBuilder().addDevices(SmdDevResp.Device.newBuilder().setUuid("d1")
                .addTgtIds(0).addTgtIds(1)).build();
        server(0).smdPools = SmdPoolResp.newBuilder().addPools(SmdPoolResp.Pool.newBuilder().setUuid("p1")
                .addTgtIds(3).addBlobs(9)).build();
        assertEquals(0, dmg("-j", "storage", "query", "smd"));
        JsonObject doc = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals(server(0).address(), doc.get("address").getAsString());
        JsonObject d = doc.getAsJsonObject("devices").getAsJsonArray("devices").get(0).getAsJsonObject();
        assertEquals("d1", d.get("uuid").getAsString());
        assertEquals(2, d.getAsJsonArray("target_ids").size());
        JsonObject p = doc.getAsJsonObject("pools").getAsJsonArray("pools").get(0).getAsJsonObject();
        assertEquals(9, p.getAsJsonArray("blobs").get(0).getAsInt());
        server(0).error = Status.UNKNOWN.withDescription("down").asRuntimeException();
        assertEquals(1, dmg("-j", "storage", "query", "smd", "-d"));
        doc = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("rpc error: code = Unknown desc = down",
                doc.getAsJsonObject("devices").get("error").getAsString());
        assertFalse(doc.has("pools"));
    }
}
