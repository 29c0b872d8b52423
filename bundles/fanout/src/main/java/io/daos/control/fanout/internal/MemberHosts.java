package io.daos.control.fanout.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import io.daos.control.api.client.HarnessClient;
import io.daos.control.api.net.HostPort;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.Rank;

/**
 * The hosts of the system as the membership names them (SPEC-SYSTEM §2.1's {@code HostRanks}):
 * each member's control address with the ranks it holds, hosts in the order of their lowest rank,
 * ranks ascending. Also remembers which hosts the last system command reached, so that a host that
 * left the membership (no member there any more, or its members joined again from another address)
 * has its cached channel closed ({@link HarnessClient#forget}) instead of kept for ever. Thread-safe.
 */
final class MemberHosts {

    private static final Logger LOG = Logger.getLogger(MemberHosts.class.getName());

    private final Set<HostPort> known = new HashSet<>();

    /** The members (sorted by rank, as the membership lists them) grouped by host. */
    static Map<HostPort, List<Rank>> of(List<Member> members) {
        Map<HostPort, List<Rank>> hosts = new LinkedHashMap<>();
        for (Member m : members) {
            hosts.computeIfAbsent(HostPort.parse(m.address()), a -> new ArrayList<>()).add(m.rank());
        }
        return hosts;
    }

    /**
     * Records {@code now} as the member hosts and closes the client's channels to the hosts that
     * were members at the last call and are not any more.
     *
     * @return the hosts forgotten
     */
    synchronized Set<HostPort> retain(Set<HostPort> now, HarnessClient client) {
        Set<HostPort> gone = new HashSet<>(known);
        gone.removeAll(now);
        known.clear();
        known.addAll(now);
        for (HostPort h : gone) {
            LOG.fine(() -> "host " + h + " left the membership: its channel is closed");
            client.forget(h);
        }
        return gone;
    }
}
