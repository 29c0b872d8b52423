package io.daos.control.fanout.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.client.HarnessClient.RanksOp;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.harness.LocalInstance;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.RankResult;
import io.daos.control.proto.ctl.SystemStartReq;
import io.daos.control.proto.ctl.SystemStartResp;
import io.daos.control.proto.ctl.SystemStopReq;
import io.daos.control.proto.ctl.SystemStopResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.Status;

/**
 * {@code ctl.MgmtCtl/SystemStop} and {@code SystemStart} on the access point (SPEC-SYSTEM §2.3,
 * §2.4), plain Java: each stage is one {@link Fanout} run to every member host at once, then the
 * management-service rank (this server's replica instance) on its own, last on stop and first on
 * start; the stage's results are applied to the membership in one change.
 *
 * <p>How a host's call ends decides its ranks' results:
 * <ul>
 * <li>it answered: its own results (a host answers only for the ranks it holds);</li>
 * <li>unreachable (refused, no route): the reference's synthesized results, state Stopped
 *     ({@code harness unresponsive}, errored, for prep shutdown and start; not errored for
 *     stop);</li>
 * <li>no answer within the per-host deadline: errored, state Unresponsive, the message naming the
 *     host and the cause;</li>
 * <li>it answered an error: errored with {@code harness <host> <action>: <error>}, the member's
 *     state unchanged.</li>
 * </ul>
 * The last two are <b>deliberate differences</b>: the reference fails the whole command on the
 * first such host (after 30 s for a hung one), leaving every other host's result unknown; here
 * the command completes for every other host. The management-service rank is the exception, as
 * in the reference: any failure of its own call fails the command.
 *
 * <p>Beyond the reference, the requested {@code ranks} are honoured (the reference ignores them):
 * only those ranks are stopped, only the hosts holding them started; an unknown rank is fault 424.
 * One stop or start runs at a time; another one asked meanwhile is refused ABORTED.
 */
final class SystemControlService {

    private static final Logger LOG = Logger.getLogger(SystemControlService.class.getName());
    /** One warning per stage and kind of failure per window, with the count of the others. */
    private static final RateLimitedLog HOST_LOG = new RateLimitedLog(LOG);
    static final String PREP = "prep shutdown";
    static final String STOP = "stop";
    static final String START = "start";
    static final String UNREACHABLE = "harness unresponsive";
    static final String PREP_ERRORS = "PrepShutdown HasErrors";
    static final String BUSY = "another system stop or start is in progress";

    private final SystemScope scope;
    private final SystemMembership membership;
    private final Fanout.Settings settings;
    private final ReentrantLock running = new ReentrantLock();

    /** @param settings bounds of each stage's fanout */
    SystemControlService(SystemScope scope, Fanout.Settings settings) {
        this.scope = scope;
        this.membership = scope.membership();
        this.settings = settings;
    }

    SystemStopResp stop(SystemStopReq req) throws InterruptedException {
        Bounds.list("ranks", req.getRanksList(), Bounds.LIST);
        return exclusive(() -> {
            Plan plan = plan(req.getRanksList());
            List<RankResult> results = null;
            if (req.getPrep()) {
                results = stage(plan, RanksOp.PREP_SHUTDOWN, PREP, false, true);
                if (!req.getForce() && results.stream().anyMatch(RankResult::getErrored)) {
                    throw GrpcErrors.error(PREP_ERRORS);
                }
            }
            if (req.getKill()) {
                results = stage(plan, RanksOp.STOP, STOP, req.getForce(), true);
            }
            if (results == null) {
                throw GrpcErrors.error("response results not populated");
            }
            return SystemStopResp.newBuilder().addAllResults(results).build();
        });
    }

    SystemStartResp start(SystemStartReq req) throws InterruptedException {
        Bounds.list("ranks", req.getRanksList(), Bounds.LIST);
        return exclusive(() -> SystemStartResp.newBuilder()
                .addAllResults(stage(plan(req.getRanksList()), RanksOp.START, START, false, false)).build());
    }

