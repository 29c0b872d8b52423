package io.daos.control.dmg.cmd.storage;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BiConsumer;

import io.daos.control.dmg.cmd.JsonWriter;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.NvmeController;
import io.daos.control.proto.ctl.NvmeControllerResult;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ResponseState;
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

/**
 * The {@code -j} documents of the storage and network commands, written with {@link JsonWriter}; field
 * names are in package-info. A reply's fields are a {@code BiConsumer<JsonWriter, R>} writing its members
 * into the object the writer is in; proto {@code uint32}/{@code uint64} fields print unsigned.
 */
final class StorageJson {

    private StorageJson() {
    }

    /** {@code {"hosts":[{"address":..,"error":..|<fields of value>}...]}}. */
    static <R> String hosts(SortedMap<String, Invoker.Result<R>> results, BiConsumer<JsonWriter, R> fields) {
        JsonWriter w = new JsonWriter().beginObject();
        hosts(w, results, fields);
        return w.endObject().toString();
    }

    /** The member {@code "hosts":[...]} of the object {@code w} is in. */
    private static <R> void hosts(JsonWriter w, SortedMap<String, Invoker.Result<R>> results,
            BiConsumer<JsonWriter, R> fields) {
        w.name("hosts").beginArray();
        for (Map.Entry<String, Invoker.Result<R>> e : results.entrySet()) {
            w.beginObject().field("address", e.getKey());
            if (e.getValue().ok()) {
                fields.accept(w, e.getValue().value());
            } else {
                w.field("error", e.getValue().error().getMessage());
            }
            w.endObject();
        }
        w.endArray();
    }

    /** One target's document: {@code {"address":..,"error":..}} or the fields of its reply. */
    static <R> String single(String address, RpcError err, R reply, BiConsumer<JsonWriter, R> fields) {
        JsonWriter w = new JsonWriter().beginObject().field("address", address);
        if (err != null) {
            w.field("error", err.getMessage());
        } else {
            fields.accept(w, reply);
        }
        return w.endObject().toString();
    }

    /** The smd document: {@code {"address":..,"devices":<part>,"pools":<part>}}, a part absent when not asked. */
    static String smd(String address, StorageQueries.Answer<SmdDevResp> devices,
            StorageQueries.Answer<SmdPoolResp> pools) {
        JsonWriter w = new JsonWriter().beginObject().field("address", address);
        part(w, "devices", devices, StorageJson::devices);
        part(w, "pools", pools, StorageJson::pools);
        return w.endObject().toString();
    }

    /** One part of a single-target document: {@code "name":{"error":..}} or {@code {<fields of the reply>}}. */
    private static <R> void part(JsonWriter w, String name, StorageQueries.Answer<R> answer,
            BiConsumer<JsonWriter, R> fields) {
        if (answer == null) {
            return;
        }
        w.name(name).beginObject();
        if (answer.error() != null) {
            w.field("error", answer.error().getMessage());
        } else {
            fields.accept(w, answer.reply());
        }
        w.endObject();
    }

    /** {@code "state":{"status":..,"error":..,"info":..}}. */
    private static void state(JsonWriter w, ResponseState s) {
        w.name("state").beginObject().field("status", s.getStatus().name()).field("error", s.getError())
                .field("info", s.getInfo()).endObject();
    }

    static String scan(SortedMap<String, Invoker.Result<StorageScanResp>> results) {
        return hosts(results, (w, r) -> scan(w, r, false));
    }

    /** {@code storage query nvme-health}: the scan document, each controller with its {@code "health"}. */
    static String health(SortedMap<String, Invoker.Result<StorageScanResp>> results) {
        return hosts(results, (w, r) -> scan(w, r, true));
    }

    private static void scan(JsonWriter w, StorageScanResp r, boolean health) {
        w.name("scm").beginObject();
        state(w, r.getScm().getState());
        w.name("namespaces").beginArray();
        for (ScmNamespace n : r.getScm().getNamespacesList()) {
            w.beginObject().field("blockdev", n.getBlockdev()).field("uuid", n.getUuid())
                    .unsignedField("numa_node", Integer.toUnsignedLong(n.getNumaNode()))
                    .unsignedField("size", n.getSize()).endObject();
        }
        w.endArray().name("modules").beginArray();
        for (ScmModule m : r.getScm().getModulesList()) {
            w.beginObject().unsignedField("physical_id", Integer.toUnsignedLong(m.getPhysicalid()))
                    .unsignedField("socket_id", Integer.toUnsignedLong(m.getSocketid()))
                    .unsignedField("controller_id", Integer.toUnsignedLong(m.getControllerid()))
                    .unsignedField("channel_id", Integer.toUnsignedLong(m.getChannelid()))
                    .unsignedField("channel_slot", Integer.toUnsignedLong(m.getChannelposition()))
                    .unsignedField("capacity", m.getCapacity()).endObject();
        }
        w.endArray().endObject().name("nvme").beginObject();
        state(w, r.getNvme().getState());
        w.name("controllers").beginArray();
        for (NvmeController c : r.getNvme().getCtrlrsList()) {
            w.beginObject().field("pci_address", c.getPciaddr()).field("model", c.getModel())
                    .field("serial", c.getSerial()).field("fw_revision", c.getFwrev())
                    .field("socket_id", c.getSocketid()).unsignedField("capacity", StorageText.capacity(c));
            if (health) {
                health(w.name("health"), c);
            }
            w.endObject();
        }
        w.endArray().endObject();
    }

