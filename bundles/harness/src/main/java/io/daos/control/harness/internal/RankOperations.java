package io.daos.control.harness.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;

import io.daos.control.api.drpc.DrpcException;
import io.daos.control.api.drpc.DrpcIds;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.proto.mgmt.DaosResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * PrepShutdownRanks, StopRanks, StartRanks and PingRanks on the local instances (SPEC-SERVER
 * §3.13, SPEC-SYSTEM §2.7): one result per selected instance (an empty rank list selects all);
 * an instance without superblock or rank fails the whole call. A rank list longer than
 * {@link Bounds#LIST} or naming the nil rank is INVALID_ARGUMENT on {@code ranks}.
 *
 * <p>PrepShutdownRanks, StopRanks and StartRanks take their turn on the harness's
 * {@link RankOpsLock}: they never interleave. PingRanks runs at any time; an instance that runs
 * but has not finished its start (no SetUp yet) is reported Unknown without asking it, since
 * its engine cannot answer yet (the reference would report Errored and SystemQuery would keep
 * that).
 */
final class RankOperations {

    /** PrepShutdown dRPC timeout. */
    static final Duration PREP_SHUTDOWN_TIMEOUT = IOServerInstance.SETUP_TIMEOUT;
    /** PingRank dRPC timeout (SPEC-SYSTEM §2.7.3). */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(3);
    /** How long StopRanks and StartRanks wait for the instances. */
    static final long WAIT_MS = IOServerHarness.WAIT_MS;

    private final LocalInstances harness;

    RankOperations(LocalInstances harness) {
        this.harness = harness;
    }

    /** PrepShutdownRanks (§2.7.1): dRPC PrepShutdown to each running instance. */
    RanksResp prepShutdown(RanksReq req) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        return harness.rankOps().run("prep shutdown", () -> {
            RanksResp.Builder out = RanksResp.newBuilder();
            for (IOServerInstance inst : sel) {
                out.addResults(inst.running()
                        ? drpcResult(inst, "prep shutdown", DrpcIds.MGMT_PREP_SHUTDOWN, PREP_SHUTDOWN_TIMEOUT,
                                MemberState.STOPPING)
                        : result(inst, "prep shutdown", MemberState.STOPPED, null));
            }
            return out.build();
        });
    }

    /**
     * PingRanks (§2.7.3): dRPC PingRank to each running instance that completed its start; one
     * still starting is Unknown.
     */
    RanksResp ping(RanksReq req) throws RanksException {
        RanksResp.Builder out = RanksResp.newBuilder();
        for (IOServerInstance inst : selected(req)) {
            if (!inst.running()) {
                out.addResults(result(inst, "ping", MemberState.STOPPED, null));
            } else if (!inst.isSetUp()) {
                out.addResults(result(inst, "ping", MemberState.UNKNOWN, null));
            } else {
                out.addResults(drpcResult(inst, "ping", DrpcIds.MGMT_PING_RANK, PING_TIMEOUT, MemberState.STARTED));
            }
        }
        return out.build();
    }

    /**
     * StopRanks (§2.7.2): SIGINT to each selected running instance (SIGKILL with {@code force},
     * see {@link IOServerInstance#stop(boolean)}), then up to 3 s for no instance to run.
     */
    RanksResp stop(RanksReq req) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        return harness.rankOps().run("stop", () -> {
            for (IOServerInstance inst : sel) {
                inst.stop(req.getForce());
            }
            harness.awaitRunning(false, WAIT_MS);
            RanksResp.Builder out = RanksResp.newBuilder();
            for (IOServerInstance inst : sel) {
                out.addResults(inst.running()
                        ? result(inst, "stop", MemberState.STARTED, "want Stopped, got Started")
                        : result(inst, "stop", MemberState.STOPPED, null));
            }
            return out.build();
        });
    }

    /**
     * StartRanks (§2.7.4): every local instance starts again; up to 3 s for all to run. A second
     * StartRanks waits for the first to return and then finds the instances running (or the
     * start still under way): {@code can't start instances: already started}.
     */
    RanksResp start(RanksReq req) throws RanksException, InterruptedException {
        List<IOServerInstance> sel = selected(req);
        return harness.rankOps().run("start", () -> {
            harness.requestStart();
            harness.awaitRunning(true, WAIT_MS);
            RanksResp.Builder out = RanksResp.newBuilder();
            for (IOServerInstance inst : sel) {
                out.addResults(inst.running()
                        ? result(inst, "start", MemberState.STARTED, null)
                        : result(inst, "start", MemberState.STOPPED, "want Started, got Stopped"));
            }
            return out.build();
        });
    }

    private List<IOServerInstance> selected(RanksReq req) throws RanksException {
        if (req == null) {
            throw new RanksException("nil request");
        }
        checkRanks(req.getRanksList());
        List<IOServerInstance> out = new ArrayList<>();
        for (IOServerInstance inst : harness.instances()) {
            Superblock sb = inst.superblock();
            if (sb == null) {
                throw new RanksException("nil superblock");
            }
            if (sb.rank == null) {
                throw new RanksException("nil rank in superblock");
            }
            if (req.getRanksCount() == 0 || req.getRanksList().contains(sb.rank.bits())) {
                out.add(inst);
            }
        }
        return out;
    }

    /** The edge check of {@code ranks}: at most {@link Bounds#LIST} entries, none the nil rank. */
    static void checkRanks(List<Integer> ranks) {
        Bounds.list("ranks", ranks, Bounds.LIST);
        for (int bits : ranks) {
            if (Rank.fromBits(bits).isNil()) {
                throw Bounds.invalid("ranks", Rank.NIL_VALUE + " (NilRank) is not a rank");
            }
        }
    }

    private static RanksResp.RankResult result(IOServerInstance inst, String action, MemberState state, String msg) {
        RanksResp.RankResult.Builder b = RanksResp.RankResult.newBuilder()
                .setRank(inst.superblock().rank.bits())
                .setAction(action)
                .setState(state.code());
        if (msg != null) {
            b.setErrored(true).setMsg(msg);
        }
        return b.build();
    }

    private static RanksResp.RankResult drpcResult(IOServerInstance inst, String action, int method,
            Duration timeout, MemberState target) {
        Rank r = inst.superblock().rank;
        byte[] reply;
        try {
            reply = inst.callDrpc(method, new byte[0], timeout);
        } catch (SocketTimeoutException e) {
            return result(inst, action, MemberState.UNRESPONSIVE, "timeout occurred");
        } catch (DrpcException | IOException e) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC failed: " + e.getMessage());
        }
        DaosResp resp;
        try {
            resp = DaosResp.parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC unmarshal failed: " + e.getMessage());
        }
        if (resp.getStatus() != 0) {
            return result(inst, action, MemberState.ERRORED, "rank " + r + " dRPC returned DER " + resp.getStatus());
        }
        return result(inst, action, target, null);
    }
}
