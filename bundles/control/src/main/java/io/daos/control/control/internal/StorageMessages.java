package io.daos.control.control.internal;

import io.daos.control.api.network.FabricInterface;
import io.daos.control.api.storage.NvmeController;
import io.daos.control.api.storage.NvmeHealth;
import io.daos.control.api.storage.NvmeNamespace;
import io.daos.control.api.storage.ScmModule;
import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.proto.ctl.DeviceScanReply;

/** The api's inventory records as their {@code ctl} wire messages (WIRE §3.4, §3.5, §3.7). */
final class StorageMessages {

    private StorageMessages() {
    }

    /** {@code ctl.NvmeController}: health only when known; namespaces carry the controller address. */
    static io.daos.control.proto.ctl.NvmeController controller(NvmeController c) {
        io.daos.control.proto.ctl.NvmeController.Builder b = io.daos.control.proto.ctl.NvmeController.newBuilder()
                .setModel(nz(c.model())).setSerial(nz(c.serial())).setPciaddr(nz(c.pciAddr())).setFwrev(nz(c.fwRev()))
                .setSocketid(c.socketId());
        if (c.health() != null) {
            b.setHealthstats(health(c.health(), nz(c.pciAddr())));
        }
        for (NvmeNamespace n : c.namespaces()) {
            b.addNamespaces(io.daos.control.proto.ctl.NvmeController.Namespace.newBuilder()
                    .setId(n.id()).setSize(n.size()).setCtrlrpciaddr(nz(c.pciAddr())));
        }
        return b.build();
    }

    private static io.daos.control.proto.ctl.NvmeController.Health health(NvmeHealth h, String pciAddr) {
        return io.daos.control.proto.ctl.NvmeController.Health.newBuilder()
                .setTemp(h.temperature()).setTempwarntime(h.tempWarnTime()).setTempcrittime(h.tempCritTime())
                .setCtrlbusytime(h.ctrlBusyTime()).setPowercycles(h.powerCycles())
                .setPoweronhours(h.powerOnHours()).setUnsafeshutdowns(h.unsafeShutdowns())
                .setMediaerrors(h.mediaErrors()).setErrorlogentries(h.errorLogEntries())
                .setTempwarn(h.tempWarn()).setAvailsparewarn(h.availSpareWarn())
                .setReliabilitywarn(h.reliabilityWarn()).setReadonlywarn(h.readOnlyWarn())
                .setVolatilewarn(h.volatileWarn()).setCtrlrpciaddr(pciAddr)
                .build();
    }

    /** {@code ctl.ScmModule}. */
    static io.daos.control.proto.ctl.ScmModule module(ScmModule m) {
        return io.daos.control.proto.ctl.ScmModule.newBuilder()
                .setChannelid(m.channelId()).setChannelposition(m.channelPosition())
                .setControllerid(m.controllerId()).setSocketid(m.socketId()).setPhysicalid(m.physicalId())
                .setCapacity(m.capacity())
                .build();
    }

    /** {@code ctl.ScmNamespace}. */
    static io.daos.control.proto.ctl.ScmNamespace namespace(ScmNamespace n) {
        return io.daos.control.proto.ctl.ScmNamespace.newBuilder()
                .setUuid(nz(n.uuid())).setBlockdev(nz(n.blockDevice())).setDev(nz(n.name())).setNumaNode(n.numaNode())
                .setSize(n.size())
                .build();
    }

    /** {@code ctl.DeviceScanReply}. */
    static DeviceScanReply device(FabricInterface f) {
        return DeviceScanReply.newBuilder().setProvider(nz(f.provider())).setDevice(nz(f.device()))
                .setNumanode(f.numaNode()).build();
    }

    /** Protobuf strings cannot be null: a provider's null is sent as empty. */
    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
