package io.daos.control.management.internal.db;

import io.daos.control.management.internal.Der;

/**
 * What applying one command answered.
 *
 * @param status      0 or a negative DER
 * @param rank        the rank a Join was given; {@link SystemDb#NIL_RANK} for other commands and errors
 * @param in          for a Join: whether the member is IN (false: OUT, an evicted server)
 * @param mapVersion  the system map version after the command
 */
public record Result(int status, long rank, boolean in, long mapVersion) {

    static Result ok(long mapVersion) {
        return new Result(Der.SUCCESS, SystemDb.NIL_RANK, false, mapVersion);
    }

    static Result error(int status, long mapVersion) {
        return new Result(status, SystemDb.NIL_RANK, false, mapVersion);
    }

    /** Whether the command succeeded. */
    public boolean succeeded() {
        return status == Der.SUCCESS;
    }
}
