package io.daos.control.dmg.cmd.pool;

import java.util.List;

import io.daos.control.api.system.Rank;
import io.daos.control.api.system.RankSet;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.cmd.JsonWriter;
import io.daos.control.dmg.text.Sizes;
import io.daos.control.proto.mgmt.PoolCreateReq;
import io.daos.control.proto.mgmt.PoolCreateResp;

/**
 * {@code pool create} (SPEC-SYSTEM §6.6.2): the arguments checked in the reference's order, the
 * request sent to the single target, the creation summary printed.
 */
final class PoolCreate {

    /** Most pool-service replicas the reference lets one ask for. */
    static final long MAX_SVC_REPLICAS = 13;

    private PoolCreate() {
    }

    /** Runs the command; {@code me} names the owner when neither user nor group is given. */
    static void run(CommandContext ctx, Owners.Identity me) throws Exception {
        Invocation inv = ctx.invocation();
        PoolCreateReq.Builder req = PoolCreateReq.newBuilder();
        req.setScmbytes(size(inv.string("scm-size"), "pool SCM size: "));
        if (inv.has("nvme-size")) {
            req.setNvmebytes(size(inv.string("nvme-size"), "pool NVMe size: "));
        }
        List<String> acl = inv.has("acl-file") ? AclText.readFile(inv.string("acl-file")) : List.of();
        long nsvc = inv.number("nsvc");
        if (nsvc > MAX_SVC_REPLICAS) {
            throw new DmgException("max number of service replicas is " + MAX_SVC_REPLICAS + ", got " + nsvc);
        }
        Owners.Pair owners = Owners.of(inv.string("user"), inv.string("group"), me);
        RankSet ranks;
        try {
            ranks = inv.ranks("ranks");
        } catch (IllegalArgumentException e) {
            throw new DmgException("parsing rank list: " + e.getMessage(), e);
        }
        for (Rank rank : ranks.ranks()) {
            req.addRanks(rank.bits());
        }
        req.setNumsvcreps((int) nsvc).setSys(inv.stringOrEmpty("sys")).setUser(owners.user())
                .setUsergroup(owners.group()).addAllAcl(acl);

        String uuid = null;
        PoolCreateResp resp = null;
        Exception failure = null;
        try {
            uuid = PoolUuid.of(inv.stringOrEmpty("pool"));
            PoolCreateReq request = req.setUuid(uuid).build();
            resp = Calls.checked(ctx, stub -> stub.poolCreate(request), PoolCreateResp::getStatus, true);
        } catch (Exception e) {
            failure = Calls.plain(e);
        }
        if (ctx.out().isJson()) {
            if (failure == null) {
                JsonWriter w = new JsonWriter().beginObject().field("uuid", uuid);
                ctx.out().document(replicas(w, resp.getSvcrepsList()).endObject().toString());
            }
        } else if (failure == null) {
            ctx.out().info("Pool-create command SUCCEEDED: UUID: " + uuid + ", Service replicas: "
                    + replicas(resp.getSvcrepsList()) + "\n");
        } else {
            ctx.out().info("Pool-create command FAILED: " + failure.getMessage() + "\n");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static long size(String text, String context) throws DmgException {
        try {
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DmgException(context + e.getMessage(), e);
        }
    }

    /** Replica ranks joined by commas ({@code 1,2,3}); empty for none. */
    static String replicas(List<Integer> ranks) {
        StringBuilder sb = new StringBuilder();
        for (int r : ranks) {
            sb.append(sb.length() > 0 ? "," : "").append(Integer.toUnsignedString(r));
        }
        return sb.toString();
    }

    /** The {@code svc_replicas} member: the replica ranks as an array of unsigned numbers. */
    static JsonWriter replicas(JsonWriter w, List<Integer> ranks) {
        w.name("svc_replicas").beginArray();
        for (int r : ranks) {
            w.unsignedValue(Integer.toUnsignedLong(r));
        }
        return w.endArray();
    }
}
