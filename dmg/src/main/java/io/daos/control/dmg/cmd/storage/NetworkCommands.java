package io.daos.control.dmg.cmd.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.proto.ctl.DeviceScanReply;
import io.daos.control.proto.ctl.DeviceScanRequest;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.ProviderListReply;
import io.daos.control.proto.ctl.ProviderListRequest;

/** {@code network scan [-p provider | -a]} and {@code network list}, on every active connection. */
final class NetworkCommands {

    private NetworkCommands() {
    }

    static void register(CommandRegistry registry) {
        registry.register("network scan", NetworkCommands::scan).register("network list", NetworkCommands::list);
    }

    static void scan(CommandContext ctx) throws Exception {
        String provider = ctx.invocation().bool("all") ? "" : ctx.invocation().stringOrEmpty("provider");
        DeviceScanRequest req = DeviceScanRequest.newBuilder().setProvider(provider).build();
        SortedMap<String, Invoker.Result<List<DeviceScanReply>>> results = StorageCommands.invoker(ctx).multi(ch -> {
            List<DeviceScanReply> list = new ArrayList<>();
            Iterator<DeviceScanReply> it = MgmtCtlGrpc.newBlockingStub(ch).networkScanDevices(req);
            while (it.hasNext()) {
                list.add(it.next());
            }
            return list;
        }, Invoker.NETWORK_SCAN_DEADLINE);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.network(provider, results));
            return;
        }
        ctx.out().info(provider.isEmpty() ? "Scanning fabric for all providers"
                : "Scanning fabric for cmdline specified provider: " + provider);
        StringBuilder sb = new StringBuilder("Network scan results:\n");
        for (Map.Entry<String, Invoker.Result<List<DeviceScanReply>>> e : results.entrySet()) {
            sb.append(e.getKey()).append(":\n");
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
            sb.append('[').append(String.join(" ", entries)).append("]\n");
        }
        ctx.out().info(sb.toString());
    }

    static void list(CommandContext ctx) throws Exception {
        SortedMap<String, Invoker.Result<ProviderListReply>> results = StorageCommands.invoker(ctx).multi(
                ch -> MgmtCtlGrpc.newBlockingStub(ch).networkListProviders(ProviderListRequest.getDefaultInstance()),
                Invoker.NO_DEADLINE);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.providers(results));
            return;
        }
        StringBuilder sb = new StringBuilder("Supported Providers:\n");
        for (Map.Entry<String, Invoker.Result<ProviderListReply>> e : results.entrySet()) {
            Invoker.Result<ProviderListReply> r = e.getValue();
            sb.append(e.getKey()).append(":\n\t")
                    .append(r.ok() ? r.value().getProvider() : "error: " + r.error().getMessage()).append('\n');
        }
        ctx.out().info(sb.toString());
    }
}
