package io.daos.control.dmg.cmd.pool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.cli.Reasons;
import io.daos.control.dmg.cmd.JsonWriter;
import io.daos.control.proto.mgmt.ACLResp;
import io.daos.control.proto.mgmt.DeleteACLReq;
import io.daos.control.proto.mgmt.GetACLReq;
import io.daos.control.proto.mgmt.ModifyACLReq;

/**
 * {@code pool get-acl}, {@code overwrite-acl}, {@code update-acl} and {@code delete-acl}
 * (SPEC-SYSTEM §6.6.2): each sends one request to the single target and renders the pool's ACL
 * from the reply.
 */
final class PoolAcl {

    private PoolAcl() {
    }

    /** Runs the ACL command {@code name} ({@code get-acl}, {@code overwrite-acl}, ...). */
    static void run(CommandContext ctx, String name) throws Exception {
        Invocation inv = ctx.invocation();
        String uuid = inv.stringOrEmpty("pool");
        Calls.MgmtCall<ACLResp> call;
        String title;
        switch (name) {
            case "get-acl" -> {
                title = "get-ACL";
                GetACLReq req = GetACLReq.newBuilder().setUuid(uuid).build();
                call = stub -> stub.poolGetACL(req);
            }
            case "overwrite-acl" -> {
                title = "overwrite-ACL";
                ModifyACLReq req = ModifyACLReq.newBuilder().setUuid(uuid)
                        .addAllACL(AclText.readFile(inv.string("acl-file"))).build();
                call = stub -> stub.poolOverwriteACL(req);
            }
            case "update-acl" -> {
                title = "update-ACL";
                if (inv.has("acl-file") == inv.has("entry")) {
                    throw new DmgException("either ACL file or entry parameter is required");
                }
                List<String> entries = inv.has("entry") ? List.of(inv.string("entry"))
                        : AclText.readFile(inv.string("acl-file"));
                ModifyACLReq req = ModifyACLReq.newBuilder().setUuid(uuid).addAllACL(entries).build();
                call = stub -> stub.poolUpdateACL(req);
            }
            default -> {
                title = "delete-ACL";
                DeleteACLReq req = DeleteACLReq.newBuilder().setUuid(uuid)
                        .setPrincipal(inv.stringOrEmpty("principal")).build();
                call = stub -> {
                    if (req.getPrincipal().isEmpty()) {
                        throw new IllegalArgumentException("no principal provided");
                    }
                    return stub.poolDeleteACL(req);
                };
            }
        }
        ACLResp resp;
        try {
            resp = Calls.checked(ctx, call, ACLResp::getStatus, false);
        } catch (Exception e) {
            Exception failure = Calls.plain(e);
            if (!ctx.out().isJson()) {
                ctx.out().info("Pool-" + title + " command failed: " + failure.getMessage() + "\n");
            }
            throw failure;
        }
        boolean get = name.equals("get-acl");
        String outfile = get ? inv.string("outfile") : null;
        String text = AclText.render(resp.getOwnerUser(), resp.getOwnerGroup(), resp.getACLList(),
                get && inv.bool("verbose"));
        if (outfile != null) {
            write(ctx, Path.of(outfile), outfile, text, inv.bool("force"));
        }
        if (ctx.out().isJson()) {
            JsonWriter w = new JsonWriter().beginObject().field("uuid", uuid).field("owner_user", resp.getOwnerUser())
                    .field("owner_group", resp.getOwnerGroup()).name("entries").beginArray();
            for (String entry : resp.getACLList()) {
                w.value(entry);
            }
            ctx.out().document(w.endArray().field("outfile", outfile).endObject().toString());
        } else if (outfile != null) {
            ctx.out().info("Wrote ACL to output file: " + outfile);
        } else if (get) {
            ctx.out().info(text);
        } else {
            ctx.out().info("Pool-" + title + " command succeeded, UUID: " + uuid + "\n");
            ctx.out().info(text);
        }
    }

    /** Writes the rendering to {@code path}; an existing file only with {@code --force}. */
    private static void write(CommandContext ctx, Path path, String shown, String text, boolean force)
            throws DmgException {
        if (!force && (Files.exists(path) || Files.isSymbolicLink(path))) {
            throw new DmgException("file already exists: " + shown);
        }
        OutputStream out;
        try {
            out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            ctx.out().error("Unable to create file: " + shown);
            throw new DmgException("open " + shown + ": " + Reasons.of(e), e);
        }
        try (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            ctx.out().error("Failed to write to file: " + shown);
            throw new DmgException("write " + shown + ": " + Reasons.of(e), e);
        }
    }
}
