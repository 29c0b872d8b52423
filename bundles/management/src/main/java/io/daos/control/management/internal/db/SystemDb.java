package io.daos.control.management.internal.db;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.daos.control.api.drpc.Der;
import io.daos.control.api.system.MemberState;

/**
 * The system DB: the system map (members by rank, UUID to rank, {@code map_version},
 * {@code rank_next}) and the pool directory (SPEC-SYSTEM §1.8). It changes only through
 * {@link #apply(Command)}, which depends on nothing but the state and the command, so replicas
 * that apply the same log agree. Readers get immutable values. All methods are synchronized.
 */
public final class SystemDb {

    /** The rank that asks for allocation: 4294967295. */
    public static final long NIL_RANK = 0xFFFFFFFFL;
    /** The highest rank a member can have. */
    public static final long MAX_RANK = NIL_RANK - 1;
    /** Control addresses and fabric URIs must be shorter than this (SPEC-SYSTEM §1.6). */
    public static final int MAX_ADDR = 128;
    /** The snapshot encoding version this code writes and reads. */
    public static final int SNAPSHOT_VERSION = 1;
    /** The reason given to members whose state a restart reset. */
    public static final String RESTART_REASON = "system DB reloaded";

    private final TreeMap<Long, Member> members = new TreeMap<>();
    private final Map<UUID, Long> ranksByUuid = new HashMap<>();
    private final Map<UUID, PoolRecord> pools = new LinkedHashMap<>();
    private long rankNext;
    private long mapVersion;

    /** An empty DB: no members, no pools, map version 0, {@code rank_next} 0. */
    public SystemDb() {
    }

    /**
     * Applies one command and answers what the data plane would; a refused command changes nothing.
     * The one exception is {@link Command.UpdateStates}, which is never refused as a whole: it sets
     * every member it names that the DB holds, skips the ranks it does not hold, and answers
     * {@link Der#NONEXIST} when it skipped any ({@link Der#SUCCESS} otherwise), as
     * {@link Command.UpdateState} answers for its one rank.
     */
    public synchronized Result apply(Command c) {
        if (c instanceof Command.Bootstrap b) {
            return bootstrap(b);
        } else if (c instanceof Command.Join j) {
            return join(j);
        } else if (c instanceof Command.UpdateState u) {
            return Result.error(updateState(u) ? Der.SUCCESS : Der.NONEXIST, mapVersion);
        } else if (c instanceof Command.UpdateStates u) {
            boolean all = true;
            for (Command.UpdateState one : u.changes()) {
                all &= updateState(one);
            }
            return Result.error(all ? Der.SUCCESS : Der.NONEXIST, mapVersion);
        }
        return applyPool(c);
    }

    /**
     * Sets one member's state and reason (the map version stays: states are not part of the map the
     * engines see).
     *
     * @return false when no member has the rank (nothing changed)
     */
    private boolean updateState(Command.UpdateState u) {
        Member m = members.get(u.rank());
        if (m == null) {
            return false;
        }
        members.put(u.rank(), m.withState(u.state(), u.reason()));
        return true;
    }

    /**
     * Seeds the DB with the bootstrap replica. The same replica again is {@link Der#ALREADY}; another
     * one (a new UUID, or a rank the DB does not hold) means the bootstrap replica's storage was
     * formatted anew, which in the reference creates a new system: the old members and pools are
     * dropped and the DB seeded again.
     */
    private Result bootstrap(Command.Bootstrap b) {
        if (b.rank() > MAX_RANK || !shortEnough(b.addr(), b.uri())) {
            return Result.error(Der.INVAL, mapVersion);
        }
        Member same = members.get(b.rank());
        if (same != null && same.uuid().equals(b.uuid())) {
            return Result.error(Der.ALREADY, mapVersion);
        }
        boolean replaced = !members.isEmpty();
        members.clear();
        ranksByUuid.clear();
        pools.clear();
        add(new Member(b.rank(), b.uuid(), b.addr(), b.uri(), b.nctxs(), MemberState.STARTED, ""));
        rankNext = b.rank() == 0 ? 1 : 0;
        mapVersion = replaced ? mapVersion + 1 : 1;   // a map version never goes down
        return new Result(Der.SUCCESS, b.rank(), true, mapVersion);
    }

