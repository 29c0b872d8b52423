package io.daos.control.itest.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.daos.control.itest.scale.ProcStats;

/**
 * The soak test's rule for "flat" (docs/reliability.md): samples of the server process
 * (VmRSS, threads, file descriptors) taken at a fixed period; the first {@link #WARMUP_SHARE}
 * of them are warm-up and not judged. Of the rest, split into thirds, the maximum of the last
 * third must not exceed the maximum of the first third by more than the tolerance; and threads
 * and descriptors must come back to their baseline (within a slack) once the traffic stops.
 */
final class Flatness {

    /** The share of the samples taken as warm-up (JIT, heap and pools growing to their size). */
    static final double WARMUP_SHARE = 0.2;

    private Flatness() {
    }

    /** One sample: seconds since the start, VmRSS in KiB, threads and descriptors. */
    record Sample(double seconds, long rssKb, ProcStats proc) {

        /** A sample of process {@code pid} now. */
        static Sample of(long pid, double seconds) throws IOException {
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            if (rss < 0) {
                throw new IOException("no VmRSS line for pid " + pid);
            }
            return new Sample(seconds, rss, ProcStats.of(pid));
        }

        @Override
        public String toString() {
            return String.format("%.0f s: %d KiB, %s", seconds, rssKb, proc);
        }
    }

    /**
     * What breaks the rule in {@code samples} for one measure: "" when the last third's max is
     * at most the first third's max plus {@code tolerance}, else the reason.
     */
    static String growth(List<Sample> samples, String name, ToLongFunction<Sample> measure, long tolerance) {
        int from = (int) Math.ceil(samples.size() * WARMUP_SHARE);
        List<Sample> judged = samples.subList(from, samples.size());
        if (judged.size() < 3) {
            return name + ": only " + judged.size() + " samples after the warm-up";
        }
        int third = judged.size() / 3;
        long first = max(judged.subList(0, third), measure);
        long last = max(judged.subList(judged.size() - third, judged.size()), measure);
        return last <= first + tolerance ? ""
                : name + " grew: last third's max " + last + " > first third's max " + first + " + " + tolerance;
    }

    private static long max(List<Sample> s, ToLongFunction<Sample> measure) {
        return s.stream().mapToLong(measure).max().orElseThrow();
    }

    /**
     * The threads of process {@code pid} by name ({@code /proc/<pid>/task/<tid>/comm}: the first
     * 15 characters of a Java thread's name), digits masked, counted: what grew, when something did.
     */
    static Map<String, Integer> threadNames(long pid) throws IOException {
        Map<String, Integer> names = new java.util.TreeMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    names.merge(Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "#"), 1, Integer::sum);
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return names;
    }

    /**
     * Thread-name prefixes (as {@code comm} truncates them) of the server's pools whose idle
     * workers outlive a burst of traffic, with each pool's most workers: the gRPC call executor
     * (cached, unbounded, 60 s keep-alive: bounded here by 64, four times the soak's clients) and
     * the harness's rank-ping pool (16 threads, 30 s keep-alive).
     */
    static final Map<String, Integer> POOLS = Map.of("daos-grpc-call-", 64, "daos-harness-pi", 16);

    /**
     * Whether the threads {@code after} the traffic are back to {@code idle}: the count of each
     * name within {@code slack} in all; with {@code exceptPools}, the workers of {@link #POOLS} are
     * not counted but must stay within their pool's bound. The reasons when not (empty: back).
     */
    static List<String> threadsBack(Map<String, Integer> idle, Map<String, Integer> after, int slack,
            boolean exceptPools) {
        List<String> out = new ArrayList<>();
        int extra = 0;
        Map<String, Integer> grown = new java.util.TreeMap<>();
        for (Map.Entry<String, Integer> e : after.entrySet()) {
            int more = e.getValue() - idle.getOrDefault(e.getKey(), 0);
            Integer bound = POOLS.get(e.getKey());
            if (exceptPools && bound != null) {
                if (e.getValue() > bound) {
                    out.add(e.getValue() + " " + e.getKey() + "* threads, over the pool's " + bound);
                }
            } else if (more > 0) {
                extra += more;
                grown.put(e.getKey(), more);
            }
        }
        if (extra > slack) {
            out.add("threads did not come back to the idle baseline: " + extra + " more (" + grown + ") > slack " + slack);
        }
        return out;
    }

    /** Every reason the samples are not flat (empty: flat). */
    static List<String> judge(List<Sample> samples, long rssToleranceKb, int threadSlack, int fdSlack) {
        List<String> out = new ArrayList<>();
        for (String r : List.of(growth(samples, "VmRSS (KiB)", Sample::rssKb, rssToleranceKb),
                growth(samples, "threads", s -> s.proc().threads(), threadSlack),
                growth(samples, "file descriptors", s -> s.proc().fds(), fdSlack))) {
            if (!r.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }
}