    private interface Work<T> {
        T run() throws InterruptedException;
    }

    private <T> T exclusive(Work<T> work) throws InterruptedException {
        if (!running.tryLock()) {
            throw Status.ABORTED.withDescription(BUSY).asRuntimeException();
        }
        try {
            return work.run();
        } finally {
            running.unlock();
        }
    }

    /**
     * What a command works on: the selected ranks by host, and the management-service rank with its
     * host (present only when it is selected).
     */
    private record Plan(Map<HostPort, List<Rank>> hosts, Rank msRank, HostPort msHost, HarnessClient client,
            Map<Rank, MemberState> states) {
    }

    private Plan plan(List<Integer> requested) {
        Harness h = scope.startedHarness();
        Rank msRank = h.localInstances().stream().filter(LocalInstance::msReplica).map(LocalInstance::rank)
                .filter(r -> r != null).findFirst()
                .orElseThrow(() -> GrpcErrors.error("retrieving MS member: get MS instance: instance is not an "
                        + "access point"));
        List<Member> members = membership.members();
        Member ms = members.stream().filter(m -> m.rank().equals(msRank)).findFirst()
                .orElseThrow(() -> GrpcErrors.fault(Faults.SYSTEM_MEMBER_MISSING));
        HarnessClient c = scope.client().get();
        if (c == null) {
            throw Status.UNAVAILABLE.withDescription("no harness client service (client bundle) to reach the hosts")
                    .asRuntimeException();
        }
        scope.hosts().retain(MemberHosts.of(members).keySet(), c);
        List<Member> selected = members;
        if (!requested.isEmpty()) {
            TreeMap<Rank, Member> byRank = new TreeMap<>((a, b) -> Long.compare(a.value(), b.value()));
            members.forEach(m -> byRank.put(m.rank(), m));
            Map<Rank, Member> chosen = new TreeMap<>(byRank.comparator());
            for (int bits : requested) {
                Rank r = Rank.fromBits(bits);
                Member m = byRank.get(r);
                if (m == null) {
                    throw GrpcErrors.fault(Faults.SYSTEM_MEMBER_MISSING);
                }
                chosen.put(r, m);
            }
            selected = List.copyOf(chosen.values()); // by rank, each once
        }
        boolean msSelected = selected.stream().anyMatch(m -> m.rank().equals(msRank));
        Map<Rank, MemberState> states = new LinkedHashMap<>();
        members.forEach(m -> states.put(m.rank(), m.state()));
        return new Plan(MemberHosts.of(selected), msSelected ? msRank : null,
                msSelected ? HostPort.parse(ms.address()) : null, c, states);
    }

    /**
     * One stage: every host but the MS rank's own call at once, the MS rank last ({@code msLast})
     * or first; the results applied to the membership (for start only the errored ones, the others
     * wait for their Join).
     */
    private List<RankResult> stage(Plan plan, RanksOp op, String action, boolean force, boolean msLast)
            throws InterruptedException {
        Map<HostPort, RanksReq> requests = new LinkedHashMap<>();
        plan.hosts().forEach((host, ranks) -> {
            List<Rank> rest = ranks.stream().filter(r -> !r.equals(plan.msRank())).toList();
            // a start restarts the whole host: the MS host is started on its own, first
            if (!rest.isEmpty() && !(op == RanksOp.START && host.equals(plan.msHost()))) {
                requests.put(host, request(rest, force));
            }
        });
        List<RankResult> out = new ArrayList<>();
        if (plan.msRank() != null && !msLast) {
            out.addAll(msCall(plan, op, action, force));
        }
        Fanout fanout = new Fanout(plan.client());
        for (Fanout.Outcome o : fanout.run(op, requests, settings).values()) {
            out.addAll(results(o, requests.get(o.host()).getRanksList(), action, plan.states()));
        }
        if (plan.msRank() != null && msLast) {
            out.addAll(msCall(plan, op, action, force));
        }
        Map<Rank, MemberState> states = new LinkedHashMap<>();
        for (RankResult r : out) {
            if (op != RanksOp.START || r.getErrored()) {
                states.put(Rank.fromBits(r.getRank()), MemberState.fromCode(r.getState()));
            }
        }
        List<Rank> unknown = membership.updateStates(states);
        if (!unknown.isEmpty()) {
            LOG.warning(action + ": results for ranks no longer members, not recorded: " + unknown);
        }
        long errored = out.stream().filter(RankResult::getErrored).count();
        LOG.info("system " + action + ": " + out.size() + " rank results from " + (requests.size()
                + (plan.msRank() != null ? 1 : 0)) + " hosts, " + errored + " errored");
        return out;
    }