    /**
     * A controller's health statistics as nvme-health prints them (null when it reported none):
     * temperature in kelvin, durations in minutes and hours as the data plane counts them.
     */
    private static void health(JsonWriter w, NvmeController c) {
        if (!c.hasHealthstats()) {
            w.nullValue();
            return;
        }
        NvmeController.Health h = c.getHealthstats();
        w.beginObject().unsignedField("temperature_k", Integer.toUnsignedLong(h.getTemp()))
                .unsignedField("temperature_warning_minutes", Integer.toUnsignedLong(h.getTempwarntime()))
                .unsignedField("temperature_critical_minutes", Integer.toUnsignedLong(h.getTempcrittime()))
                .unsignedField("controller_busy_minutes", h.getCtrlbusytime())
                .unsignedField("power_cycles", h.getPowercycles())
                .unsignedField("power_on_hours", h.getPoweronhours())
                .unsignedField("unsafe_shutdowns", h.getUnsafeshutdowns())
                .unsignedField("media_errors", h.getMediaerrors())
                .unsignedField("error_log_entries", h.getErrorlogentries())
                .field("temperature_warning", h.getTempwarn())
                .field("available_spare_warning", h.getAvailsparewarn())
                .field("reliability_warning", h.getReliabilitywarn())
                .field("read_only_warning", h.getReadonlywarn())
                .field("volatile_memory_warning", h.getVolatilewarn()).endObject();
    }

    static String format(SortedMap<String, Invoker.Result<StorageFormatResp>> results) {
        return hosts(results, (w, r) -> {
            w.name("scm").beginArray();
            for (ScmMountResult m : r.getMretsList()) {
                w.beginObject().field("mount", m.getMntpoint());
                state(w, m.getState());
                w.endObject();
            }
            w.endArray().name("nvme").beginArray();
            for (NvmeControllerResult c : r.getCretsList()) {
                w.beginObject().field("pci_address", c.getPciaddr());
                state(w, c.getState());
                w.endObject();
            }
            w.endArray();
        });
    }

    static String prepare(SortedMap<String, Invoker.Result<StoragePrepareResp>> results) {
        return hosts(results, (w, r) -> {
            if (r.hasNvme()) {
                w.name("nvme").beginObject();
                state(w, r.getNvme().getState());
                w.endObject();
            }
            if (r.hasScm()) {
                w.name("scm").beginObject();
                state(w, r.getScm().getState());
                w.endObject();
            }
        });
    }

    static String network(String provider, SortedMap<String, Invoker.Result<List<DeviceScanReply>>> results) {
        JsonWriter w = new JsonWriter().beginObject().field("provider", provider);
        hosts(w, results, (hw, list) -> {
            hw.name("interfaces").beginArray();
            for (DeviceScanReply d : list) {
                hw.beginObject().field("fabric_iface", d.getDevice()).field("provider", d.getProvider())
                        .unsignedField("pinned_numa_node", Integer.toUnsignedLong(d.getNumanode())).endObject();
            }
            hw.endArray();
        });
        return w.endObject().toString();
    }

    static String providers(SortedMap<String, Invoker.Result<ProviderListReply>> results) {
        return hosts(results, (w, r) -> w.field("providers", r.getProvider()));
    }

    static void bio(JsonWriter w, BioHealthResp r) {
        w.field("status", r.getStatus()).field("dev_uuid", r.getDevUuid())
                .unsignedField("read_errors", Integer.toUnsignedLong(r.getReadErrs()))
                .unsignedField("write_errors", Integer.toUnsignedLong(r.getWriteErrs()))
                .unsignedField("unmap_errors", Integer.toUnsignedLong(r.getUnmapErrs()))
                .unsignedField("checksum_errors", Integer.toUnsignedLong(r.getChecksumErrs()))
                .unsignedField("error_log_entries", r.getErrorCount()).unsignedField("media_errors", r.getMediaErrors())
                .unsignedField("temperature", Integer.toUnsignedLong(r.getTemperature()))
                .field("temperature_warning", r.getTemp()).field("spare_warning", r.getSpare())
                .field("reliability_warning", r.getDeviceReliability()).field("read_only_warning", r.getReadonly())
                .field("volatile_memory_warning", r.getVolatileMemory());
    }

    private static void devices(JsonWriter w, SmdDevResp r) {
        w.field("status", r.getStatus()).name("devices").beginArray();
        for (SmdDevResp.Device d : r.getDevicesList()) {
            targets(w.beginObject(), d.getUuid(), d.getTgtIdsList()).endObject();
        }
        w.endArray();
    }

    private static void pools(JsonWriter w, SmdPoolResp r) {
        w.field("status", r.getStatus()).name("pools").beginArray();
        for (SmdPoolResp.Pool p : r.getPoolsList()) {
            targets(w.beginObject(), p.getUuid(), p.getTgtIdsList()).name("blobs").beginArray();
            for (long b : p.getBlobsList()) {
                w.unsignedValue(b);
            }
            w.endArray().endObject();
        }
        w.endArray();
    }

    /** {@code "uuid":..,"target_ids":[..]} of an smd device or pool. */
    private static JsonWriter targets(JsonWriter w, String uuid, List<Integer> tgtIds) {
        w.field("uuid", uuid).name("target_ids").beginArray();
        for (int t : tgtIds) {
            w.value(t);
        }
        return w.endArray();
    }

    static void devState(JsonWriter w, DevStateResp r) {
        w.field("status", r.getStatus()).field("dev_uuid", r.getDevUuid())
                .field("dev_state", r.getDevState().strip());
    }
}
