package io.daos.control.dmg.cmd.storage;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.proto.mgmt.BioHealthReq;
import io.daos.control.proto.mgmt.BioHealthResp;
import io.daos.control.proto.mgmt.DevStateReq;
import io.daos.control.proto.mgmt.DevStateResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.daos.control.proto.mgmt.SmdDevReq;
import io.daos.control.proto.mgmt.SmdDevResp;
import io.daos.control.proto.mgmt.SmdPoolReq;
import io.daos.control.proto.mgmt.SmdPoolResp;

/**
 * The single-target storage commands: {@code storage query blobstore-health|smd|device-state} and
 * {@code storage set nvme-faulty}. Each prints a header and the target's block
 * {@code <addr>:\n\t<result>\n}; a failed call is part of the output (the reference exits 0).
 */
final class StorageQueries {

    private StorageQueries() {
    }

    static void register(CommandRegistry registry) {
        registry.register("storage query blobstore-health", StorageQueries::blobstoreHealth)
                .register("storage query smd", StorageQueries::smd)
                .register("storage query device-state", ctx -> devState(ctx, false))
                .register("storage set nvme-faulty", ctx -> devState(ctx, true));
    }

    /** The single target's address ({@code no active connections} when there is none). */
    private static String target(CommandContext ctx) throws RpcError {
        return ctx.connections(Connections.class).first();
    }

    /** Prints {@code <header>\n<addr>:\n\t<result>\n} (the logger adds the final newline). */
    private static void print(CommandContext ctx, String header, String address, String result) {
        ctx.out().info(header + "\n" + address + ":\n\t" + result + "\n\n");
    }

