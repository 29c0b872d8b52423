package io.daos.control.dmg.cmd.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Predicate;

import io.daos.control.api.net.HostList;
import io.daos.control.api.net.HostPort;
import io.daos.control.dmg.cli.CommandBody;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.dmg.text.HostGroups;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;

/**
 * The bodies of the {@code storage} and {@code network} commands (SPEC-SYSTEM §6.6.3, §6.6.4).
 * Scan, format ({@link FormatCommand}), prepare ({@link PrepareCommand}), nvme-health and the
 * network commands ({@link NetworkCommands}) go to every active connection at once; the other
 * queries and {@code set nvme-faulty} to the single target ({@link StorageQueries}).
 *
 * <p>Exit status: where the reference exits 0 although something failed, these commands print the
 * same output and then fail (exit 1) with one error line; the README (section dmg) lists each case.
 */
public final class StorageCommands {

    private StorageCommands() {
    }

    /** The storage and network commands, each run by {@link Body}. */
    private static final String[] COMMANDS = {"storage scan", "storage format", "storage prepare",
        "storage query nvme-health", "storage query blobstore-health", "storage query smd",
        "storage query device-state", "storage set nvme-faulty", "network scan", "network list"};

    /** Registers every storage and network command body. */
    public static CommandRegistry register(CommandRegistry registry) {
        for (String command : COMMANDS) {
            registry.register(command, new Body(command));
        }
        return registry;
    }

    /**
     * One command's body, chosen by its name: a class and a string switch rather than method
     * references, so that registering the commands links no invokedynamic call site (several
     * milliseconds of method-handle set-up at the start of every run).
     */
    private static final class Body implements CommandBody {
        private final String command;

        Body(String command) {
            this.command = command;
        }

        @Override
        public void run(CommandContext ctx) throws Exception {
            switch (command) {
                case "storage scan" -> scan(ctx);
                case "storage format" -> FormatCommand.format(ctx);
                case "storage prepare" -> PrepareCommand.prepare(ctx);
                case "storage query nvme-health" -> nvmeHealth(ctx);
                case "storage query blobstore-health" -> StorageQueries.blobstoreHealth(ctx);
                case "storage query smd" -> StorageQueries.smd(ctx);
                case "storage query device-state" -> StorageQueries.devState(ctx, false);
                case "storage set nvme-faulty" -> StorageQueries.devState(ctx, true);
                case "network scan" -> NetworkCommands.scan(ctx);
                case "network list" -> NetworkCommands.list(ctx);
                default -> throw new IllegalStateException("no body for " + command);
            }
        }
    }

    static Invoker invoker(CommandContext ctx) {
        return new Invoker(ctx.connections(Connections.class));
    }

    /** The host part of {@code host:port} (ports are dropped when grouping storage results). */
    static String host(String address) {
        return HostPort.parse(address, HostPort.DEFAULT_PORT).host();
    }

    /**
     * The messages of a server stream. An error while receiving is worded as the reference's client
     * wrapped it: {@code <Go stream type> recv() failed: <error>}, e.g.
     * {@code *ctl.mgmtCtlStorageFormatClient recv() failed: rpc error: code = Unknown desc = busy}.
     */
    static <T> List<T> receive(Iterator<T> stream, String goStreamType) throws RpcError {
        List<T> list = new ArrayList<>();
        try {
            while (stream.hasNext()) {
                list.add(stream.next());
            }
        } catch (RuntimeException e) {
            throw new RpcError(goStreamType + " recv() failed: " + RpcError.of(e).getMessage());
        }
        return list;
    }

    /**
     * Fails the command after its output when a host failed: {@code failed} (addresses whose call
     * failed) and every host that could not be connected to (which the reference leaves out
     * silently but for its connection line, exiting 0 — a format that never reached a host is a
     * failed format): {@code <command> failed on <n> of <total> hosts: <address set>}.
     */
    static void failIfAny(CommandContext ctx, String command, List<String> failed) throws DmgException {
        Map<String, String> states = ctx.connections(Connections.class).states();
        List<String> all = new ArrayList<>(failed);
        states.forEach((address, state) -> {
            if (!Connections.CONNECTED.equals(state)) {
                all.add(address);
            }
        });
        if (all.isEmpty()) {
            return;
        }
        failIfAny(command, all, Math.max(states.size(), all.size()));
    }

    private static void failIfAny(String command, List<String> failed, int total) throws DmgException {
        String set;
        try {
            set = HostList.parseSet(String.join(",", failed)).toString();
        } catch (IllegalArgumentException e) {
            set = String.join(",", failed);
        }
        throw new DmgException(command + " failed on " + failed.size() + " of " + total + " hosts: " + set);
    }

