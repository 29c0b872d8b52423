package io.daos.control.dmg.cmd.storage;

import io.daos.control.dmg.cli.CommandContext;
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
 * {@code <addr>:\n\t<result>\n}; a failed call or a non-zero DAOS status is part of that output,
 * and then the command fails with it ({@code rpc error: ...} or {@code DAOS returned error code: <n>},
 * exit 1) where the reference exits 0 (the README, section dmg, lists each case). No client-side check of {@code -u}: as
 * in the reference the text is sent as given and the server answers for a bad one.
 */
final class StorageQueries {

    private StorageQueries() {
    }

    /** The single target's address ({@code no active connections} when there is none). */
    private static String target(CommandContext ctx) throws RpcError {
        return ctx.connections(Connections.class).first();
    }

    /** One single-target call's outcome: its reply, or its error. */
    record Answer<R>(R reply, RpcError error) {
    }

    private static <R> Answer<R> ask(CommandContext ctx, Invoker.Call<R> call) {
        try {
            return new Answer<>(new Invoker(ctx.connections(Connections.class)).single(call, Invoker.NO_DEADLINE), null);
        } catch (RpcError e) {
            return new Answer<>(null, e);
        }
    }

    /** The failure of an answer: the call's error, or {@code DAOS returned error code: <n>}; null for none. */
    static String failure(RpcError err, int status) {
        if (err != null) {
            return err.getMessage();
        }
        return status != 0 ? "DAOS returned error code: " + status : null;
    }

    /** Fails the command with the first failure given, if any. */
    private static void failIfAny(String... failures) throws DmgException {
        for (String f : failures) {
            if (f != null) {
                throw new DmgException(f);
            }
        }
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
        Answer<BioHealthResp> a = ask(ctx, ch -> MgmtSvcGrpc.newBlockingStub(ch).bioHealthQuery(req));
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.single(address, a.error(), a.reply(), StorageJson::bio));
        } else {
            print(ctx, "Blobstore Health Data:", address,
                    a.error() != null ? "error: " + a.error().getMessage() : bioText(a.reply()));
        }
        failIfAny(failure(a.error(), a.reply() == null ? 0 : a.reply().getStatus()));
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
        Answer<SmdDevResp> devs = devices
                ? ask(ctx, ch -> MgmtSvcGrpc.newBlockingStub(ch).smdListDevs(SmdDevReq.getDefaultInstance())) : null;
        if (devs != null && !ctx.out().isJson()) {
            print(ctx, "SMD Device List:", address,
                    devs.error() != null ? "error: " + devs.error().getMessage() : devText(devs.reply()));
        }
        Answer<SmdPoolResp> pls = pools
                ? ask(ctx, ch -> MgmtSvcGrpc.newBlockingStub(ch).smdListPools(SmdPoolReq.getDefaultInstance())) : null;
        if (pls != null && !ctx.out().isJson()) {
            print(ctx, "SMD Pool List:", address,
                    pls.error() != null ? "error: " + pls.error().getMessage() : poolText(pls.reply()));
        }
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.smd(address, devs, pls));
        }
        failIfAny(devs == null ? null : failure(devs.error(), devs.reply() == null ? 0 : devs.reply().getStatus()),
                pls == null ? null : failure(pls.error(), pls.reply() == null ? 0 : pls.reply().getStatus()));
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
        Answer<DevStateResp> a = ask(ctx, ch -> setFaulty ? MgmtSvcGrpc.newBlockingStub(ch).storageSetFaulty(req)
                : MgmtSvcGrpc.newBlockingStub(ch).devStateQuery(req));
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.single(address, a.error(), a.reply(), StorageJson::devState));
        } else {
            String text;
            if (a.error() != null) {
                text = "error: " + a.error().getMessage();
            } else if (a.reply().getStatus() != 0) {
                text = "error: " + a.reply().getStatus() + "\n";
            } else {
                text = "Device UUID: " + a.reply().getDevUuid() + "\n\tState: " + a.reply().getDevState() + "\n";
            }
            print(ctx, "Device State Info:", address, text);
        }
        failIfAny(failure(a.error(), a.reply() == null ? 0 : a.reply().getStatus()));
    }
}
