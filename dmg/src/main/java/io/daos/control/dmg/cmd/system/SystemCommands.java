package io.daos.control.dmg.cmd.system;

import java.util.ArrayList;
import java.util.List;

import io.daos.control.api.fault.FaultException;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.RankSet;
import io.daos.control.dmg.cli.CommandBody;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.CommandRegistry;
import io.daos.control.dmg.cli.DmgException;
import io.daos.control.dmg.cli.Output;
import io.daos.control.dmg.cmd.pool.PoolCommands;
import io.daos.control.dmg.conn.Connections;
import io.daos.control.dmg.conn.Invoker;
import io.daos.control.dmg.conn.RpcError;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.daos.control.proto.mgmt.LeaderQueryReq;
import io.daos.control.proto.mgmt.LeaderQueryResp;
import io.daos.control.proto.mgmt.MgmtSvcGrpc;
import io.grpc.Channel;

/**
 * The bodies of {@code system query|stop|start|leader-query|list-pools} (SPEC-SYSTEM §6.6.1): each
 * sends one request, as the reference builds it, to the single target (the first active
 * connection) and prints the reply as text or, with {@code -j}, as one JSON document.
 */
public final class SystemCommands {

    private SystemCommands() {
    }

    /** Registers the five system commands; returns {@code registry}. */
    public static CommandRegistry register(CommandRegistry registry) {
        return registry.register("system query", new Query())
                .register("system stop", new Stop())
                .register("system start", new Start())
                .register("system leader-query", new LeaderQuery())
                .register("system list-pools", PoolCommands.listPools());
    }

    /**
     * The call on the single target; its failure as {@code <context>: <error>}, a fault kept (so
     * that its resolution line is printed).
     */
    static <R> R single(CommandContext ctx, String context, Invoker.Call<R> call) throws Exception {
        try {
            return new Invoker(ctx.connections(Connections.class)).single(call, Invoker.NO_DEADLINE);
        } catch (RpcError e) {
            throw failure(context, e);
        }
    }

    /** {@code <context>: <message>} as a {@link FaultException} when the error carries a fault. */
    static Exception failure(String context, RpcError e) {
        String message = context + ": " + e.getMessage();
        return e.fault().isPresent() ? new FaultException(message, e.fault().get(), e)
                : new DmgException(message, e);
    }

    private static void print(Output out, String text, String json) {
        if (out.isJson()) {
            out.document(json);
        } else {
            out.info(text);
        }
    }

    /**
     * The rank results of stop or start: the document, the table, or for none {@value
     * SystemText#NO_RESULTS} (start) or only a debug message (stop, as the reference).
     */
    private static void printResults(Output out, List<RankResult> results, boolean sayNone) throws DmgException {
        if (out.isJson()) {
            out.document(SystemText.resultsJson(results));
        } else if (!results.isEmpty()) {
            out.info(SystemText.results(results));
        } else if (sayNone) {
            out.info(SystemText.NO_RESULTS);
        } else {
            out.debug(SystemText.NO_RESULTS);
        }
    }

    /**
     * After the table: a rank that failed its stop or start makes the run fail (exit 1), with one
     * error line naming the ranks ({@code System-Stop command failed on ranks [0-1,3]}); the
     * reference exits 0 there, which hides a failed stop from scripts. The table on stdout stays
     * the reference's.
     */
    static void failOnErrored(String command, List<RankResult> results) throws DmgException {
        List<Long> failed = new ArrayList<>();
        for (RankResult r : results) {
            if (r.getErrored()) {
                failed.add(Integer.toUnsignedLong(r.getRank()));
            }
        }
        if (!failed.isEmpty()) {
            long[] values = new long[failed.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = failed.get(i);
            }
            throw new DmgException(command + " command failed on rank" + (values.length == 1 ? " " : "s ")
                    + RankSet.ofValues(values));
        }
    }

    /** {@code system query [-r ranks] [-v]}. */
    static final class Query implements CommandBody {
        @Override
        public void run(CommandContext ctx) throws Exception {
            RankSet ranks;
            try {
                ranks = ctx.invocation().ranks("ranks");
            } catch (IllegalArgumentException e) {
                throw new DmgException("parsing input ranklist: " + e.getMessage(), e);
            }
            SystemQueryReq.Builder b = SystemQueryReq.newBuilder();
            for (Rank r : ranks.ranks()) {
                b.addRanks(r.bits());
            }
            SystemQueryReq req = b.build();
            SystemQueryResp resp = single(ctx, "System-Query command failed", new Invoker.Call<SystemQueryResp>() {
                @Override
                public SystemQueryResp call(Channel ch) {
                    return MgmtCtlGrpc.newBlockingStub(ch).systemQuery(req);
                }
            });
            SystemText.checkQuery(resp.getMembersList(), ranks);
            Output out = ctx.out();
            if (out.isJson()) {
                out.document(SystemText.queryJson(resp.getMembersList()));
            } else {
                out.info(SystemText.query(resp.getMembersList(), ranks, ctx.invocation().bool("verbose")));
            }
        }
    }

    /** {@code system stop [--force]}: {@code {prep: true, kill: true, force}}. */
    static final class Stop implements CommandBody {
        @Override
        public void run(CommandContext ctx) throws Exception {
            SystemStopReq req = SystemStopReq.newBuilder().setPrep(true).setKill(true)
                    .setForce(ctx.invocation().bool("force")).build();
            SystemStopResp resp = single(ctx, "System-Stop command failed", new Invoker.Call<SystemStopResp>() {
                @Override
                public SystemStopResp call(Channel ch) {
                    return MgmtCtlGrpc.newBlockingStub(ch).systemStop(req);
                }
            });
            printResults(ctx.out(), resp.getResultsList(), false);
            failOnErrored("System-Stop", resp.getResultsList());
        }
    }

    /** {@code system start}: an empty request. */
    static final class Start implements CommandBody {
        @Override
        public void run(CommandContext ctx) throws Exception {
            SystemStartReq req = SystemStartReq.getDefaultInstance();
            SystemStartResp resp = single(ctx, "System-Start command failed", new Invoker.Call<SystemStartResp>() {
                @Override
                public SystemStartResp call(Channel ch) {
                    return MgmtCtlGrpc.newBlockingStub(ch).systemStart(req);
                }
            });
            printResults(ctx.out(), resp.getResultsList(), true);
            failOnErrored("System-Start", resp.getResultsList());
        }
    }

    /** {@code system leader-query}: {@code {system: <config name>}}. */
    static final class LeaderQuery implements CommandBody {
        @Override
        public void run(CommandContext ctx) throws Exception {
            LeaderQueryReq req = LeaderQueryReq.newBuilder().setSystem(ctx.config().name()).build();
            LeaderQueryResp resp = single(ctx, "leader query failed", new Invoker.Call<LeaderQueryResp>() {
                @Override
                public LeaderQueryResp call(Channel ch) {
                    return MgmtSvcGrpc.newBlockingStub(ch).leaderQuery(req);
                }
            });
            print(ctx.out(), SystemText.leader(resp), SystemText.leaderJson(resp));
        }
    }
}
