package io.daos.control.dmg.cmd.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.daos.control.api.net.HostPort;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Invocation;
import io.daos.control.dmg.cli.Json;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.text.HostGroups;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.PrepareNvmeReq;
import io.daos.control.proto.ctl.PrepareScmReq;
import io.daos.control.proto.ctl.StorageFormatReq;
import io.daos.control.proto.ctl.StorageFormatResp;
import io.daos.control.proto.ctl.StoragePrepareReq;
import io.daos.control.proto.ctl.StoragePrepareResp;
import io.daos.control.proto.ctl.StorageScanReq;
import io.daos.control.proto.ctl.StorageScanResp;

/**
 * The bodies of the {@code storage} and {@code network} commands (SPEC-SYSTEM §6.6.3, §6.6.4).
 * Scan, format, prepare, nvme-health and the network commands go to every active connection at
 * once; the other queries and {@code set nvme-faulty} to the single target ({@link StorageQueries}).
 */
public final class StorageCommands {

    /** What {@code storage format} reports after a successful host without device errors. */
    static final String FORMAT_OK = "storage format ok";

    private StorageCommands() {
    }

    /** Registers every storage and network command body. */
    public static CommandRegistry register(CommandRegistry registry) {
        registry.register("storage scan", StorageCommands::scan)
                .register("storage format", StorageCommands::format)
                .register("storage prepare", StorageCommands::prepare)
                .register("storage query nvme-health", StorageCommands::nvmeHealth);
        StorageQueries.register(registry);
        NetworkCommands.register(registry);
        return registry;
    }

    static Invoker invoker(CommandContext ctx) {
        return new Invoker(ctx.connections(Connections.class));
    }

    /** The host part of {@code host:port} (ports are dropped when grouping storage results). */
    static String host(String address) {
        return HostPort.parse(address, HostPort.DEFAULT_PORT).host();
    }

    static SortedMap<String, Invoker.Result<StorageScanResp>> scanAll(CommandContext ctx) throws Exception {
        return invoker(ctx).multi(ch -> MgmtCtlGrpc.newBlockingStub(ch).storageScan(StorageScanReq.getDefaultInstance()),
                Invoker.NO_DEADLINE);
    }

