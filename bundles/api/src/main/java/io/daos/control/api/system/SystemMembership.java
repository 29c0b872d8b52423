package io.daos.control.api.system;

import java.util.List;
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
}
