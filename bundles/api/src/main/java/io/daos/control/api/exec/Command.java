package io.daos.control.api.exec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An external command for {@link CommandRunner}: what to run and under which limits. Immutable;
 * {@link #of} gives the defaults and each {@code with...} method a changed copy.
 *
 * @param argv               the program and its arguments; a program without {@code /} is looked
 *                           up on this process's {@code PATH} ({@link Executables#onPath(String)})
 * @param environment        variables set for the child, in order, on top of what it inherits
 * @param inheritEnvironment whether the child starts from this process's environment (else from
 *                           {@link #environment} alone)
 * @param timeout            how long the child may run before it and its descendants are killed
 * @param outputLimit        how many bytes of stdout, and of stderr, are kept; the rest is read
 *                           and dropped, so the child never blocks on a full pipe
 */
public record Command(List<String> argv, Map<String, String> environment, boolean inheritEnvironment,
        Duration timeout, int outputLimit) {

    /** The timeout of {@link #of}: ten minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** The output bound of {@link #of}, per stream: 4 MiB. */
    public static final int DEFAULT_OUTPUT_LIMIT = 4 << 20;

    /**
     * @throws IllegalArgumentException an empty argv, a variable name that is empty or holds
     *                                  {@code =}, a timeout that is not positive, a negative limit
     * @throws NullPointerException     a null argument, argument string or variable
     */
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> env.put(checkName(k), Objects.requireNonNull(v, k)));
        environment = Collections.unmodifiableMap(env);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (outputLimit < 0) {
            throw new IllegalArgumentException("negative output limit: " + outputLimit);
        }
    }

    private static String checkName(String name) {
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name \"" + name + "\"");
        }
        return name;
    }

    /** {@code argv} with this process's environment, {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_OUTPUT_LIMIT}. */
    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), true, DEFAULT_TIMEOUT, DEFAULT_OUTPUT_LIMIT);
    }

    /** {@link #of(List)} of the given words. */
    public static Command of(String... argv) {
        return of(List.of(argv));
    }

    /** This command with {@code name=value} added to the child's environment (replacing an earlier value). */
    public Command withEnv(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.remove(name);
        env.put(name, value);
        return new Command(argv, env, inheritEnvironment, timeout, outputLimit);
    }

    /** This command with the child's environment made of {@link #environment} alone. */
    public Command withoutInheritedEnvironment() {
        return new Command(argv, environment, false, timeout, outputLimit);
    }

    /** This command with another timeout. */
    public Command withTimeout(Duration t) {
        return new Command(argv, environment, inheritEnvironment, t, outputLimit);
    }

    /** This command keeping at most {@code bytes} of stdout and of stderr. */
    public Command withOutputLimit(int bytes) {
        return new Command(argv, environment, inheritEnvironment, timeout, bytes);
    }

    /** The command line, its words joined by spaces. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
