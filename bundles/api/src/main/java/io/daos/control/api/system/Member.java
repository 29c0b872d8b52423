package io.daos.control.api.system;

import java.util.Objects;

/**
 * One system member as recorded by the access point (SPEC-SYSTEM §1.7): rank, instance UUID,
 * control address ({@code IP:port}) and state. Immutable; {@link #withState} makes a copy.
 */
public final class Member {

    private final Rank rank;
    private final String uuid;
    private final String address;
    private final MemberState state;

    /**
     * @throws NullPointerException if any argument is null
     */
    public Member(Rank rank, String uuid, String address, MemberState state) {
        this.rank = Objects.requireNonNull(rank, "rank");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.address = Objects.requireNonNull(address, "address");
        this.state = Objects.requireNonNull(state, "state");
    }

    public Rank rank() {
        return rank;
    }

    public String uuid() {
        return uuid;
    }

    /** Control address of the server managing the rank, {@code IP:port}. */
    public String address() {
        return address;
    }

    public MemberState state() {
        return state;
    }

    /** A copy with another state. */
    public Member withState(MemberState newState) {
        return new Member(rank, uuid, address, newState);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Member)) {
            return false;
        }
        Member m = (Member) o;
        return rank.equals(m.rank) && uuid.equals(m.uuid) && address.equals(m.address) && state == m.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rank, uuid, address, state);
    }

    @Override
    public String toString() {
        return "member " + address + "/" + rank + " (" + uuid + ", " + state.label() + ")";
    }
}
