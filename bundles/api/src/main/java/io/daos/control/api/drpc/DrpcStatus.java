package io.daos.control.api.drpc;

/**
 * The transport-level outcome of a dRPC call, {@code drpc.Status} of WIRE.md §3.15 / §4.2, with
 * its wire numbers. Method-level errors are not statuses: they travel as {@link #SUCCESS} with a
 * negative {@code status} inside the reply body.
 */
public enum DrpcStatus {
    /** The method ran; its reply (possibly empty) is the body. */
    SUCCESS(0),
    /** Never on the wire (the C library fabricates it locally for asynchronous sends). */
    SUBMITTED(1),
    /** Generic handler failure; no body. */
    FAILURE(2),
    /** No handler registered for the module id. */
    UNKNOWN_MODULE(3),
    /** The module is known but not the method id. */
    UNKNOWN_METHOD(4),
    /** The packet is not a valid {@code drpc.Call}; the reply's sequence is -1. */
    FAILED_UNMARSHAL_CALL(5),
    /** The body is not a valid request for that method. */
    FAILED_UNMARSHAL_PAYLOAD(6),
    /** The handler could not build or serialize its reply. */
    FAILED_MARSHAL(7);

    private static final DrpcStatus[] BY_NUMBER = values();

    private final int number;

    DrpcStatus(int number) {
        this.number = number;
    }

    /** The wire number of this status. */
    public int number() {
        return number;
    }

    /**
     * The status with the given wire number.
     *
     * @param number a wire number
     * @return the status
     * @throws IllegalArgumentException if no status has that number
     */
    public static DrpcStatus forNumber(int number) {
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new IllegalArgumentException("unknown dRPC status number " + number);
        }
        return BY_NUMBER[number];
    }
}