    /**
     * SPEC-SYSTEM §1.6, data-plane side. The allocation floor is always the persisted
     * {@code rank_next}; an explicit rank leaves it alone (the reference overwrites its in-memory
     * copy with garbage there, which we do not copy). Because ranks are never freed, the lowest free
     * rank at or above the persisted floor is the one the reference's in-memory floor gives.
     */
    private Result join(Command.Join j) {
        if (!shortEnough(j.addr(), j.uri())) {
            return Result.error(Der.INVAL, mapVersion);
        }
        Long known = ranksByUuid.get(j.uuid());
        if (known != null) {
            if (j.rank() != NIL_RANK && j.rank() != known) {
                return Result.error(Der.PROTO, mapVersion);
            }
            Member m = members.get(known);
            if (!m.in()) {
                return new Result(Der.SUCCESS, known, false, mapVersion);
            }
            Member rejoined = new Member(known, m.uuid(), j.addr(), j.uri(), j.nctxs(), MemberState.STARTED, "");
            if (!sameMapEntry(m, rejoined)) {
                mapVersion++;
            }
            members.put(known, rejoined);
            return new Result(Der.SUCCESS, known, true, mapVersion);
        }
        long rank;
        if (j.rank() == NIL_RANK) {
            rank = lowestFree(rankNext);
            if (rank > MAX_RANK) {
                return Result.error(Der.OOG, mapVersion);
            }
            rankNext = rank + 1;
        } else if (j.rank() > MAX_RANK) {
            return Result.error(Der.INVAL, mapVersion);
        } else if (members.containsKey(j.rank())) {
            return Result.error(Der.EXIST, mapVersion);
        } else {
            rank = j.rank();
        }
        add(new Member(rank, j.uuid(), j.addr(), j.uri(), j.nctxs(), MemberState.STARTED, ""));
        mapVersion++;
        return new Result(Der.SUCCESS, rank, true, mapVersion);
    }

    private static boolean sameMapEntry(Member a, Member b) {
        return a.addr().equals(b.addr()) && a.uri().equals(b.uri()) && a.nctxs() == b.nctxs();
    }

    private long lowestFree(long floor) {
        long r = floor;
        for (long taken : members.tailMap(floor, true).keySet()) {
            if (taken != r) {
                break;
            }
            r++;
        }
        return r;
    }

    private static boolean shortEnough(String addr, String uri) {
        return addr.length() < MAX_ADDR && uri.length() < MAX_ADDR;
    }

    private void add(Member m) {
        members.put(m.rank(), m);
        ranksByUuid.put(m.uuid(), m.rank());
    }

    /** SPEC-SYSTEM §4.4.1–4.4.2 as directory transitions; anything else is refused with its DER. */
    private Result applyPool(Command c) {
        if (c instanceof Command.PoolCreateBegin p) {
            PoolRecord old = pools.get(p.uuid());
            if (old != null) {
                // the reference crashes on READY/DESTROYING; §4.4.1 recommends DER_ALREADY
                return Result.error(old.state() == PoolState.CREATING ? Der.AGAIN : Der.ALREADY, mapVersion);
            }
            TreeSet<Long> targets = new TreeSet<>(p.targets());
            if (targets.isEmpty() || p.scmBytes() < 0 || p.nvmeBytes() < 0) {
                return Result.error(Der.INVAL, mapVersion);
            }
            if (!members.keySet().containsAll(targets)) {
                return Result.error(Der.OOG, mapVersion);
            }
            if (!targets.containsAll(p.replicas()) || new TreeSet<>(p.replicas()).size() != p.replicas().size()) {
                return Result.error(Der.INVAL, mapVersion);
            }
            pools.put(p.uuid(), new PoolRecord(p.uuid(), PoolState.CREATING, p.replicas(), new ArrayList<>(targets),
                    p.scmBytes(), p.nvmeBytes()));
            return Result.ok(mapVersion);
        }
        if (c instanceof Command.PoolReady p) {
            PoolRecord old = pools.get(p.uuid());
            if (old == null) {
                return Result.error(Der.NONEXIST, mapVersion);
            }
            if (old.state() != PoolState.CREATING) {
                return Result.error(old.state() == PoolState.READY ? Der.ALREADY : Der.INVAL, mapVersion);
            }
            if (p.svcRanks().isEmpty() || !old.targets().containsAll(p.svcRanks())
                    || new TreeSet<>(p.svcRanks()).size() != p.svcRanks().size()) {
                return Result.error(Der.INVAL, mapVersion);
            }
            pools.put(p.uuid(), old.with(PoolState.READY, p.svcRanks()));
            return Result.ok(mapVersion);
        }
        if (c instanceof Command.PoolDestroyBegin p) {
            PoolRecord old = pools.get(p.uuid());
            if (old == null) {
                return Result.error(Der.NONEXIST, mapVersion);
            }
            if (old.state() == PoolState.CREATING) {
                return Result.error(Der.AGAIN, mapVersion);
            }
            pools.put(p.uuid(), old.with(PoolState.DESTROYING, old.svcRanks()));
            return Result.ok(mapVersion);
        }
        UUID uuid = ((Command.PoolRemove) c).uuid();
        return Result.error(pools.remove(uuid) == null ? Der.NONEXIST : Der.SUCCESS, mapVersion);
    }

    /** All members, by rank ascending. */
    public synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    /** The member with this rank, if any. */
    public synchronized Optional<Member> member(long rank) {
        return Optional.ofNullable(members.get(rank));
    }

