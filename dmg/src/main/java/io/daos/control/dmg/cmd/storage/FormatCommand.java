package io.daos.control.dmg.cmd.storage;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.text.HostGroups;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;

/**
 * {@code storage format [-v] [--reformat]} on every host at once, with the reference's 120-minute
 * deadline and a {@link Progress} line while the replies come in.
 *
 * <p>Text (§6.6.3): hosts whose call failed are grouped under the error text, hosts without a
 * device error (without {@code -v}) under {@value #FORMAT_OK}, both printed as
 * {@code \n<group list>\n}; then the other hosts (all with {@code -v}) as group blocks of the
 * {@code SCM Mount}/{@code Format Result} and {@code NVMe PCI}/{@code Format Result} tables.
 * Exit status 1 when a host failed or a device did not format (the reference exits 0).
 */
final class FormatCommand {

    /** What {@code storage format} reports after a successful host without device errors. */
    static final String FORMAT_OK = "storage format ok";

    private FormatCommand() {
    }

    static void format(CommandContext ctx) throws Exception {
        boolean verbose = ctx.invocation().bool("verbose");
        StorageFormatReq req = StorageFormatReq.newBuilder().setReformat(ctx.invocation().bool("reformat")).build();
        Connections conns = ctx.connections(Connections.class);
        Progress progress = new Progress(ctx.out(), conns.active().size());
        SortedMap<String, Invoker.Result<StorageFormatResp>> results;
        try {
            results = new Invoker(conns).multi(ch -> {
                try {
                    // the server sends exactly one message; the reference kept the last of any
                    List<StorageFormatResp> replies = StorageCommands.receive(
                            MgmtCtlGrpc.newBlockingStub(ch).storageFormat(req), "*ctl.mgmtCtlStorageFormatClient");
                    return replies.isEmpty() ? StorageFormatResp.getDefaultInstance()
                            : replies.get(replies.size() - 1);
                } finally {
                    progress.hostDone();
                }
            }, Invoker.STORAGE_FORMAT_DEADLINE);
        } finally {
            progress.clear();
        }
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.format(results));
        } else {
            ctx.out().info(formatText(results, verbose));
        }
        StorageCommands.failIfAny(ctx, "storage format", StorageCommands.failedHosts(results, FormatCommand::hasErrors));
    }

    /** The text of {@code storage format}: the group list of whole-host outcomes, then the device blocks. */
    static String formatText(SortedMap<String, Invoker.Result<StorageFormatResp>> results, boolean verbose) {
        HostGroups groups = new HostGroups();
        HostGroups mixed = new HostGroups();
        for (Map.Entry<String, Invoker.Result<StorageFormatResp>> e : results.entrySet()) {
            String host = StorageCommands.host(e.getKey());
            Invoker.Result<StorageFormatResp> r = e.getValue();
            if (!r.ok()) {
                groups.add(r.error().getMessage(), host);
            } else if (!verbose && !hasErrors(r.value())) {
                groups.add(FORMAT_OK, host);
            } else {
                mixed.add(StorageText.formatDetail(r.value().getMretsList(), r.value().getCretsList()), host);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!groups.isEmpty()) {
            sb.append('\n').append(groups).append('\n');
        }
        return sb.append(mixed.blocks()).toString();
    }

    /** Whether any SCM mount or NVMe controller result of a format reply is not a success. */
    static boolean hasErrors(StorageFormatResp resp) {
        return resp.getMretsList().stream().anyMatch(m -> m.getState().getStatusValue() != 0)
                || resp.getCretsList().stream().anyMatch(c -> c.getState().getStatusValue() != 0);
    }
}
