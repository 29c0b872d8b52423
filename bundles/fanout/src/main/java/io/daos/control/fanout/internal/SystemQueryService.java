package io.daos.control.fanout.internal;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.client.ClientException;
import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.Bounds;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.log.RateLimitedLog;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.mgmt.RanksReq;
import io.daos.control.proto.mgmt.RanksResp;

/**
 * {@code ctl.MgmtCtl/SystemQuery} on the access point (SPEC-SYSTEM §2.2), plain Java. Before it
 * answers from the membership it pings every member host through the {@link Fanout}
 * ({@code PingRanks} with an empty rank list; at most {@link Fanout.Settings#inFlight()} at once,
 * each host {@link Fanout.Settings#hostDeadline()}, 2 s by default) and moves Started/Stopping members
 * to the Unresponsive, Stopped or Errored state their host reports. Unlike the reference, it
 * also moves a Started member to Unknown when its host reports it Unknown (running, but its
 * start not finished: it cannot answer yet), and an Errored, Unresponsive, Stopped or Unknown
 * member back to Started when its host now reports it Started, so that no rank is left in a
 * state its harness contradicts (a ping that failed once while an engine was coming up marked it
 * Errored for good). A request naming more than
 * {@link Bounds#LIST} ranks is INVALID_ARGUMENT on {@code ranks}. How a ping fails decides what
 * happens:
 * <ul>
 * <li>{@link ClientException.Kind#UNREACHABLE} (refused, no route, unknown host): the host's
 *     ranks are seen Stopped (§2.1), the query goes on;</li>
 * <li>no answer within the per-host deadline (the client's
 *     {@link ClientException.Kind#TIMEOUT}, or a call given up by the fanout): the host's
 *     Started/Stopping ranks become Unresponsive, with a warning naming the host and the cause,
 *     and the query goes on for every other host. <b>A deliberate difference from the
 *     reference</b>, where one hung host fails the whole query after 30 s;</li>
 * <li>{@link ClientException.Kind#CANCELLED} (the client closing): the query fails CANCELLED;</li>
 * <li>the host answered an error ({@link ClientException.Kind#FAILED}, e.g. {@code nil rank in
 *     superblock} from a host whose instance is still getting its rank): its Started/Stopping
 *     ranks become Errored, with a warning naming the host and its error, and the query goes on.
 *     <b>Also a deliberate difference</b>: in the reference one host's error is the whole
 *     query's; here no host's error reaches the client as the query's.</li>
 * </ul>
 * Without a HarnessClient service (the client bundle absent or being updated) the members are
 * answered as last known, with a warning.
 */
final class SystemQueryService {

    private static final Logger LOG = Logger.getLogger(SystemQueryService.class.getName());
    private static final EnumSet<MemberState> REMEMBERED =
            EnumSet.of(MemberState.UNRESPONSIVE, MemberState.STOPPED, MemberState.ERRORED, MemberState.STARTED,
                    MemberState.UNKNOWN);
    /** The member states a Started ping result overrides. */
    private static final EnumSet<MemberState> CONTRADICTED_BY_STARTED =
            EnumSet.of(MemberState.UNRESPONSIVE, MemberState.STOPPED, MemberState.ERRORED, MemberState.UNKNOWN);

    /** One warning per window for hosts that did not answer a ping in time. */
    private static final RateLimitedLog UNRESPONSIVE_LOG = new RateLimitedLog(LOG);
    /** One warning per window for hosts that answered a ping with an error. */
    private static final RateLimitedLog FAILED_LOG = new RateLimitedLog(LOG);
    /** Logged when the member states cannot be refreshed. */
    static final String NO_CLIENT = "no harness client service: member states not refreshed by host pings";

    private final SystemScope scope;
    private final SystemMembership membership;
    private final Fanout.Settings settings;

    /** With the query defaults of {@link Fanout.Settings#query()}. */
    SystemQueryService(Supplier<Harness> harness, SystemMembership membership, Supplier<HarnessClient> client) {
        this(new SystemScope(harness, membership, client, new MemberHosts()), Fanout.Settings.query());
    }

