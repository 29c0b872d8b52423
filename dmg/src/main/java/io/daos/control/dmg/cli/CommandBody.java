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

    /**
     * Whether the command needs the pre-processing (steps 1–8: configuration, host list,
     * certificates) before it runs; only our {@code completion}, which prints what the command
     * tree holds, does not: it runs with any configuration, or none.
     */
    default boolean needsConfig() {
        return true;
    }
}
