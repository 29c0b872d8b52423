package io.daos.control.dmg.cli;

/** What one command does once the command line is parsed and the pre-processing has run. */
@FunctionalInterface
public interface CommandBody {

    /**
     * Runs the command; an exception's message is printed as {@code ERROR: dmg: <message>} and
     * the exit status is 1.
     */
    void run(CommandContext ctx) throws Exception;

    /** Whether the command needs connections (step 9); only {@code version} does not. */
    default boolean needsConnection() {
        return true;
    }
}
