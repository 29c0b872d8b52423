package io.daos.control.management.internal.db;

import io.daos.control.api.drpc.Der;


/**
 * What applying one command answered.
 *
 * @param status      0 or a negative DER
 * @param rank        the rank a Join was given; {@link SystemDb#NIL_RANK} for other commands and errors
 * @param in          for a Join: whether the member is IN (false: OUT, an evicted server)
 * @param mapVersion  the system map version after the command
 */
public record Result(int status, long rank, boolean in, long mapVersion) {

    /** The encoding version this code writes and reads. */
    public static final int VERSION = 1;

    static Result ok(long mapVersion) {
        return new Result(Der.SUCCESS, SystemDb.NIL_RANK, false, mapVersion);
    }

    /** A refusal with {@code status}, leaving the map at {@code mapVersion}. */
    public static Result error(int status, long mapVersion) {
        return new Result(status, SystemDb.NIL_RANK, false, mapVersion);
    }

    /** This result as bytes: a version byte, then status, rank, in and map version, as a Raft reply carries it. */
    public byte[] encode() {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            out.writeInt(status);
            Codec.rank(out, rank);
            out.writeBoolean(in);
            out.writeLong(mapVersion);
        });
    }

    /**
     * The result the bytes encode.
     *
     * @throws IllegalArgumentException for an unknown version, or truncated or trailing bytes
     */
    public static Result decode(byte[] bytes) {
        return Codec.decode(bytes, "result", in -> {
            Codec.version(in, VERSION, "result");
            return new Result(in.readInt(), Codec.rank(in), in.readBoolean(), in.readLong());
        });
    }

    /** Whether the command succeeded. */
    public boolean succeeded() {
        return status == Der.SUCCESS;
    }
}