    /**
     * The MS rank's own call (for start, its whole host): any failure fails the command with the
     * host's error as it came (SPEC-SYSTEM §2.3, §2.4).
     */
    private List<RankResult> msCall(Plan plan, RanksOp op, String action, boolean force) throws InterruptedException {
        List<Rank> ranks = op == RanksOp.START ? plan.hosts().get(plan.msHost()) : List.of(plan.msRank());
        RanksReq req = op == RanksOp.START ? RanksReq.getDefaultInstance() : request(ranks, force);
        Fanout.Outcome o = new Fanout(plan.client()).run(op, Map.of(plan.msHost(), req), settings).get(plan.msHost());
        if (o.result() == Fanout.Result.FAILED) {
            throw GrpcErrors.toStatus(o.cause()); // the host's own error, as it came
        }
        if (o.result() != Fanout.Result.REPLIED) {
            LOG.warning("system " + action + " of the management-service rank " + plan.msRank() + ": " + o.message());
            throw GrpcErrors.error("harness " + plan.msHost() + " " + action + ": " + o.message());
        }
        return results(o, ranks.stream().map(Rank::bits).toList(), action, plan.states());
    }

    private static RanksReq request(List<Rank> ranks, boolean force) {
        return RanksReq.newBuilder().addAllRanks(ranks.stream().map(Rank::bits).toList()).setForce(force).build();
    }

    /** One host's rank results: what it answered for the ranks asked, or what its outcome stands for. */
    private static List<RankResult> results(Fanout.Outcome o, List<Integer> asked, String action,
            Map<Rank, MemberState> states) {
        List<RankResult> out = new ArrayList<>();
        if (o.result() == Fanout.Result.REPLIED) {
            for (RanksResp.RankResult r : o.reply().getResultsList()) {
                if (asked.contains(r.getRank())) {
                    out.add(RankResult.newBuilder().setRank(r.getRank()).setAction(r.getAction())
                            .setErrored(r.getErrored()).setMsg(r.getMsg()).setState(r.getState()).build());
                }
            }
            return out;
        }
        HOST_LOG.warning(action + " " + o.result(), () -> "system " + action + ": " + o.message());
        for (int bits : asked) {
            RankResult.Builder b = RankResult.newBuilder().setRank(bits).setAction(action);
            switch (o.result()) {
                case UNREACHABLE -> b.setState(MemberState.STOPPED.code()).setErrored(!STOP.equals(action))
                        .setMsg(STOP.equals(action) ? "" : UNREACHABLE);
                case UNRESPONSIVE -> b.setState(MemberState.UNRESPONSIVE.code()).setErrored(true)
                        .setMsg(o.message());
                default -> b.setState(states.getOrDefault(Rank.fromBits(bits), MemberState.UNKNOWN).code())
                        .setErrored(true)
                        .setMsg("harness " + o.host() + " " + action + ": " + causeText(o));
            }
            out.add(b.build());
        }
        return out;
    }

    private static String causeText(Fanout.Outcome o) {
        Throwable c = o.cause();
        String m = c == null ? null : c.getMessage();
        return m != null ? m : String.valueOf(c);
    }
}