    static void blobstoreHealth(CommandContext ctx) throws Exception {
        Invocation inv = ctx.invocation();
        String dev = inv.stringOrEmpty("devuuid");
        String tgt = inv.stringOrEmpty("tgtid");
        if (!dev.isEmpty() && !tgt.isEmpty()) {
            throw new DmgException("either device UUID OR target ID need to be specified not both");
        }
        if (dev.isEmpty() && tgt.isEmpty()) {
            throw new DmgException("device UUID or target ID is required");
        }
        BioHealthReq req = BioHealthReq.newBuilder().setDevUuid(dev).setTgtId(tgt).build();
        String address = target(ctx);
        BioHealthResp resp = null;
        RpcError err = null;
        try {
            resp = new Invoker(ctx.connections(Connections.class))
                    .single(ch -> MgmtSvcGrpc.newBlockingStub(ch).bioHealthQuery(req), Invoker.NO_DEADLINE);
        } catch (RpcError e) {
            err = e;
        }
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.single(address, err, resp == null ? null : StorageJson.bio(resp)));
            return;
        }
        print(ctx, "Blobstore Health Data:", address, err != null ? "error: " + err.getMessage() : bioText(resp));
    }

    static String bioText(BioHealthResp r) {
        if (r.getStatus() != 0) {
            return "error: " + r.getStatus() + "\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Device UUID: ").append(r.getDevUuid()).append('\n');
        sb.append("\tRead errors: ").append(Integer.toUnsignedString(r.getReadErrs())).append('\n');
        sb.append("\tWrite errors: ").append(Integer.toUnsignedString(r.getWriteErrs())).append('\n');
        sb.append("\tUnmap errors: ").append(Integer.toUnsignedString(r.getUnmapErrs())).append('\n');
        sb.append("\tChecksum errors: ").append(Integer.toUnsignedString(r.getChecksumErrs())).append('\n');
        sb.append("\tDevice Health:\n");
        sb.append("\t\tError log entries: ").append(Long.toUnsignedString(r.getErrorCount())).append('\n');
        sb.append("\t\tMedia errors: ").append(Long.toUnsignedString(r.getMediaErrors())).append('\n');
        sb.append("\t\tTemperature: ").append(Integer.toUnsignedString(r.getTemperature())).append('\n');
        StorageText.warn(sb, "\t\tTemperature: ", r.getTemp());
        StorageText.warn(sb, "\t\tAvailable Spare: ", r.getSpare());
        StorageText.warn(sb, "\t\tDevice Reliability: ", r.getDeviceReliability());
        StorageText.warn(sb, "\t\tRead Only: ", r.getReadonly());
        StorageText.warn(sb, "\t\tVolatile Memory Backup: ", r.getVolatileMemory());
        return sb.toString();
    }

    static void smd(CommandContext ctx) throws Exception {
        boolean devices = ctx.invocation().bool("devices");
        boolean pools = ctx.invocation().bool("pools");
        if (!devices && !pools) {
            devices = true;
            pools = true;
        }
        String address = target(ctx);
        Invoker invoker = new Invoker(ctx.connections(Connections.class));
        if (devices) {
            SmdDevResp resp = null;
            RpcError err = null;
            try {
                resp = invoker.single(ch -> MgmtSvcGrpc.newBlockingStub(ch).smdListDevs(SmdDevReq.getDefaultInstance()),
                        Invoker.NO_DEADLINE);
            } catch (RpcError e) {
                err = e;
            }
            if (ctx.out().isJson()) {
                ctx.out().document(StorageJson.single(address, err, resp == null ? null : StorageJson.devices(resp)));
            } else {
                print(ctx, "SMD Device List:", address, err != null ? "error: " + err.getMessage() : devText(resp));
            }
        }
        if (pools) {
            SmdPoolResp resp = null;
            RpcError err = null;
            try {
                resp = invoker.single(ch -> MgmtSvcGrpc.newBlockingStub(ch).smdListPools(SmdPoolReq.getDefaultInstance()),
                        Invoker.NO_DEADLINE);
            } catch (RpcError e) {
                err = e;
            }
            if (ctx.out().isJson()) {
                ctx.out().document(StorageJson.single(address, err, resp == null ? null : StorageJson.pools(resp)));
            } else {
                print(ctx, "SMD Pool List:", address, err != null ? "error: " + err.getMessage() : poolText(resp));
            }
        }
    }

    static String devText(SmdDevResp r) {
        if (r.getStatus() != 0) {
            return "error: " + r.getStatus() + "\n";
        }
        if (r.getDevicesCount() == 0) {
            return "No Devices Found\n";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.getDevicesCount(); i++) {
            SmdDevResp.Device d = r.getDevices(i);
            if (i != 0) {
                sb.append("\n\t");
            }
            sb.append("Device:\n\t\tUUID: ").append(d.getUuid()).append("\n\t\tVOS Target IDs: ");
            for (int t : d.getTgtIdsList()) {
                sb.append(t).append(' ');
            }
        }
        return sb.toString();
    }

    static String poolText(SmdPoolResp r) {
        if (r.getStatus() != 0) {
            return "error: " + r.getStatus() + "\n";
        }
        if (r.getPoolsCount() == 0) {
            return "No Pools Found\n";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.getPoolsCount(); i++) {
            SmdPoolResp.Pool p = r.getPools(i);
            if (i != 0) {
                sb.append("\n\t");
            }
            sb.append("Pool:\n\t\tUUID: ").append(p.getUuid()).append("\n\t\tVOS Target IDs: ");
            for (int t : p.getTgtIdsList()) {
                sb.append(t).append(' ');
            }
            sb.append("\n\t\tSPDK Blobs: ");
            for (long b : p.getBlobsList()) {
                sb.append(Long.toUnsignedString(b)).append(' ');
            }
        }
        return sb.toString();
    }

    static void devState(CommandContext ctx, boolean setFaulty) throws Exception {
        DevStateReq req = DevStateReq.newBuilder().setDevUuid(ctx.invocation().stringOrEmpty("devuuid")).build();
        String address = target(ctx);
        DevStateResp resp = null;
        RpcError err = null;
        try {
            resp = new Invoker(ctx.connections(Connections.class)).single(ch -> setFaulty
                    ? MgmtSvcGrpc.newBlockingStub(ch).storageSetFaulty(req)
                    : MgmtSvcGrpc.newBlockingStub(ch).devStateQuery(req), Invoker.NO_DEADLINE);
        } catch (RpcError e) {
            err = e;
        }
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.single(address, err, resp == null ? null : StorageJson.state(resp)));
            return;
        }
        String text;
        if (err != null) {
            text = "error: " + err.getMessage();
        } else if (resp.getStatus() != 0) {
            text = "error: " + resp.getStatus() + "\n";
        } else {
            text = "Device UUID: " + resp.getDevUuid() + "\n\tState: " + resp.getDevState() + "\n";
        }
        print(ctx, "Device State Info:", address, text);
    }
}
