package io.daos.control.dmg.cmd.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ProviderListRequest;

/**
 * {@code network scan [-p provider | -a]} and {@code network list} (§6.6.4), on every active
 * connection at once; scan with the reference's 10-second deadline. Both fail (exit 1) after their
 * output when a host's call failed (the reference exits 0).
 */
final class NetworkCommands {

    private NetworkCommands() {
    }

    /**
     * Text: {@code Scanning fabric for all providers} (with {@code -a}, which wins, or without
     * {@code -p}) or {@code Scanning fabric for cmdline specified provider: <p>}; then
     * {@code Network scan results:\n}, per address {@code <addr>:\n[<entry> <entry>...]\n}, and a
     * final newline, where an entry is {@code \n\tfabric_iface: <dev>\n\tprovider: <prov>\n\tpinned_numa_node: <n>\n}
     * or {@code \n\tError: <err>\n} (Go's rendering of a list of results). As in the reference a host
     * that answered with no interface at all is left out, and positional arguments make the command
     * return at once, printing nothing (a debug line only).
     */
    static void scan(CommandContext ctx) throws Exception {
        if (!ctx.invocation().args().isEmpty()) {
            ctx.out().debug("An invalid argument was provided: " + ctx.invocation().args());
            return;
        }
        String provider = ctx.invocation().bool("all") ? "" : ctx.invocation().stringOrEmpty("provider");
        DeviceScanRequest req = DeviceScanRequest.newBuilder().setProvider(provider).build();
        SortedMap<String, Invoker.Result<List<DeviceScanReply>>> results = StorageCommands.invoker(ctx).multi(
                ch -> StorageCommands.receive(MgmtCtlGrpc.newBlockingStub(ch).networkScanDevices(req),
                        "*ctl.mgmtCtlNetworkScanDevicesClient"),
                Invoker.NETWORK_SCAN_DEADLINE);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.network(provider, results));
        } else {
            ctx.out().info(provider.isEmpty() ? "Scanning fabric for all providers"
                    : "Scanning fabric for cmdline specified provider: " + provider);
            ctx.out().info("Network scan results:\n" + scanText(results) + "\n");
        }
        StorageCommands.failIfAny(ctx, "network scan", StorageCommands.failedHosts(results));
    }

    /** The per-address list of {@code network scan}. */
    static String scanText(SortedMap<String, Invoker.Result<List<DeviceScanReply>>> results) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Invoker.Result<List<DeviceScanReply>>> e : results.entrySet()) {
            Invoker.Result<List<DeviceScanReply>> r = e.getValue();
            List<String> entries = new ArrayList<>();
            if (!r.ok()) {
                entries.add("\n\tError: " + r.error().getMessage() + "\n");
            } else {
                for (DeviceScanReply d : r.value()) {
                    entries.add("\n\tfabric_iface: " + d.getDevice() + "\n\tprovider: " + d.getProvider()
                            + "\n\tpinned_numa_node: " + Integer.toUnsignedString(d.getNumanode()) + "\n");
                }
            }
            if (!entries.isEmpty()) {
                sb.append(e.getKey()).append(":\n[").append(String.join(" ", entries)).append("]\n");
            }
        }
        return sb.toString();
    }

    /** Text: {@code Supported Providers:\n}, per address {@code <addr>:\n\t<providers or error: <err>>\n}, a newline. */
    static void list(CommandContext ctx) throws Exception {
        SortedMap<String, Invoker.Result<ProviderListReply>> results = StorageCommands.invoker(ctx).multi(
                ch -> MgmtCtlGrpc.newBlockingStub(ch).networkListProviders(ProviderListRequest.getDefaultInstance()),
                Invoker.NO_DEADLINE);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.providers(results));
        } else {
            StringBuilder sb = new StringBuilder("Supported Providers:\n");
            for (Map.Entry<String, Invoker.Result<ProviderListReply>> e : results.entrySet()) {
                Invoker.Result<ProviderListReply> r = e.getValue();
                sb.append(e.getKey()).append(":\n\t")
                        .append(r.ok() ? r.value().getProvider() : "error: " + r.error().getMessage()).append('\n');
            }
            ctx.out().info(sb.append('\n').toString());
        }
        StorageCommands.failIfAny(ctx, "network list", StorageCommands.failedHosts(results));
    }
}
