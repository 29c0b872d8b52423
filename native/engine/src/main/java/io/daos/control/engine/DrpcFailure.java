package io.daos.control.engine;

import io.daos.control.proto.drpc.Status;

/** A handler outcome other than SUCCESS at the dRPC level (no body is sent). */
public final class DrpcFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    public DrpcFailure(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