    /** The rank of the member with this UUID, if any. */
    public synchronized Optional<Long> rankOf(UUID uuid) {
        return Optional.ofNullable(ranksByUuid.get(uuid));
    }

    /** All pools, in the order they were recorded. */
    public synchronized List<PoolRecord> pools() {
        return List.copyOf(pools.values());
    }

    /** The pool with this UUID, if any. */
    public synchronized Optional<PoolRecord> pool(UUID uuid) {
        return Optional.ofNullable(pools.get(uuid));
    }

    /** The persisted {@code rank_next}: the floor for the next allocated rank. */
    public synchronized long rankNext() {
        return rankNext;
    }

    /** The system map version. */
    public synchronized long mapVersion() {
        return mapVersion;
    }

    /**
     * What a process starting over this state must believe: no member is known to run, so every
     * member but an evicted one becomes Stopped with {@link #RESTART_REASON} until it joins again.
     * Pools are left as they are (a Creating one is for the caller to resolve).
     */
    public synchronized void markRestarted() {
        for (Map.Entry<Long, Member> e : members.entrySet()) {
            Member m = e.getValue();
            if (m.state() != MemberState.EVICTED && m.state() != MemberState.STOPPED) {
                e.setValue(m.withState(MemberState.STOPPED, RESTART_REASON));
            }
        }
    }

    /** The whole state as bytes ({@link #SNAPSHOT_VERSION}). */
    public synchronized byte[] snapshot() {
        return Codec.encode(this::write);
    }

    /**
     * The state a snapshot holds, as it was (see {@link #loadAfterRestart(byte[])} for a process start).
     *
     * @throws IllegalArgumentException for bytes that are not a snapshot of this version
     */
    public static SystemDb restore(byte[] bytes) {
        return Codec.decode(bytes, "snapshot", SystemDb::read);
    }

    /** {@link #restore(byte[])} then {@link #markRestarted()}: what a starting process loads. */
    public static SystemDb loadAfterRestart(byte[] bytes) {
        SystemDb db = restore(bytes);
        db.markRestarted();
        return db;
    }

    private void write(DataOutputStream out) throws IOException {
        out.writeByte(SNAPSHOT_VERSION);
        out.writeLong(mapVersion);
        Codec.rank(out, rankNext);
        out.writeInt(members.size());
        for (Member m : members.values()) {
            Codec.rank(out, m.rank());
            Codec.uuid(out, m.uuid());
            out.writeUTF(m.addr());
            out.writeUTF(m.uri());
            out.writeInt(m.nctxs());
            out.writeByte(m.state().code());
            out.writeUTF(m.reason());
        }
        out.writeInt(pools.size());
        for (PoolRecord p : pools.values()) {
            Codec.uuid(out, p.uuid());
            out.writeByte(p.state().ordinal());
            Codec.ranks(out, p.svcRanks());
            Codec.ranks(out, p.targets());
            out.writeLong(p.scmBytes());
            out.writeLong(p.nvmeBytes());
        }
    }

    private static SystemDb read(DataInputStream in) throws IOException {
        Codec.version(in, SNAPSHOT_VERSION, "snapshot");
        SystemDb db = new SystemDb();
        db.mapVersion = in.readLong();
        db.rankNext = Codec.rank(in);
        for (int n = Codec.count(in, 30); n > 0; n--) {
            Member m = new Member(Codec.rank(in), Codec.uuid(in), in.readUTF(), in.readUTF(), in.readInt(),
                    MemberState.fromCode(in.readUnsignedByte()), in.readUTF());
            if (db.members.containsKey(m.rank()) || db.ranksByUuid.containsKey(m.uuid())) {
                throw new IllegalArgumentException("snapshot: rank or uuid twice");
            }
            db.add(m);
        }
        for (int n = Codec.count(in, 41); n > 0; n--) {
            PoolRecord p = new PoolRecord(Codec.uuid(in), PoolState.fromOrdinal(in.readUnsignedByte()),
                    Codec.ranks(in), Codec.ranks(in), in.readLong(), in.readLong());
            if (db.pools.put(p.uuid(), p) != null) {
                throw new IllegalArgumentException("snapshot: pool twice");
            }
        }
        return db;
    }

    /** Same members, pools, map version and {@code rank_next}. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SystemDb other)) {
            return false;
        }
        if (other == this) {
            return true;
        }
        return other.members().equals(members()) && other.pools().equals(pools())
                && other.rankNext() == rankNext() && other.mapVersion() == mapVersion();
    }

    @Override
    public int hashCode() {
        return members().hashCode() * 31 + pools().hashCode();
    }

    @Override
    public synchronized String toString() {
        return "SystemDb{mapVersion=" + mapVersion + ", rankNext=" + rankNext + ", members=" + members.values()
                + ", pools=" + pools.values() + "}";
    }
}