    /** The addresses whose call failed. */
    static <R> List<String> failedHosts(SortedMap<String, Invoker.Result<R>> results) {
        return failedHosts(results, null);
    }

    /**
     * The addresses whose call failed or, when {@code failedReply} is given, whose reply it
     * finds failed (a format or prepare that answered with a device error).
     */
    static <R> List<String> failedHosts(SortedMap<String, Invoker.Result<R>> results, Predicate<R> failedReply) {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Invoker.Result<R>> e : results.entrySet()) {
            Invoker.Result<R> r = e.getValue();
            if (!r.ok() || failedReply != null && failedReply.test(r.value())) {
                failed.add(e.getKey());
            }
        }
        return failed;
    }

    /**
     * StorageScan on every host. A reply without its NVMe or SCM part is a host error
     * {@code malformed response, missing submessage <reply as compact text>} as in the reference's
     * client (which then left the host out of the output; here it is shown with its error).
     */
    static SortedMap<String, Invoker.Result<StorageScanResp>> scanAll(CommandContext ctx) throws Exception {
        return invoker(ctx).multi(ch -> {
            StorageScanResp r = MgmtCtlGrpc.newBlockingStub(ch).storageScan(StorageScanReq.getDefaultInstance());
            if (!r.hasNvme() || !r.hasScm()) {
                throw new RpcError("malformed response, missing submessage " + ProtoText.compact(r));
            }
            return r;
        }, Invoker.NO_DEADLINE);
    }

    /**
     * {@code storage scan [-v]}. A host whose call failed is shown under its error in both forms
     * ({@code Error: <err>} in both summary cells; {@code SCM Error: <err>} and
     * {@code NVMe Error: <err>} lines in the verbose block) — the reference dropped such hosts from
     * its output, leaving only the connection line to tell; the command then fails.
     */
    static void scan(CommandContext ctx) throws Exception {
        boolean verbose = ctx.invocation().bool("verbose");
        SortedMap<String, Invoker.Result<StorageScanResp>> results = scanAll(ctx);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.scan(results));
        } else {
            ctx.out().info(scanText(results, verbose));
        }
        failIfAny(ctx, "storage scan", failedHosts(results));
    }

    /** The text of {@code storage scan}: the summary group table, or with {@code -v} the group blocks. */
    static String scanText(SortedMap<String, Invoker.Result<StorageScanResp>> results, boolean verbose) {
        HostGroups groups = new HostGroups();
        for (Map.Entry<String, Invoker.Result<StorageScanResp>> e : results.entrySet()) {
            Invoker.Result<StorageScanResp> r = e.getValue();
            if (!r.ok()) {
                String err = r.error().getMessage();
                if (verbose) {
                    groups.add("SCM Error: " + err + "\nNVMe Error: " + err + "\n", host(e.getKey()));
                } else {
                    groups.addCells(new String[] {"Error: " + err, "Error: " + err}, host(e.getKey()));
                }
            } else if (verbose) {
                StorageScanResp resp = r.value();
                groups.add(StorageText.scanDetail(resp.getScm(), resp.getNvme()), host(e.getKey()));
            } else {
                StorageScanResp resp = r.value();
                groups.addCells(new String[] {StorageText.scmSummary(resp.getScm()),
                    StorageText.nvmeSummary(resp.getNvme())}, host(e.getKey()));
            }
        }
        if (verbose) {
            return groups.blocks();
        }
        return groups.isEmpty() ? "no hosts found" : groups.tabulate("Hosts", "SCM Total", "NVMe Total");
    }

    /**
     * {@code storage query nvme-health}: per host {@code <addr>\n\t} and its health listing or
     * {@code NVMe Error: <err>}. As in the reference an error text has no newline, so the next
     * host's address follows on the same line (the logger ends the last one).
     */
    static void nvmeHealth(CommandContext ctx) throws Exception {
        SortedMap<String, Invoker.Result<StorageScanResp>> results = scanAll(ctx);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.health(results));
        } else {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Invoker.Result<StorageScanResp>> e : results.entrySet()) {
                sb.append(e.getKey()).append("\n\t");
                Invoker.Result<StorageScanResp> r = e.getValue();
                sb.append(r.ok() ? StorageText.health(r.value().getNvme()) : "NVMe Error: " + r.error().getMessage());
            }
            ctx.out().info(sb.toString());
        }
        failIfAny(ctx, "storage query nvme-health", failedHosts(results));
    }
}
