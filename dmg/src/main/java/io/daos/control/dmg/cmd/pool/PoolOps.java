package io.daos.control.dmg.cmd.pool;

import java.util.ArrayList;
import java.util.List;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.cmd.JsonWriter;
import io.daos.control.dmg.text.Sizes;
import io.daos.control.dmg.text.Table;
import io.daos.control.proto.mgmt.ListPoolsReq;
import io.daos.control.proto.mgmt.ListPoolsResp;
import io.daos.control.proto.mgmt.PoolDestroyReq;
import io.daos.control.proto.mgmt.PoolDestroyResp;
import io.daos.control.proto.mgmt.PoolQueryReq;
import io.daos.control.proto.mgmt.PoolQueryResp;
import io.daos.control.proto.mgmt.PoolRebuildStatus;
import io.daos.control.proto.mgmt.StorageUsageStats;

/** {@code pool destroy}, {@code list} and {@code query} (SPEC-SYSTEM §6.6.1–2). */
final class PoolOps {

    private PoolOps() {
    }

    /** {@code pool destroy}: {@code {uuid, force}}; the outcome line, then the error if any. */
    static void destroy(CommandContext ctx) throws Exception {
        Invocation inv = ctx.invocation();
        String uuid = inv.stringOrEmpty("pool");
        PoolDestroyReq req = PoolDestroyReq.newBuilder().setUuid(uuid).setForce(inv.bool("force")).build();
        Exception failure = null;
        try {
            Calls.checked(ctx, stub -> stub.poolDestroy(req), PoolDestroyResp::getStatus, true);
        } catch (Exception e) {
            failure = Calls.plain(e);
        }
        if (ctx.out().isJson()) {
            if (failure == null) {
                ctx.out().document(new JsonWriter().beginObject().field("uuid", uuid).field("destroyed", true).endObject()
                        .toString());
            }
        } else {
            ctx.out().info("Pool-destroy command " + (failure == null ? "succeeded" : "failed: " + failure.getMessage())
                    + "\n");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * {@code pool list} and {@code system list-pools}: {@code {sys: <config name>}}; the table
     * {@code Pool UUID}/{@code Svc Replicas} in reply order.
     */
    static void list(CommandContext ctx) throws Exception {
        ListPoolsReq req = ListPoolsReq.newBuilder().setSys(ctx.config().name()).build();
        ListPoolsResp resp;
        try {
            resp = Calls.checked(ctx, stub -> stub.listPools(req), ListPoolsResp::getStatus, false);
        } catch (Exception e) {
            throw Calls.prefixed("List-Pools command failed: ", e);
        }
        if (ctx.out().isJson()) {
            JsonWriter w = new JsonWriter().beginObject().name("pools").beginArray();
            for (ListPoolsResp.Pool p : resp.getPoolsList()) {
                PoolCreate.replicas(w.beginObject().field("uuid", p.getUuid()), p.getSvcrepsList()).endObject();
            }
            ctx.out().document(w.endArray().endObject().toString());
            return;
        }
        if (resp.getPoolsCount() == 0) {
            ctx.out().info("No pools in system");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (ListPoolsResp.Pool p : resp.getPoolsList()) {
            rows.add(new String[] {p.getUuid(),
                p.getSvcrepsCount() == 0 ? Table.MISSING : PoolCreate.replicas(p.getSvcrepsList())});
        }
        ctx.out().info(Table.renderRows(List.of("Pool UUID", "Svc Replicas"), rows));
    }

    /** {@code pool query}: the pool's targets, space (SI-humanised) and rebuild state. */
    static void query(CommandContext ctx) throws Exception {
        PoolQueryReq req = PoolQueryReq.newBuilder().setUuid(ctx.invocation().stringOrEmpty("pool")).build();
        PoolQueryResp resp;
        try {
            resp = Calls.checked(ctx, stub -> stub.poolQuery(req), PoolQueryResp::getStatus, true);
        } catch (Exception e) {
            throw Calls.prefixed("pool query failed: ", e);
        }
        if (ctx.out().isJson()) {
            ctx.out().document(queryDoc(resp));
        } else {
            ctx.out().info(queryText(resp));
        }
    }

    /** The JSON document of a query reply; absent parts are {@code null}. */
    static String queryDoc(PoolQueryResp r) {
        JsonWriter w = new JsonWriter().beginObject().field("uuid", r.getUuid())
                .unsignedField("total_targets", Integer.toUnsignedLong(r.getTotaltargets()))
                .unsignedField("active_targets", Integer.toUnsignedLong(r.getActivetargets()))
                .unsignedField("disabled_targets", Integer.toUnsignedLong(r.getDisabledtargets()));
        usage(w.name("scm"), r.hasScm() ? r.getScm() : null);
        usage(w.name("nvme"), r.hasNvme() ? r.getNvme() : null);
        w.name("rebuild");
        if (r.hasRebuild()) {
            PoolRebuildStatus rb = r.getRebuild();
            w.beginObject().field("status", rb.getStatus()).field("state", state(rb))
                    .unsignedField("objects", rb.getObjects()).unsignedField("records", rb.getRecords()).endObject();
        } else {
            w.nullValue();
        }
        return w.endObject().toString();
    }

    /** A space usage object, or {@code null}. */
    private static void usage(JsonWriter w, StorageUsageStats s) {
        if (s == null) {
            w.nullValue();
            return;
        }
        w.beginObject().unsignedField("total", s.getTotal()).unsignedField("free", s.getFree())
                .unsignedField("min", s.getMin()).unsignedField("max", s.getMax()).unsignedField("mean", s.getMean())
                .endObject();
    }

    /** The text of a query reply (without the final newline, which the output adds). */
    static String queryText(PoolQueryResp r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Pool ").append(r.getUuid()).append(", ntarget=").append(Integer.toUnsignedString(r.getTotaltargets()))
                .append(", disabled=").append(Integer.toUnsignedString(r.getDisabledtargets())).append('\n');
        sb.append("Pool space info:\n- Target(VOS) count:").append(Integer.toUnsignedString(r.getActivetargets()))
                .append('\n');
        if (r.hasScm()) {
            usage(sb, "SCM", r.getScm());
        }
        if (r.hasNvme()) {
            usage(sb, "NVMe", r.getNvme());
        }
        if (r.hasRebuild()) {
            PoolRebuildStatus rb = r.getRebuild();
            if (rb.getStatus() != 0) {
                sb.append("Rebuild failed, rc=").append(r.getStatus()).append(", status=").append(rb.getStatus());
            } else {
                sb.append("Rebuild ").append(state(rb)).append(", ").append(Long.toUnsignedString(rb.getObjects()))
                        .append(" objs, ").append(Long.toUnsignedString(rb.getRecords())).append(" recs");
            }
        }
        return sb.toString();
    }

    private static void usage(StringBuilder sb, String title, StorageUsageStats s) {
        sb.append("- ").append(title).append(":\n  Total size: ").append(Sizes.si(s.getTotal()))
                .append("\n  Free: ").append(Sizes.si(s.getFree())).append(", min:").append(Sizes.si(s.getMin()))
                .append(", max:").append(Sizes.si(s.getMax())).append(", mean:").append(Sizes.si(s.getMean()))
                .append('\n');
    }

    private static String state(PoolRebuildStatus rb) {
        return switch (rb.getStateValue()) {
            case 0 -> "idle";
            case 1 -> "done";
            case 2 -> "busy";
            default -> "unknown(" + rb.getStateValue() + ")";
        };
    }
}