    /** @param settings bounds of the ping fanout */
    SystemQueryService(SystemScope scope, Fanout.Settings settings) {
        this.scope = scope;
        this.membership = scope.membership();
        this.settings = settings;
    }

    SystemQueryResp query(SystemQueryReq req) throws InterruptedException {
        Bounds.list("ranks", req.getRanksList(), Bounds.LIST);
        scope.startedHarness();
        refresh();
        SystemQueryResp.Builder out = SystemQueryResp.newBuilder();
        if (req.getRanksCount() == 0) {
            membership.members().forEach(m -> out.addMembers(toWire(m)));
        } else {
            for (int bits : req.getRanksList()) {
                Optional<Member> m = membership.member(Rank.fromBits(bits));
                if (m.isEmpty()) {
                    throw GrpcErrors.fault(Faults.SYSTEM_MEMBER_MISSING);
                }
                out.addMembers(toWire(m.get()));
            }
        }
        return out.build();
    }

    /**
     * Step 2: ping every member host, then move Started/Stopping members to what was seen, and
     * members whose host now says Started back to Started (see the class comment).
     */
    private void refresh() throws InterruptedException {
        List<Member> members = membership.members();
        Map<HostPort, List<Rank>> hosts = MemberHosts.of(members);
        if (hosts.isEmpty()) {
            return;
        }
        HarnessClient c = scope.client().get();
        if (c == null) {
            LOG.warning(NO_CLIENT);
            return;
        }
        scope.hosts().retain(hosts.keySet(), c);
        Map<HostPort, RanksReq> pings = new LinkedHashMap<>();
        hosts.keySet().forEach(h -> pings.put(h, RanksReq.getDefaultInstance()));
        Map<HostPort, Fanout.Outcome> outcomes = new Fanout(c).run(HarnessClient.RanksOp.PING, pings, settings);
        Map<Rank, MemberState> seen = new HashMap<>();
        for (Fanout.Outcome o : outcomes.values()) {
            switch (o.result()) {
                case REPLIED -> {
                    for (RanksResp.RankResult r : o.reply().getResultsList()) {
                        MemberState s = MemberState.fromCode(r.getState());
                        if (REMEMBERED.contains(s)) {
                            seen.put(Rank.fromBits(r.getRank()), s);
                        }
                    }
                }
                case UNREACHABLE -> {
                    LOG.fine(o.message());
                    hosts.get(o.host()).forEach(r -> seen.put(r, MemberState.STOPPED));
                }
                case UNRESPONSIVE -> {
                    if (o.cause() instanceof ClientException ce && ce.kind() == ClientException.Kind.CANCELLED) {
                        throw GrpcErrors.toStatus(ce); // cancelled here (client closing): the query's error
                    }
                    UNRESPONSIVE_LOG.warning("unresponsive", o::message);
                    hosts.get(o.host()).forEach(r -> seen.put(r, MemberState.UNRESPONSIVE));
                }
                case FAILED -> {
                    FAILED_LOG.warning("failed", o::message);
                    hosts.get(o.host()).forEach(r -> seen.put(r, MemberState.ERRORED));
                }
            }
        }
        Map<Rank, MemberState> changes = new LinkedHashMap<>();
        // the states as they are now, not as before the pings: a member that joined meanwhile is
        // Started, and a ping that saw it still starting must make it Unknown
        for (Member m : membership.members()) {
            MemberState s = seen.get(m.rank());
            if (s == null || s == m.state()) {
                continue;
            }
            boolean update = switch (s) {
                case STARTED -> CONTRADICTED_BY_STARTED.contains(m.state());
                case UNKNOWN -> m.state() == MemberState.STARTED;
                default -> m.state() == MemberState.STARTED || m.state() == MemberState.STOPPING;
            };
            if (update) {
                changes.put(m.rank(), s);
            }
        }
        membership.updateStates(changes); // one change of the system DB, not one per rank
    }

    static SystemMember toWire(Member m) {
        return SystemMember.newBuilder().setAddr(m.address()).setUuid(m.uuid()).setRank(m.rank().bits())
                .setState(m.state().code()).build();
    }
}
