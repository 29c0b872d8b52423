package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.daos.control.api.exec.Command;
import io.daos.control.api.exec.CommandResult;
import io.daos.control.api.exec.CommandRunner;
import io.daos.control.api.exec.Executables;

/**
 * The external tools of the SCM provider ({@code mkfs.ext4}, {@code file}, {@code ndctl},
 * {@code ipmctl}): looked up on {@code PATH}, then in {@code /usr/sbin} and {@code /sbin} (the
 * reference appends {@code /usr/sbin} to its PATH), run by the api's {@link CommandRunner}, with
 * failures in the reference's words: {@code exit status <n>: stdout: <stdout>; stderr: <stderr>}.
 */
final class Tools {

    private static final Path[] SBIN = {Path.of("/usr/sbin"), Path.of("/sbin")};

    private Tools() {
    }

    /** The executable {@code name} on PATH (then /usr/sbin, /sbin), empty when not found. */
    static Optional<Path> find(String name) {
        return Executables.find(name, System.getenv("PATH"), SBIN);
    }

    /**
     * Runs {@code argv} (argv[0] looked up with {@link #find(String)} unless it is a path) and
     * returns its stdout.
     *
     * @param missing        the message when argv[0] is not found
     * @param timeoutSeconds the process and its children are killed after this long
     * @throws IOException not found, start failure, timeout, non-zero exit, or interrupted (the
     *                     interrupt status is kept)
     */
    static String run(List<String> argv, String missing, long timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>(argv);
        String exe = cmd.get(0);
        if (!exe.contains("/")) {
            cmd.set(0, find(exe).orElseThrow(() -> new IOException(missing)).toString());
        }
        CommandResult r;
        try {
            r = CommandRunner.run(Command.of(cmd).withTimeout(Duration.ofSeconds(timeoutSeconds)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + exe, e);
        }
        if (r.timedOut()) {
            throw new IOException(String.join(" ", argv) + ": timed out after " + timeoutSeconds + "s");
        }
        if (r.exitCode() != 0) {
            throw new IOException("exit status " + r.exitCode() + ": stdout: " + r.stdout().trim() + "; stderr: "
                    + r.stderr().trim());
        }
        return r.stdout();
    }
}
