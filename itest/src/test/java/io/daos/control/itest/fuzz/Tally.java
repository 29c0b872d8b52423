package io.daos.control.itest.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The totals of a fuzz run per target (a gRPC method, a dRPC packet kind), the findings worth a
 * look (every outcome other than OK and clean error, with what reproduces it), and the node's
 * health problems seen between batches; printed as a table and written to a report file.
 */
public final class Tally {

    /** A status description longer than this many characters is a defect. */
    public static final int MAX_MESSAGE = 8 << 10;
    /** At most this many findings are kept per target and outcome. */
    private static final int KEEP = 5;

    private final Map<String, EnumMap<Outcome, Integer>> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> findings = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Counts {@code o} for {@code target}; {@code detail} (what reproduces it) kept when not OK/ERROR. */
    public synchronized void add(String target, Outcome o, String detail) {
        counts.computeIfAbsent(target, k -> new EnumMap<>(Outcome.class)).merge(o, 1, Integer::sum);
        if (o != Outcome.OK && o != Outcome.ERROR) {
            List<String> f = findings.computeIfAbsent(target + " " + o.label, k -> new ArrayList<>());
            if (f.size() < KEEP) {
                f.add(detail);
            }
        }
    }

    /** A health problem of the node (seen before or after a batch). */
    public synchronized void problem(String text) {
        problems.add(text);
    }

    /** The count of {@code o} for {@code target}. */
    public synchronized int count(String target, Outcome o) {
        return counts.getOrDefault(target, new EnumMap<>(Outcome.class)).getOrDefault(o, 0);
    }

    /** The total of {@code o} over all targets. */
    public synchronized int total(Outcome o) {
        return counts.values().stream().mapToInt(m -> m.getOrDefault(o, 0)).sum();
    }

    /** The health problems recorded. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Whether no request crashed, timed out or broke, and the node stayed healthy. */
    public synchronized boolean clean() {
        return total(Outcome.CRASH) == 0 && total(Outcome.DEADLINE) == 0 && total(Outcome.BROKEN) == 0
                && problems.isEmpty();
    }

    /** The table, then the findings and the problems. */
    public synchronized String report(String title) {
        int width = Math.max(20, counts.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format("%-" + width + "s", "target"));
        for (Outcome o : Outcome.values()) {
            b.append(String.format(" %12s", o.label));
        }
        b.append('\n');
        for (Map.Entry<String, EnumMap<Outcome, Integer>> e : counts.entrySet()) {
            b.append(String.format("%-" + width + "s", e.getKey()));
            for (Outcome o : Outcome.values()) {
                b.append(String.format(" %12d", e.getValue().getOrDefault(o, 0)));
            }
            b.append('\n');
        }
        b.append(String.format("%-" + width + "s", "TOTAL"));
        for (Outcome o : Outcome.values()) {
            b.append(String.format(" %12d", total(o)));
        }
        b.append('\n');
        if (!findings.isEmpty()) {
            b.append("\nfindings (first ").append(KEEP).append(" of each):\n");
            findings.forEach((k, v) -> v.forEach(d -> b.append("  ").append(k).append(": ").append(d).append('\n')));
        }
        if (!problems.isEmpty()) {
            b.append("\nnode health problems:\n");
            problems.forEach(p -> b.append("  ").append(p).append('\n'));
        }
        return b.toString();
    }
}
