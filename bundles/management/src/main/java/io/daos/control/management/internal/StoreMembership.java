package io.daos.control.management.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.system.Member;
import io.daos.control.api.system.MemberState;
import io.daos.control.api.system.Rank;
import io.daos.control.api.system.SystemMembership;
import io.daos.control.management.internal.db.Command;
import io.daos.control.management.internal.db.Result;
import io.daos.control.management.internal.db.SystemDb;
import io.daos.control.management.internal.db.SystemStore;

/**
 * The membership registry (SPEC-SYSTEM §1.7) kept in the system DB: changes go through the log as
 * commands (through the leader, from any access point); reads look at the state applied after a
 * linearizable barrier ({@link SystemStore#sync()}), so that a follower never answers from a stale
 * copy.
 */
final class StoreMembership implements SystemMembership {

    private static final Logger LOG = Logger.getLogger(StoreMembership.class.getName());

    private final SystemStore store;

    /** Over {@code store} (which may wait for the DB to open). */
    StoreMembership(SystemStore store) {
        this.store = store;
    }

    /**
     * The local MS registration (the harness is the only caller): a rank the DB holds with this
     * UUID only changes state; anything else seeds the DB with this replica
     * ({@link Command.Bootstrap}), which starts a new system when the DB held another one (the
     * bootstrap replica was formatted anew).
     */
    @Override
    public boolean addOrUpdate(Member member) {
        SystemStore s = store;
        long rank = member.rank().value();
        Optional<io.daos.control.management.internal.db.Member> old = s.sync().member(rank);
        if (old.isPresent() && old.get().uuid().toString().equals(member.uuid())) {
            MemberState was = old.get().state();
            if (was != member.state()) {
                s.submit(new Command.UpdateState(rank, member.state(), ""));
                LOG.info(was != MemberState.UNKNOWN && rejoining(member.state())
                        ? "system member rejoined: " + toApi(old.get().withState(member.state(), ""))
                        : "rank " + member.rank() + " state " + was.label() + " -> " + member.state().label());
            }
            return false;
        }
        if (s.leadership().peers() > 1) {
            // with several access points members join, even the replicas: a registration never
            // bootstraps (a replica behind the others could otherwise start a new system)
            LOG.warning("system member " + member + " not recorded: unknown to the system DB (it joins first)");
            return false;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(member.uuid());
        } catch (IllegalArgumentException e) {
            LOG.warning("system member not recorded: UUID " + member.uuid() + " does not parse");
            return false;
        }
        boolean replaced = !s.sync().members().isEmpty();
        Result r = s.submit(new Command.Bootstrap(uuid, rank, member.address(), "", 0));
        if (!r.succeeded()) {
            LOG.warning("system member " + member + " not recorded: status " + r.status());
            return false;
        }
        if (replaced) {
            LOG.warning("system DB started anew: the bootstrap replica " + member.uuid() + " at rank " + rank
                    + " is not the one the DB held (its storage was formatted); earlier members and pools dropped");
        }
        if (member.state() != MemberState.STARTED) {
            s.submit(new Command.UpdateState(r.rank(), member.state(), ""));
        }
        LOG.info("system member added: " + member);
        return true;
    }

    @Override
    public Optional<Member> member(Rank rank) {
        return store.sync().member(rank.value()).map(StoreMembership::toApi);
    }

    @Override
    public List<Member> members(MemberState... excluded) {
        EnumSet<MemberState> skip = EnumSet.noneOf(MemberState.class);
        skip.addAll(List.of(excluded));
        List<Member> out = new ArrayList<>();
        for (io.daos.control.management.internal.db.Member m : store.sync().members()) {
            if (!skip.contains(m.state())) {
                out.add(toApi(m));
            }
        }
        return out;
    }

    @Override
    public boolean updateState(Rank rank, MemberState state) {
        SystemStore s = store;
        Optional<io.daos.control.management.internal.db.Member> old = s.sync().member(rank.value());
        if (old.isEmpty()) {
            return false;
        }
        if (old.get().state() == state) {
            return true;
        }
        return s.submit(new Command.UpdateState(rank.value(), state, "")).succeeded();
    }

    /**
     * One {@link Command.UpdateStates} for every rank whose state changes; ranks the DB does not
     * hold and ranks already in the state asked are left out, and nothing is submitted when no rank
     * changes (nothing is read either when none is asked). Unknown ranks are answered in the order of {@code states}, those the synchronized
     * state did not hold and, should the command still find one missing (a new bootstrap in between
     * dropped the members), those it skipped.
     */
    @Override
    public List<Rank> updateStates(Map<Rank, MemberState> states) {
        if (states.isEmpty()) {
            return List.of(); // not even a read barrier
        }
        SystemStore s = store;
        SystemDb now = s.sync();
        List<Rank> unknown = new ArrayList<>();
        List<Command.UpdateState> changes = new ArrayList<>();
        states.forEach((rank, state) -> {
            Optional<io.daos.control.management.internal.db.Member> old = now.member(rank.value());
            if (old.isEmpty()) {
                unknown.add(rank);
            } else if (old.get().state() != state) {
                changes.add(new Command.UpdateState(rank.value(), state, ""));
            }
        });
        if (changes.isEmpty()) {
            return unknown;
        }
        Result r = s.submit(new Command.UpdateStates(changes));
        if (r.status() == Der.NONEXIST) {
            SystemDb after = s.view();
            for (Command.UpdateState c : changes) {
                if (after.member(c.rank()).isEmpty()) {
                    unknown.add(Rank.of(c.rank()));
                }
            }
        }
        return unknown;
    }

    /** A member that comes back registers Unknown (spawned) or Started (joined). */
    static boolean rejoining(MemberState now) {
        return now == MemberState.UNKNOWN || now == MemberState.STARTED;
    }

    static Member toApi(io.daos.control.management.internal.db.Member m) {
        return new Member(Rank.of(m.rank()), m.uuid().toString(), m.addr(), m.state());
    }
}
