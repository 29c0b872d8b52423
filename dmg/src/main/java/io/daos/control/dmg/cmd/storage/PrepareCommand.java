package io.daos.control.dmg.cmd.storage;

import java.util.Map;
import java.util.SortedMap;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.PrepareScmReq;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;

/**
 * {@code storage prepare [-w list] [-p n] [-u user] [-n|-s] [--reset] [-f]} on every host at once.
 *
 * <p>Order as in the reference: {@code -n} with {@code -s} fails before anything else; NVMe is
 * prepared unless {@code -s}, SCM unless {@code -n}; when SCM is prepared the warning
 * {@value #WARNING} is printed and, without {@code -f}, {@link Consent} is asked
 * ({@code consent not given} when refused); then the request goes out.
 *
 * <p>Text: {@code NVMe & SCM preparation:} and, per address, {@code <addr>:\n\t<result>\n} where the
 * result is {@code error: <err>} or the reply as the reference printed it, with {@code %+v}, i.e.
 * as compact protobuf text ({@link ProtoText}): {@code nvme:<state:<> > scm:<state:<> > } for a
 * full success, {@code scm:<state:<status:CTL_ERR_SCM error:"..." > > } for an SCM failure.
 * Exit status 1 when a host failed or a part's status is not {@code CTL_SUCCESS} (the reference
 * exits 0).
 *
 * <p>With {@code -j} the SCM part needs {@code -f} ({@code JSON output only supported with force
 * option}, as later versions of the reference do): the question would otherwise share stdout with
 * the one document.
 */
final class PrepareCommand {

    /** The destructive-operation warning (the reference's text, with its final newline). */
    static final String WARNING = "Memory allocation goals for SCM will be changed and namespaces modified, this will "
            + "be a destructive operation. Please ensure namespaces are unmounted and locally attached SCM & NVMe "
            + "devices are not in use. Please be patient as it may take several minutes and subsequent reboot "
            + "maybe required.\n";

    private PrepareCommand() {
    }

    static void prepare(CommandContext ctx) throws Exception {
        Invocation inv = ctx.invocation();
        boolean nvmeOnly = inv.bool("nvme-only");
        boolean scmOnly = inv.bool("scm-only");
        if (nvmeOnly && scmOnly) {
            throw new DmgException("nvme-only and scm-only options should not be set together");
        }
        StoragePrepareReq.Builder req = StoragePrepareReq.newBuilder();
        if (!scmOnly) {
            req.setNvme(PrepareNvmeReq.newBuilder().setPciwhitelist(inv.stringOrEmpty("pci-whitelist"))
                    .setNrhugepages((int) inv.number("hugepages")).setTargetuser(inv.stringOrEmpty("target-user"))
                    .setReset(inv.bool("reset")));
        }
        if (!nvmeOnly) {
            if (ctx.out().isJson() && !inv.bool("force")) {
                throw new DmgException("JSON output only supported with force option");
            }
            if (!ctx.out().isJson()) {
                ctx.out().info(WARNING);
            }
            if (!inv.bool("force") && !Consent.ask(ctx.out())) {
                throw new DmgException("consent not given");
            }
            req.setScm(PrepareScmReq.newBuilder().setReset(inv.bool("reset")));
        }
        StoragePrepareReq request = req.build();
        SortedMap<String, Invoker.Result<StoragePrepareResp>> results = StorageCommands.invoker(ctx)
                .multi(ch -> MgmtCtlGrpc.newBlockingStub(ch).storagePrepare(request), Invoker.NO_DEADLINE);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.prepare(results));
        } else {
            ctx.out().info(prepareText(results));
        }
        StorageCommands.failIfAny(ctx, "storage prepare", StorageCommands.failedHosts(results,
                r -> r.getNvme().getState().getStatusValue() != 0 || r.getScm().getState().getStatusValue() != 0));
    }

    /** {@code NVMe & SCM preparation:\n} and one {@code <addr>:\n\t<result>\n} per address. */
    static String prepareText(SortedMap<String, Invoker.Result<StoragePrepareResp>> results) {
        StringBuilder sb = new StringBuilder("NVMe & SCM preparation:\n");
        for (Map.Entry<String, Invoker.Result<StoragePrepareResp>> e : results.entrySet()) {
            Invoker.Result<StoragePrepareResp> r = e.getValue();
            sb.append(e.getKey()).append(":\n\t")
                    .append(r.ok() ? ProtoText.compact(r.value()) : "error: " + r.error().getMessage()).append('\n');
        }
        return sb.toString();
    }
}
