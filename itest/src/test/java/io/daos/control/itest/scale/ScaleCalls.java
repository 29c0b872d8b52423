package io.daos.control.itest.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.daos.control.api.system.MemberState;
import io.daos.control.proto.ctl.MgmtCtlGrpc;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.grpc.ManagedChannel;

/**
 * The whole-system calls a scale test or benchmark makes on an access point
 * ({@code ctl.MgmtCtl/SystemQuery}, {@code SystemStop}, {@code SystemStart}, each timed from the
 * client's side), and the checks of their answers against a {@link SimFleet}: which member or
 * rank result is not what the fleet's hosts and their modes make it should be. A check returns
 * null when all is as expected, else a message naming the first difference, so that a test
 * asserts it and a benchmark refuses to report a number over a wrong answer.
 */
public final class ScaleCalls {

    /** The fanout's default per-host deadline of a query (daos.fanout.query.deadline.ms). */
    public static final long QUERY_DEADLINE_MS = 2_000;
    /** Deadline of one whole-system call from the client. */
    public static final long CALL_S = 300;

    private ScaleCalls() {
    }

    /** A reply and how long the call took, from the client's side. */
    public record Timed<T>(T reply, long ms) {
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long t0 = System.nanoTime();
        T r = call.get();
        return new Timed<>(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static MgmtCtlGrpc.MgmtCtlBlockingStub stub(ManagedChannel ch) {
        return MgmtCtlGrpc.newBlockingStub(ch).withDeadlineAfter(CALL_S, TimeUnit.SECONDS);
    }

    /** SystemQuery of every member. */
    public static Timed<SystemQueryResp> query(ManagedChannel ch) {
        return timed(() -> stub(ch).systemQuery(SystemQueryReq.getDefaultInstance()));
    }

    /** SystemStop as dmg sends it: prep and kill, {@code force} as given, no ranks. */
    public static Timed<SystemStopResp> stop(ManagedChannel ch, boolean force) {
        return timed(() -> stub(ch).systemStop(SystemStopReq.newBuilder().setPrep(true).setKill(true)
                .setForce(force).build()));
    }

    /** SystemStart as dmg sends it: no ranks. */
    public static Timed<SystemStartResp> start(ManagedChannel ch) {
        return timed(() -> stub(ch).systemStart(SystemStartReq.getDefaultInstance()));
    }

    /**
     * Repeats SystemQuery until every member is in {@code state} (the node's and the fleet's
     * ranks, none hung; e.g. Started once all re-joined after a SystemStart) or {@code timeoutMs}
     * passed; returns null, or the last answer's mismatch. Each query takes a fanout's time,
     * which paces the loop.
     */
    public static String awaitAll(ManagedChannel ch, int nodeRanks, List<SimHost> hosts, MemberState state,
            long timeoutMs) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String last;
        do {
            last = queryMismatch(query(ch).reply().getMembersList(), nodeRanks, hosts, Set.of(), state,
                    MemberState.UNRESPONSIVE);
        } while (last != null && System.nanoTime() < end);
        return last;
    }

    /** The ranks of the fleet's hosts, rank bits to host. */
    static Map<Integer, SimHost> owners(List<SimHost> hosts) {
        Map<Integer, SimHost> out = new HashMap<>();
        for (SimHost h : hosts) {
            for (int i = 0; i < h.rankCount(); i++) {
                out.put(h.rank(i).bits(), h);
            }
        }
        return out;
    }

    /**
     * Checks a SystemQuery answer: one member per rank of the node ({@code nodeRanks}, not in
     * the fleet) and of every host, each fleet member at its host's address with its UUID;
     * members of {@code hung} hosts in state {@code hungState}, every other one (the node's
     * included) in {@code state}.
     */
    public static String queryMismatch(List<SystemMember> members, int nodeRanks, List<SimHost> hosts,
            Set<SimHost> hung, MemberState state, MemberState hungState) {
        Map<Integer, SimHost> owners = owners(hosts);
        if (members.size() != nodeRanks + owners.size()) {
            return members.size() + " members, want " + (nodeRanks + owners.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (SystemMember m : members) {
            if (!seen.add(m.getRank())) {
                return "rank " + m.getRank() + " twice";
            }
            SimHost h = owners.get(m.getRank());
            MemberState want = h != null && hung.contains(h) ? hungState : state;
            if (m.getState() != want.code()) {
                return "rank " + m.getRank() + " (" + m.getAddr() + ") in state " + MemberState.fromCode(m.getState())
                        + ", want " + want;
            }
            if (h != null && (!h.address().equals(m.getAddr()) || !uuids(h).contains(m.getUuid()))) {
                return "rank " + m.getRank() + " at " + m.getAddr() + " uuid " + m.getUuid() + ", want host "
                        + h.address() + " uuids " + uuids(h);
            }
        }
        return null;
    }

    private static List<String> uuids(SimHost h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.rankCount(); i++) {
            out.add(h.uuid(i));
        }
        return out;
    }

    /**
     * Checks the rank results of a SystemStop or SystemStart: one per rank of the node and of
     * every host, each with {@code action}; a rank of a {@code hung} host errored in state
     * Unresponsive with a message naming its host's address; every other one not errored, in
     * {@code state}. The access point's own ranks are placed as SystemStop and SystemStart place
     * them: with {@code msLast} (stop) the last result is one of the node's (the MS rank, whose
     * own call comes after every host's; the node's other ranks go with the hosts), else (start)
     * the node's ranks come first (its host is started on its own before the others).
     */
    public static String resultsMismatch(List<RankResult> results, int nodeRanks, List<SimHost> hosts,
            Set<SimHost> hung, String action, MemberState state, boolean msLast) {
        Map<Integer, SimHost> owners = owners(hosts);
        if (results.size() != nodeRanks + owners.size()) {
            return results.size() + " results, want " + (nodeRanks + owners.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < results.size(); k++) {
            RankResult r = results.get(k);
            if (!seen.add(r.getRank())) {
                return "rank " + r.getRank() + " twice";
            }
            if (!action.equals(r.getAction())) {
                return "rank " + r.getRank() + " action '" + r.getAction() + "', want '" + action + "'";
            }
            SimHost h = owners.get(r.getRank());
            if (msLast ? k == results.size() - 1 && h != null : (k < nodeRanks) != (h == null)) {
                return "result " + k + " is rank " + r.getRank() + (h == null ? " of the node" : " of " + h.address())
                        + (msLast ? ": the MS rank must come last" : ": the node's ranks must come first");
            }
            if (h != null && hung.contains(h)) {
                if (!r.getErrored() || r.getState() != MemberState.UNRESPONSIVE.code()
                        || !r.getMsg().contains(h.address())) {
                    return "rank " + r.getRank() + " of hung host " + h.address() + ": errored=" + r.getErrored()
                            + " state " + MemberState.fromCode(r.getState()) + " msg '" + r.getMsg()
                            + "', want errored Unresponsive naming the host";
                }
            } else if (r.getErrored() || r.getState() != state.code()) {
                return "rank " + r.getRank() + ": errored=" + r.getErrored() + " state "
                        + MemberState.fromCode(r.getState()) + " msg '" + r.getMsg() + "', want " + state;
            }
        }
        return null;
    }
}
