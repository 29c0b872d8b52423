package io.daos.control.dmg.cmd.storage;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

import io.daos.control.dmg.cli.Json;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ResponseState;
import io.daos.control.proto.ctl.ScmMountResult;
import io.daos.control.proto.ctl.ScmModule;
import io.daos.control.proto.ctl.ScmNamespace;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanResp;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolResp;

/** The {@code -j} documents of the storage and network commands; field names are in package-info. */
final class StorageJson {

    private StorageJson() {
    }

    /** {@code {"hosts":[{"address":..,"error":..|<fields of value>}...]}}. */
    static <R> String hosts(SortedMap<String, Invoker.Result<R>> results, Function<R, String> fields) {
        StringBuilder sb = new StringBuilder("{\"hosts\":[");
        boolean first = true;
        for (Map.Entry<String, Invoker.Result<R>> e : results.entrySet()) {
            sb.append(first ? "" : ",").append("{\"address\":");
            Json.string(sb, e.getKey());
            first = false;
            if (e.getValue().ok()) {
                String f = fields.apply(e.getValue().value());
                sb.append(f.isEmpty() ? "" : ",").append(f);
            } else {
                sb.append(",\"error\":");
                Json.string(sb, e.getValue().error().getMessage());
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    /** One target's document: {@code {"address":..,"error":..}} or the fields of its reply. */
    static String single(String address, RpcError err, String fields) {
        StringBuilder sb = new StringBuilder("{\"address\":");
        Json.string(sb, address);
        if (err != null) {
            Json.string(sb.append(",\"error\":"), err.getMessage());
        } else if (!fields.isEmpty()) {
            sb.append(',').append(fields);
        }
        return sb.append('}').toString();
    }

    /** One part of a single-target document: {@code {"error":..}} or {@code {<fields of the reply>}}. */
    static <R> String part(RpcError err, R reply, Function<R, String> fields) {
        if (err != null) {
            return "{" + str("error", err.getMessage()) + "}";
        }
        return "{" + fields.apply(reply) + "}";
    }

    /** The smd document: {@code {"address":..,"devices":<part>,"pools":<part>}}, a part absent when not asked. */
    static String smd(String address, String devices, String pools) {
        StringBuilder sb = new StringBuilder("{").append(str("address", address));
        if (devices != null) {
            sb.append(",\"devices\":").append(devices);
        }
        if (pools != null) {
            sb.append(",\"pools\":").append(pools);
        }
        return sb.append('}').toString();
    }

    static String str(String name, String value) {
        return Json.string(new StringBuilder("\"").append(name).append("\":"), value).toString();
    }

    static String num(String name, long value) {
        return "\"" + name + "\":" + value;
    }

    static String state(ResponseState s) {
        return "{" + str("status", s.getStatus().name()) + "," + str("error", s.getError()) + ","
                + str("info", s.getInfo()) + "}";
    }

    static String scan(SortedMap<String, Invoker.Result<StorageScanResp>> results) {
        return hosts(results, r -> {
            StringBuilder sb = new StringBuilder("\"scm\":{\"state\":").append(state(r.getScm().getState()));
            sb.append(",\"namespaces\":[");
            List<ScmNamespace> ns = r.getScm().getNamespacesList();
            for (int i = 0; i < ns.size(); i++) {
                ScmNamespace n = ns.get(i);
                sb.append(i == 0 ? "{" : ",{").append(str("blockdev", n.getBlockdev())).append(',')
                        .append(str("uuid", n.getUuid())).append(',').append(num("numa_node", Integer.toUnsignedLong(n.getNumaNode())))
                        .append(',').append(num("size", n.getSize())).append('}');
            }
            sb.append("],\"modules\":[");
            List<ScmModule> ms = r.getScm().getModulesList();
            for (int i = 0; i < ms.size(); i++) {
                ScmModule m = ms.get(i);
                sb.append(i == 0 ? "{" : ",{").append(num("physical_id", Integer.toUnsignedLong(m.getPhysicalid())))
                        .append(',').append(num("socket_id", Integer.toUnsignedLong(m.getSocketid())))
                        .append(',').append(num("controller_id", Integer.toUnsignedLong(m.getControllerid())))
                        .append(',').append(num("channel_id", Integer.toUnsignedLong(m.getChannelid())))
                        .append(',').append(num("channel_slot", Integer.toUnsignedLong(m.getChannelposition())))
                        .append(',').append(num("capacity", m.getCapacity())).append('}');
            }
            sb.append("]},\"nvme\":{\"state\":").append(state(r.getNvme().getState())).append(",\"controllers\":[");
            List<NvmeController> cs = r.getNvme().getCtrlrsList();
            for (int i = 0; i < cs.size(); i++) {
                NvmeController c = cs.get(i);
                sb.append(i == 0 ? "{" : ",{").append(str("pci_address", c.getPciaddr())).append(',')
                        .append(str("model", c.getModel())).append(',').append(str("serial", c.getSerial()))
                        .append(',').append(str("fw_revision", c.getFwrev())).append(',')
                        .append(num("socket_id", c.getSocketid())).append(',')
                        .append(num("capacity", StorageText.capacity(c))).append('}');
            }
            return sb.append("]}").toString();
        });
    }

    static String format(SortedMap<String, Invoker.Result<StorageFormatResp>> results) {
        return hosts(results, r -> {
            StringBuilder sb = new StringBuilder("\"scm\":[");
            List<ScmMountResult> ms = r.getMretsList();
            for (int i = 0; i < ms.size(); i++) {
                sb.append(i == 0 ? "{" : ",{").append(str("mount", ms.get(i).getMntpoint())).append(",\"state\":")
                        .append(state(ms.get(i).getState())).append('}');
            }
            sb.append("],\"nvme\":[");
            List<NvmeControllerResult> cs = r.getCretsList();
            for (int i = 0; i < cs.size(); i++) {
                sb.append(i == 0 ? "{" : ",{").append(str("pci_address", cs.get(i).getPciaddr())).append(",\"state\":")
                        .append(state(cs.get(i).getState())).append('}');
            }
            return sb.append("]").toString();
        });
    }

    static String prepare(SortedMap<String, Invoker.Result<StoragePrepareResp>> results) {
        return hosts(results, r -> {
            StringBuilder sb = new StringBuilder();
            if (r.hasNvme()) {
                sb.append("\"nvme\":{\"state\":").append(state(r.getNvme().getState())).append('}');
            }
            if (r.hasScm()) {
                sb.append(sb.length() > 0 ? "," : "").append("\"scm\":{\"state\":")
                        .append(state(r.getScm().getState())).append('}');
            }
            return sb.toString();
        });
    }

    static String network(String provider, SortedMap<String, Invoker.Result<List<DeviceScanReply>>> results) {
        String hosts = hosts(results, list -> {
            StringBuilder sb = new StringBuilder("\"interfaces\":[");
            for (int i = 0; i < list.size(); i++) {
                DeviceScanReply d = list.get(i);
                sb.append(i == 0 ? "{" : ",{").append(str("fabric_iface", d.getDevice())).append(',')
                        .append(str("provider", d.getProvider())).append(',')
                        .append(num("pinned_numa_node", Integer.toUnsignedLong(d.getNumanode()))).append('}');
            }
            return sb.append(']').toString();
        });
        return "{" + str("provider", provider) + "," + hosts.substring(1);
    }

    static String providers(SortedMap<String, Invoker.Result<ProviderListReply>> results) {
        return hosts(results, r -> str("providers", r.getProvider()));
    }

    static String bio(BioHealthResp r) {
        return num("status", r.getStatus()) + "," + str("dev_uuid", r.getDevUuid()) + ","
                + num("read_errors", Integer.toUnsignedLong(r.getReadErrs())) + ","
                + num("write_errors", Integer.toUnsignedLong(r.getWriteErrs())) + ","
                + num("unmap_errors", Integer.toUnsignedLong(r.getUnmapErrs())) + ","
                + num("checksum_errors", Integer.toUnsignedLong(r.getChecksumErrs())) + ","
                + num("error_log_entries", r.getErrorCount()) + "," + num("media_errors", r.getMediaErrors()) + ","
                + num("temperature", Integer.toUnsignedLong(r.getTemperature())) + ",\"temperature_warning\":"
                + r.getTemp() + ",\"spare_warning\":" + r.getSpare() + ",\"reliability_warning\":"
                + r.getDeviceReliability() + ",\"read_only_warning\":" + r.getReadonly()
                + ",\"volatile_memory_warning\":" + r.getVolatileMemory();
    }

    static String devices(SmdDevResp r) {
        StringBuilder sb = new StringBuilder(num("status", r.getStatus())).append(",\"devices\":[");
        for (int i = 0; i < r.getDevicesCount(); i++) {
            sb.append(i == 0 ? "{" : ",{").append(str("uuid", r.getDevices(i).getUuid())).append(",\"target_ids\":")
                    .append(r.getDevices(i).getTgtIdsList()).append('}');
        }
        return sb.append(']').toString().replace(", ", ",");
    }

    static String pools(SmdPoolResp r) {
        StringBuilder sb = new StringBuilder(num("status", r.getStatus())).append(",\"pools\":[");
        for (int i = 0; i < r.getPoolsCount(); i++) {
            SmdPoolResp.Pool p = r.getPools(i);
            sb.append(i == 0 ? "{" : ",{").append(str("uuid", p.getUuid())).append(",\"target_ids\":")
                    .append(p.getTgtIdsList().toString().replace(", ", ",")).append(",\"blobs\":")
                    .append(p.getBlobsList().toString().replace(", ", ",")).append('}');
        }
        return sb.append(']').toString();
    }

    static String state(DevStateResp r) {
        return num("status", r.getStatus()) + "," + str("dev_uuid", r.getDevUuid()) + ","
                + str("dev_state", r.getDevState().strip());
    }
}
