package io.daos.control.dmg.cmd.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.ProviderListReply;
import io.grpc.Status;

/** {@code network scan [-p|-a]} and {@code network list}. */
public class NetworkCommandsTest extends StorageCli {

    static DeviceScanReply dev(String device, String provider, int numa) {
        return DeviceScanReply.newBuilder().setDevice(device).setProvider(provider).setNumanode(numa).build();
    }

    static final String IB0 = "\n\tfabric_iface: ib0\n\tprovider: ofi+verbs;ofi_rxm\n\tpinned_numa_node: 0\n";
    static final String IB1 = "\n\tfabric_iface: ib1\n\tprovider: ofi+verbs;ofi_rxm\n\tpinned_numa_node: 1\n";

    @Test
    public void scanHeadersAndPerHostLists() throws Exception {
        start(3);
        server(0).devices = List.of(dev("ib0", "ofi+verbs;ofi_rxm", 0), dev("ib1", "ofi+verbs;ofi_rxm", 1));
        server(2).devices = List.of(dev("ib0", "ofi+verbs;ofi_rxm", 0));
        assertEquals(0, dmg("network", "scan", "-p", "ofi+verbs;ofi_rxm"));
        assertEquals("Scanning fabric for cmdline specified provider: ofi+verbs;ofi_rxm\n"
                + "Network scan results:\n"
                + server(0).address() + ":\n[" + IB0 + " " + IB1 + "]\n"
                + server(2).address() + ":\n[" + IB0 + "]\n"
                + "\n", out());
        assertEquals(List.of(DeviceScanRequest.newBuilder().setProvider("ofi+verbs;ofi_rxm").build()),
                server(1).requests);
        assertEquals("", err());
    }

    @Test
    public void allProvidersWinsAndIsTheDefault() throws Exception {
        start(1);
        server(0).devices = List.of(dev("ib0", "ofi+verbs;ofi_rxm", 0));
        assertEquals(0, dmg("n", "scan", "-a", "-p", "ofi+psm2"));
        String expected = "Scanning fabric for all providers\nNetwork scan results:\n" + server(0).address()
                + ":\n[" + IB0 + "]\n\n";
        assertEquals(expected, out());
        assertEquals(0, dmg("network", "scan", "--all"));
        assertEquals(expected, out());
        assertEquals(0, dmg("network", "scan"));
        assertEquals(expected, out());
        for (Object r : server(0).requests) {
            assertEquals(DeviceScanRequest.getDefaultInstance(), r);
        }
    }

    @Test
    public void aFailedHostIsAnErrorEntryThenTheCommandFails() throws Exception {
        start(2);
        server(0).devices = List.of(dev("ib0", "ofi+verbs;ofi_rxm", 0));
        server(1).error = Status.UNKNOWN.withDescription("fi_getinfo failed").asRuntimeException();
        assertEquals(1, dmg("network", "scan"));
        assertEquals("Scanning fabric for all providers\nNetwork scan results:\n"
                + server(0).address() + ":\n[" + IB0 + "]\n"
                + server(1).address() + ":\n[\n\tError: *ctl.mgmtCtlNetworkScanDevicesClient recv() failed: "
                + "rpc error: code = Unknown desc = fi_getinfo failed\n]\n\n", out());
        assertEquals("ERROR: dmg: network scan failed on 1 of 2 hosts: " + server(1).address() + "\n", err());
    }

    @Test
    public void positionalArgumentsMakeScanReturnSilently() throws Exception {
        start(1);
        assertEquals(0, dmg("network", "scan", "extra"));
        assertEquals("", out());
        assertEquals("", err());
        assertTrue(server(0).requests.isEmpty());
    }

    @Test
    public void listPerHost() throws Exception {
        start(2);
        server(0).providers = ProviderListReply.newBuilder().setProvider("ofi+gni, ofi+psm2, ofi+tcp").build();
        server(1).error = Status.UNAVAILABLE.withDescription("gone").asRuntimeException();
        assertEquals(1, dmg("network", "list"));
        assertEquals("Supported Providers:\n" + server(0).address() + ":\n\tofi+gni, ofi+psm2, ofi+tcp\n"
                + server(1).address() + ":\n\terror: rpc error: code = Unavailable desc = gone\n\n", out());
        assertEquals("ERROR: dmg: network list failed on 1 of 2 hosts: " + server(1).address() + "\n", err());
        server(1).error = null;
        assertEquals(0, dmg("n", "list"));
    }

    @Test
    public void jsonDocuments() throws Exception {
        start(1);
        server(0).devices = List.of(dev("ib1", "ofi+verbs;ofi_rxm", 1));
        server(0).providers = ProviderListReply.newBuilder().setProvider("ofi+tcp").build();
        assertEquals(0, dmg("-j", "network", "scan", "-p", "ofi+verbs;ofi_rxm"));
        JsonObject doc = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("ofi+verbs;ofi_rxm", doc.get("provider").getAsString());
        JsonArray ifaces = doc.getAsJsonArray("hosts").get(0).getAsJsonObject().getAsJsonArray("interfaces");
        assertEquals("ib1", ifaces.get(0).getAsJsonObject().get("fabric_iface").getAsString());
        assertEquals(1, ifaces.get(0).getAsJsonObject().get("pinned_numa_node").getAsInt());
        assertEquals(0, dmg("-j", "network", "list"));
        doc = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("ofi+tcp", doc.getAsJsonArray("hosts").get(0).getAsJsonObject().get("providers").getAsString());
        assertEquals("", err());
    }
}
