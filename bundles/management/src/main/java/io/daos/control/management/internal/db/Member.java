package io.daos.control.management.internal.db;

import java.util.Objects;
import java.util.UUID;

import io.daos.control.api.system.MemberState;

/**
 * One server (engine instance) in the system map, as the system DB keeps it.
 *
 * @param rank    the rank, 0..4294967294
 * @param uuid    the instance's superblock UUID
 * @param addr    the control address the Join carried
 * @param uri     the fabric URI
 * @param nctxs   the number of CaRT contexts
 * @param state   the member state
 * @param reason  why the state was last set; empty when there is nothing to say
 */
public record Member(long rank, UUID uuid, String addr, String uri, int nctxs, MemberState state, String reason) {

    /** Checks that nothing is null. */
    public Member {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** The same member with another state and reason. */
    public Member withState(MemberState s, String why) {
        return new Member(rank, uuid, addr, uri, nctxs, s, why);
    }

    /** Whether the data plane would see this member's flags as IN (everything but Evicted). */
    public boolean in() {
        return state != MemberState.EVICTED;
    }
}
