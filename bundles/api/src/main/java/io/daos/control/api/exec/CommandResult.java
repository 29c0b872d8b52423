package io.daos.control.api.exec;

/**
 * How a {@link Command} ended.
 *
 * @param exitCode  the child's exit status ({@code 128 + n} when signal {@code n} ended it, as
 *                  after the kill of a timeout; {@code -1} if it could not be waited for)
 * @param stdout    what it wrote to stdout (UTF-8), at most {@link Command#outputLimit()} bytes
 * @param stderr    what it wrote to stderr, likewise
 * @param timedOut  whether it was killed for running past {@link Command#timeout()}
 * @param truncated whether output beyond {@link Command#outputLimit()} was dropped
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated) {

    /** Whether the command finished in time with exit status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
