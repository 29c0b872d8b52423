package io.daos.control.management.internal.db;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.daos.control.api.system.MemberState;

/**
 * A change to the system DB, as a Raft log entry will carry it. Every command encodes to a version
 * byte, a tag byte and its fields ({@link #encode()}), and {@link #decode(byte[])} gives it back equal.
 */
public sealed interface Command {

    /** The encoding version this code writes and reads. */
    int VERSION = 1;

    /**
     * Seeds an empty DB with the bootstrap replica as its only member (dRPC CREATE_MS with bootstrap).
     */
    record Bootstrap(UUID uuid, long rank, String addr, String uri, int nctxs) implements Command {
        /** Checks for nulls. */
        public Bootstrap {
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(addr, "addr");
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** A server joins, asking for a rank or for {@link SystemDb#NIL_RANK} (SPEC-SYSTEM §1.6). */
    record Join(UUID uuid, long rank, String addr, String uri, int nctxs) implements Command {
        /** Checks for nulls. */
        public Join {
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(addr, "addr");
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** Sets the state (and the reason for it) of a member. */
    record UpdateState(long rank, MemberState state, String reason) implements Command {
        /** Checks for nulls. */
        public UpdateState {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Sets the states of several members as one change: the results of a whole stage of a system
     * command (stop, start, query) are one log entry, not one per rank. Applied in order; a rank the
     * DB does not hold is skipped and the others are set all the same (see
     * {@link SystemDb#apply(Command)}).
     */
    record UpdateStates(List<UpdateState> changes) implements Command {
        /** Copies the list. */
        public UpdateStates {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Records a pool as Creating on the given target ranks, with the service replica ranks it is
     * being created on (the engines that will hold its data-plane state; empty in the commands of
     * the first encoding of this tag, which did not carry them).
     */
    record PoolCreateBegin(UUID uuid, List<Long> targets, long scmBytes, long nvmeBytes, List<Long> replicas)
            implements Command {
        /** Copies the lists. */
        public PoolCreateBegin {
            Objects.requireNonNull(uuid, "uuid");
            targets = List.copyOf(targets);
            replicas = List.copyOf(replicas);
        }

        /** Without planned replicas. */
        public PoolCreateBegin(UUID uuid, List<Long> targets, long scmBytes, long nvmeBytes) {
            this(uuid, targets, scmBytes, nvmeBytes, List.of());
        }
    }

    /** Marks a Creating pool Ready with its service replicas. */
    record PoolReady(UUID uuid, List<Long> svcRanks) implements Command {
        /** Copies the list. */
        public PoolReady {
            Objects.requireNonNull(uuid, "uuid");
            svcRanks = List.copyOf(svcRanks);
        }
    }

    /** Marks a Ready pool Destroying. */
    record PoolDestroyBegin(UUID uuid) implements Command {
        /** Checks for null. */
        public PoolDestroyBegin {
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    /** Removes a pool from the directory, whatever its state (a failed create, a finished destroy). */
    record PoolRemove(UUID uuid) implements Command {
        /** Checks for null. */
        public PoolRemove {
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    /** This command as bytes. */
    default byte[] encode() {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            write(this, out);
        });
    }

    /**
     * The command the bytes encode.
     *
     * @throws IllegalArgumentException for an unknown version or tag, or truncated or trailing bytes
     */
    static Command decode(byte[] bytes) {
        return Codec.decode(bytes, "command", in -> {
            Codec.version(in, VERSION, "command");
            return read(in);
        });
    }

    private static void write(Command c, DataOutputStream out) throws IOException {
        if (c instanceof Bootstrap b) {
            out.writeByte(1);
            server(out, b.uuid(), b.rank(), b.addr(), b.uri(), b.nctxs());
        } else if (c instanceof Join j) {
            out.writeByte(2);
            server(out, j.uuid(), j.rank(), j.addr(), j.uri(), j.nctxs());
        } else if (c instanceof UpdateState u) {
            out.writeByte(3);
            state(out, u);
        } else if (c instanceof UpdateStates u) {
            out.writeByte(9);
            out.writeInt(u.changes().size());
            for (UpdateState one : u.changes()) {
                state(out, one);
            }
        } else if (c instanceof PoolCreateBegin p) {
            // tag 4 (no replicas) stays readable; tag 8 adds the planned replicas
            out.writeByte(p.replicas().isEmpty() ? 4 : 8);
            Codec.uuid(out, p.uuid());
            Codec.ranks(out, p.targets());
            out.writeLong(p.scmBytes());
            out.writeLong(p.nvmeBytes());
            if (!p.replicas().isEmpty()) {
                Codec.ranks(out, p.replicas());
            }
        } else if (c instanceof PoolReady p) {
            out.writeByte(5);
            Codec.uuid(out, p.uuid());
            Codec.ranks(out, p.svcRanks());
        } else if (c instanceof PoolDestroyBegin p) {
            out.writeByte(6);
            Codec.uuid(out, p.uuid());
        } else {
            out.writeByte(7);
            Codec.uuid(out, ((PoolRemove) c).uuid());
        }
    }

    private static void server(DataOutputStream out, UUID uuid, long rank, String addr, String uri, int nctxs)
            throws IOException {
        Codec.uuid(out, uuid);
        Codec.rank(out, rank);
        out.writeUTF(addr);
        out.writeUTF(uri);
        out.writeInt(nctxs);
    }

    private static void state(DataOutputStream out, UpdateState u) throws IOException {
        Codec.rank(out, u.rank());
        out.writeByte(u.state().code());
        out.writeUTF(u.reason());
    }

    private static UpdateState state(DataInputStream in) throws IOException {
        return new UpdateState(Codec.rank(in), MemberState.fromCode(in.readUnsignedByte()), in.readUTF());
    }

    private static Command read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 1:
            case 2: {
                UUID uuid = Codec.uuid(in);
                long rank = Codec.rank(in);
                String addr = in.readUTF();
                String uri = in.readUTF();
                int nctxs = in.readInt();
                return tag == 1 ? new Bootstrap(uuid, rank, addr, uri, nctxs) : new Join(uuid, rank, addr, uri, nctxs);
            }
            case 3:
                return state(in);
            case 9: {
                // each change is at least a rank, a state and an empty reason: 7 bytes
                int n = Codec.count(in, 7);
                List<UpdateState> changes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    changes.add(state(in));
                }
                return new UpdateStates(changes);
            }
            case 4:
                return new PoolCreateBegin(Codec.uuid(in), Codec.ranks(in), in.readLong(), in.readLong());
            case 8:
                return new PoolCreateBegin(Codec.uuid(in), Codec.ranks(in), in.readLong(), in.readLong(),
                        Codec.ranks(in));
            case 5:
                return new PoolReady(Codec.uuid(in), Codec.ranks(in));
            case 6:
                return new PoolDestroyBegin(Codec.uuid(in));
            case 7:
                return new PoolRemove(Codec.uuid(in));
            default:
                throw new IllegalArgumentException("command: unknown tag " + tag);
        }
    }
}