    static void scan(CommandContext ctx) throws Exception {
        boolean verbose = ctx.invocation().bool("verbose");
        SortedMap<String, Invoker.Result<StorageScanResp>> results = scanAll(ctx);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.scan(results));
            return;
        }
        HostGroups groups = new HostGroups();
        for (Map.Entry<String, Invoker.Result<StorageScanResp>> e : results.entrySet()) {
            Invoker.Result<StorageScanResp> r = e.getValue();
            String key;
            if (!r.ok()) {
                String err = r.error().getMessage();
                key = verbose ? "SCM Error: " + err + "\nNVMe Error: " + err + "\n"
                        : "Error: " + err + "/Error: " + err;
            } else {
                StorageScanResp resp = r.value();
                key = verbose ? StorageText.scanDetail(resp.getScm(), resp.getNvme())
                        : StorageText.scmSummary(resp.getScm()) + "/" + StorageText.nvmeSummary(resp.getNvme());
            }
            groups.add(key, host(e.getKey()));
        }
        if (verbose) {
            ctx.out().info(groups.blocks());
        } else if (groups.isEmpty()) {
            ctx.out().info("no hosts found");
        } else {
            ctx.out().info(groups.tabulate("Hosts", "SCM Total", "NVMe Total"));
        }
    }

    static void format(CommandContext ctx) throws Exception {
        boolean verbose = ctx.invocation().bool("verbose");
        boolean reformat = ctx.invocation().bool("reformat");
        Connections conns = ctx.connections(Connections.class);
        Progress progress = Progress.forTerminal(conns.active().size());
        SortedMap<String, Invoker.Result<StorageFormatResp>> results = new Invoker(conns).multi(ch -> {
            try {
                Iterator<StorageFormatResp> it = MgmtCtlGrpc.newBlockingStub(ch)
                        .storageFormat(StorageFormatReq.newBuilder().setReformat(reformat).build());
                StorageFormatResp first = null;
                while (it.hasNext()) {
                    StorageFormatResp r = it.next();
                    if (first == null) {
                        first = r;
                    }
                }
                return first == null ? StorageFormatResp.getDefaultInstance() : first;
            } finally {
                progress.done();
            }
        }, Invoker.STORAGE_FORMAT_DEADLINE);
        progress.end();
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.format(results));
            return;
        }
        ctx.out().info(formatText(results, verbose));
    }

    /** The text of {@code storage format}: the group list of whole-host outcomes, then the device blocks. */
    static String formatText(SortedMap<String, Invoker.Result<StorageFormatResp>> results, boolean verbose) {
        HostGroups groups = new HostGroups();
        HostGroups mixed = new HostGroups();
        for (Map.Entry<String, Invoker.Result<StorageFormatResp>> e : results.entrySet()) {
            String host = host(e.getKey());
            Invoker.Result<StorageFormatResp> r = e.getValue();
            if (!r.ok()) {
                groups.add(r.error().getMessage(), host);
                continue;
            }
            StorageFormatResp resp = r.value();
            if (!verbose && !hasErrors(resp)) {
                groups.add(FORMAT_OK, host);
                continue;
            }
            mixed.add(StorageText.formatDetail(resp.getMretsList(), resp.getCretsList()), host);
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
            ctx.out().info("Memory allocation goals for SCM will be changed and namespaces modified. This will be "
                    + "a destructive operation. Please ensure namespaces are unmounted and SCM is otherwise unused.");
            if (!inv.bool("force") && !Consent.ask()) {
                throw new DmgException("consent not given");
            }
            req.setScm(PrepareScmReq.newBuilder().setReset(inv.bool("reset")));
        }
        StoragePrepareReq request = req.build();
        SortedMap<String, Invoker.Result<StoragePrepareResp>> results = invoker(ctx)
                .multi(ch -> MgmtCtlGrpc.newBlockingStub(ch).storagePrepare(request), Invoker.NO_DEADLINE);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.prepare(results));
            return;
        }
        StringBuilder sb = new StringBuilder("NVMe & SCM preparation:\n");
        for (Map.Entry<String, Invoker.Result<StoragePrepareResp>> e : results.entrySet()) {
            sb.append(e.getKey()).append(":\n\t");
            Invoker.Result<StoragePrepareResp> r = e.getValue();
            if (!r.ok()) {
                sb.append("error: ").append(r.error().getMessage()).append('\n');
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (r.value().hasNvme()) {
                parts.add("NVMe: " + StorageText.result(r.value().getNvme().getState()));
            }
            if (r.value().hasScm()) {
                parts.add("SCM: " + StorageText.result(r.value().getScm().getState()));
            }
            sb.append(String.join("\n\t", parts)).append('\n');
        }
        ctx.out().info(sb.toString());
    }

    static void nvmeHealth(CommandContext ctx) throws Exception {
        SortedMap<String, Invoker.Result<StorageScanResp>> results = scanAll(ctx);
        if (ctx.out().isJson()) {
            ctx.out().document(StorageJson.scan(results));
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Invoker.Result<StorageScanResp>> e : results.entrySet()) {
            sb.append(e.getKey()).append("\n\t");
            Invoker.Result<StorageScanResp> r = e.getValue();
            sb.append(r.ok() ? StorageText.health(r.value().getNvme()) : "NVMe Error: " + r.error().getMessage());
        }
        ctx.out().info(sb.toString());
    }

    /**
     * The {@code hosts done / total} line of {@code storage format}, drawn over itself on the
     * terminal (carriage return, no newline) and erased at the end; nothing when stdout is not a
     * terminal, so that tests and pipes see only the result.
     */
    static final class Progress {
        private final int total;
        private final AtomicInteger done = new AtomicInteger();
        private final boolean shown;

        Progress(int total, boolean shown) {
            this.total = total;
            this.shown = shown;
            draw(0);
        }

        static Progress forTerminal(int total) {
            return new Progress(total, System.console() != null && total > 1);
        }

        void done() {
            draw(done.incrementAndGet());
        }

        int count() {
            return done.get();
        }

        private synchronized void draw(int n) {
            if (shown) {
                System.out.print("\rstorage format: " + n + "/" + total + " hosts done");
                System.out.flush();
            }
        }

        synchronized void end() {
            if (shown) {
                System.out.print("\r\033[K");
                System.out.flush();
            }
        }
    }

    /** The yes/no question of {@code storage prepare} without {@code --force}. */
    static final class Consent {
        private Consent() {
        }

        static boolean ask() throws java.io.IOException {
            System.out.print("Are you sure you want to continue? (yes/no)\n");
            System.out.flush();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
            return line != null && line.trim().equals("yes");
        }
    }

    static String quote(String s) {
        return Json.string(s);
    }
}
