package io.daos.control.itest.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The settings of a fuzz run, from system properties (see docs/fuzzing.md): {@code fuzz.seed}
 * (random when unset; printed either way), {@code fuzz.iterations} (requests per gRPC method,
 * 200 in CI, 10,000 in the long profiles: {@code -Pfuzz-long}, or {@code reliability.long=true}
 * whatever {@code fuzz.iterations} says), {@code fuzz.method} (only methods whose full name
 * contains it), {@code fuzz.index} (only that request: reproduces one finding),
 * {@code fuzz.parallel} (requests in flight per method), {@code fuzz.deadline.ms}, and
 * {@code fuzz.report.dir} where the report files go.
 */
public record FuzzRun(long seed, int iterations, String method, Integer index, int parallel, long deadlineMs,
        Path reportDir) {

    /** Requests per gRPC method of a long run ({@code -Pfuzz-long}, {@code -Dreliability.long=true}). */
    public static final int LONG_ITERATIONS = 10_000;

    /** The settings of this JVM. */
    public static FuzzRun fromSystemProperties() {
        String s = System.getProperty("fuzz.seed", "");
        long seed = s.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(s.trim());
        String m = System.getProperty("fuzz.method", "");
        String i = System.getProperty("fuzz.index", "");
        int iterations = Integer.getInteger("fuzz.iterations", 200);
        if (Boolean.getBoolean("reliability.long")) { // the reliability suite's long profile: the long fuzz run
            iterations = Math.max(iterations, LONG_ITERATIONS);
        }
        return new FuzzRun(seed, iterations, m.isBlank() ? null : m,
                i.isBlank() ? null : Integer.valueOf(i.trim()), Integer.getInteger("fuzz.parallel", 4),
                Long.getLong("fuzz.deadline.ms", 10_000), Path.of(System.getProperty("fuzz.report.dir", "target")));
    }

    /** The first request index sent to a target. */
    public int from() {
        return index != null ? index : 0;
    }

    /** One past the last request index sent to a target that gets {@code count} requests in a full run. */
    public int to(int count) {
        return index != null ? index + 1 : count;
    }

    /** Whether {@code target} is fuzzed in this run. */
    public boolean includes(String target) {
        return method == null || target.contains(method);
    }

    /** How to run this again (printed at the start and in the report). */
    public String reproduce(String itClass) {
        return "mvn -B -o -pl itest -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="
                + itClass + " -Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations
                + (method == null ? "" : " -Dfuzz.method=" + method) + (index == null ? "" : " -Dfuzz.index=" + index);
    }

    /** Writes {@code report} to {@code <reportDir>/<name>} and prints it. */
    public void write(String name, String report) throws IOException {
        System.out.println(report);
        Files.createDirectories(reportDir);
        Files.writeString(reportDir.resolve(name), report);
    }
}
