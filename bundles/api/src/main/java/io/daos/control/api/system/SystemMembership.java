package io.daos.control.api.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The membership registry of the control server hosting the management service
 * (SPEC-SYSTEM §1.7): kept in the system DB, changed by local MS registration, Joins and the system commands. Published as
 * an OSGi service by the management bundle; the harness updates member states when its instances
 * exit. Thread-safe.
 */
public interface SystemMembership {

    /**
     * Inserts the member if its rank is new; otherwise changes only the state of the existing
     * record (UUID and address are kept).
     *
     * @return true if a new record was created
     */
    boolean addOrUpdate(Member member);

    /** The member with this rank, if any. */
    Optional<Member> member(Rank rank);

    /** All members sorted by rank ascending, skipping those whose state is in {@code excluded}. */
    List<Member> members(MemberState... excluded);

    /**
     * Sets the state of an existing member.
     *
     * @return false if no member has this rank (nothing changed)
     */
    boolean updateState(Rank rank, MemberState state);

    /**
     * Sets the states of several existing members as one change (the system commands apply a
     * whole stage's results at once: one write of the system DB, not one per rank). Ranks the
     * membership does not hold are skipped and answered. The default sets them one by one.
     *
     * @return the ranks of {@code states} that no member has (nothing changed for them)
     */
    default List<Rank> updateStates(Map<Rank, MemberState> states) {
        List<Rank> unknown = new ArrayList<>();
        states.forEach((rank, state) -> {
            if (!updateState(rank, state)) {
                unknown.add(rank);
            }
        });
        return unknown;
    }
}
