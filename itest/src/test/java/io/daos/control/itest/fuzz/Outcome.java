package io.daos.control.itest.fuzz;

/** How one fuzzed request ended. */
public enum Outcome {
    /** Answered (a reply, or a first streamed message). */
    OK("ok"),
    /** A status from the server other than a timeout, with a bounded message. */
    ERROR("clean error"),
    /** Our deadline passed without an answer. */
    DEADLINE("deadline"),
    /** The server process died or stopped answering. */
    CRASH("crash"),
    /**
     * Answered badly while the server lives: the connection failed under the call (a transport
     * failure, e.g. an HTTP/2 error or a reset stream), or a status message longer than
     * {@link Tally#MAX_MESSAGE} characters (a client-supplied value echoed whole).
     */
    BROKEN("broken");

    /** The column name of the report. */
    public final String label;

    Outcome(String label) {
        this.label = label;
    }
}
