package io.daos.control.fanout.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.daos.control.api.fault.Faults;
import io.daos.control.api.grpc.GrpcErrors;
import io.daos.control.api.harness.Harness;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.proto.ctl.SystemMember;
import io.daos.control.proto.ctl.SystemQueryReq;
import io.daos.control.proto.ctl.SystemQueryResp;
import io.daos.control.proto.mgmt.RanksResp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** {@code ctl.MgmtCtl/SystemQuery} on the access point (SPEC-SYSTEM §2.2), plain Java. */
final class SystemQueryService {

    private static final Logger LOG = Logger.getLogger(SystemQueryService.class.getName());
    private static final EnumSet<MemberState> REMEMBERED =
            EnumSet.of(MemberState.UNRESPONSIVE, MemberState.STOPPED, MemberState.ERRORED);

    /** Remote {@code mgmt.MgmtSvc/PingRanks} with an empty rank list to one control address. */
    @FunctionalInterface
    interface HostPinger {
        RanksResp ping(String address);
    }

    private final Supplier<Harness> harness;
    private final SystemMembership membership;
    private final HostPinger pinger;

    SystemQueryService(Supplier<Harness> harness, SystemMembership membership, HostPinger pinger) {
        this.harness = harness;
        this.membership = membership;
        this.pinger = pinger;
    }

    SystemQueryResp query(SystemQueryReq req) {
        Harness h = harness.get();
        if (h == null || !h.isStarted()) {
            throw GrpcErrors.fault(Faults.SERVER_HARNESS_NOT_STARTED);
        }
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

    /** Step 2: ping every member host, then move Started/Stopping members to what was seen. */
    private void refresh() {
        Map<String, List<Rank>> hosts = new LinkedHashMap<>();
        for (Member m : membership.members()) {
            hosts.computeIfAbsent(m.address(), a -> new java.util.ArrayList<>()).add(m.rank());
        }
        Map<Rank, MemberState> seen = new HashMap<>();
        for (Map.Entry<String, List<Rank>> host : hosts.entrySet()) {
            RanksResp resp;
            try {
                resp = pinger.ping(host.getKey());
            } catch (StatusRuntimeException e) {
                if (unreachable(e)) {
                    LOG.fine("host " + host.getKey() + " unreachable: " + e.getMessage());
                    host.getValue().forEach(r -> seen.put(r, MemberState.STOPPED));
                    continue;
                }
                throw e;
            }
            for (RanksResp.RankResult r : resp.getResultsList()) {
                MemberState s = MemberState.fromCode(r.getState());
                if (REMEMBERED.contains(s)) {
                    seen.put(Rank.fromBits(r.getRank()), s);
                }
            }
        }
        for (Member m : membership.members()) {
            MemberState s = seen.get(m.rank());
            if (s != null && (m.state() == MemberState.STARTED || m.state() == MemberState.STOPPING)) {
                membership.updateState(m.rank(), s);
            }
        }
    }

    /** Connection refused, no route, unknown host: the dial failed for good (§2.1). */
    static boolean unreachable(StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    static SystemMember toWire(Member m) {
        return SystemMember.newBuilder().setAddr(m.address()).setUuid(m.uuid()).setRank(m.rank().bits())
                .setState(m.state().code()).build();
    }
}
