package io.daos.control.management.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;

import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;

/** The in-memory membership registry (SPEC-SYSTEM §1.7), sorted by rank. */
@Component(service = SystemMembership.class)
public final class Membership implements SystemMembership {

    private static final Logger LOG = Logger.getLogger(Membership.class.getName());

    private final TreeMap<Rank, Member> members = new TreeMap<>();

    @Override
    public synchronized boolean addOrUpdate(Member member) {
        Member old = members.get(member.rank());
        if (old == null) {
            members.put(member.rank(), member);
            LOG.info("system member added: " + member);
            return true;
        }
        if (old.state() != member.state()) {
            members.put(member.rank(), old.withState(member.state()));
            LOG.info("rank " + member.rank() + " state " + old.state().label() + " -> " + member.state().label());
        }
        return false;
    }

    @Override
    public synchronized Optional<Member> member(Rank rank) {
        return Optional.ofNullable(members.get(rank));
    }

    @Override
    public synchronized List<Member> members(MemberState... excluded) {
        EnumSet<MemberState> skip = EnumSet.noneOf(MemberState.class);
        for (MemberState s : excluded) {
            skip.add(s);
        }
        List<Member> out = new ArrayList<>();
        for (Member m : members.values()) {
            if (!skip.contains(m.state())) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public synchronized boolean updateState(Rank rank, MemberState state) {
        Member old = members.get(rank);
        if (old == null) {
            return false;
        }
        members.put(rank, old.withState(state));
        return true;
    }

    @Override
    public synchronized void remove(Rank rank) {
        members.remove(rank);
    }
}
