package io.daos.control.api.drpc;

import java.util.Objects;

/**
 * A dRPC failure with the {@link DrpcStatus} that describes it. Thrown by a {@link DrpcModule}
 * handler to choose the status of its response (the message is then only logged), and by a
 * {@link DrpcClient} when the peer answered with a status other than {@link DrpcStatus#SUCCESS}
 * (message {@code bad dRPC response status: <NAME>}, as the reference words it) or when the
 * transport failed in a way that has a status (for example an oversize message:
 * {@link DrpcStatus#FAILED_MARSHAL}).
 */
public class DrpcException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DrpcStatus status;

    /**
     * @param status the status this failure maps to (not null)
     * @param message one-line description
     */
    public DrpcException(DrpcStatus status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * @param status the status this failure maps to (not null)
     * @param message one-line description
     * @param cause the underlying error
     */
    public DrpcException(DrpcStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * The exception a client raises for a response whose status is not SUCCESS.
     *
     * @param status the status the peer answered with
     * @return {@code bad dRPC response status: <NAME>}
     */
    public static DrpcException badResponseStatus(DrpcStatus status) {
        return new DrpcException(status, "bad dRPC response status: " + status.name());
    }

    /** The status of this failure. */
    public DrpcStatus status() {
        return status;
    }
}
