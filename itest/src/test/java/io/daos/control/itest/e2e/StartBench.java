package io.daos.control.itest.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.daos.control.itest.support.TestFiles;

/**
 * The start-time benchmark (a measurement, not a test): {@code bin/daos_server start} launched ->
 * first answered health check, as a client polling from the launch sees it ({@link HealthPoll});
 * the banner (printed once every boot bundle has started) is timed too. For this tree and, when
 * {@code -Dbench.baseline=<distribution tree>} names one (e.g. a copy of another commit's
 * {@code distribution/target/daos-control}), for that tree in the same run: starts alternate
 * between the two (ABBA order), so that the load of a busy machine falls on both alike, and the
 * ratio of the medians is what to compare; {@code -Dbench.trees=<tree>,<tree>} adds more trees to
 * the same rotation (variants of one change, each against the same baseline). Each tree is a
 * private copy; its first start (empty bundle cache, no class-data archive yet) is reported apart
 * and not in the median.
 *
 * <p>Run (after {@code mvn -B -o -q package -DskipTests} of the reactor):
 * {@code mvn -B -o -pl itest test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.daos.control.itest.e2e.StartBench [-Dbench.runs=20] [-Dbench.baseline=/tmp/base]}.
 * {@code StartBenchIT} runs it briefly in the build (proves it runs; no timing is asserted).
 */
public final class StartBench {

    /** One tree's starts: the first (fresh) one and the ms of the others. */
    record Result(String name, double first, List<Double> starts, List<Double> banners) {

        double median() {
            return median(starts);
        }

        static double median(List<Double> values) {
            List<Double> s = new ArrayList<>(values);
            Collections.sort(s);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        String line() {
            return String.format("  %-9s%n            median %4.0f ms (min %4.0f, max %4.0f, n=%d); banner median %4.0f ms;"
                    + " first start of a fresh copy %4.0f ms", name, median(), Collections.min(starts),
                    Collections.max(starts), starts.size(), median(banners), first);
        }
    }

    private StartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 10);
        String baseline = System.getProperty("bench.baseline");
        Path work = Files.createTempDirectory("start-bench-work");
        List<Dist> copies = new ArrayList<>();
        try {
            List<String> names = new ArrayList<>(List.of("this tree"));
            copies.add(Dist.copy("start-bench"));
            if (baseline != null) {
                copies.add(Dist.copyOf(Path.of(baseline), "start-bench-base"));
                names.add("baseline");
            }
            for (String t : System.getProperty("bench.trees", "").split(",")) {
                if (!t.isBlank()) {
                    copies.add(Dist.copyOf(Path.of(t.strip()), "start-bench-tree"));
                    names.add(t.strip());
                }
            }
            List<Result> results = measure(copies, names, work, runs);
            System.out.printf("%nbin/daos_server start -> first answered health check (%d runs each, %d cores, load %s)%n",
                    runs, Runtime.getRuntime().availableProcessors(), loadAverage());
            for (Result r : results) {
                System.out.println(r.line());
            }
            for (int i = 1; i < results.size(); i++) {
                System.out.printf("  ratio this tree / %s: %.2f (goal: this tree <= 500 ms)%n", results.get(i).name(),
                        results.get(0).median() / results.get(i).median());
            }
        } finally {
            for (Dist d : copies) {
                d.delete();
            }
            TestFiles.deleteTree(work);
        }
    }

    /**
     * Starts each tree once (fresh), then {@code runs} times more, alternating between the trees
     * in ABBA order; every start must answer SERVING ({@link HealthPoll#startOnce}).
     */
    static List<Result> measure(List<Dist> trees, List<String> names, Path work, int runs) throws Exception {
        int port = TestFiles.freePort();
        Path cfg = TestFiles.writeConfig(work, port, "");
        List<Double> firsts = new ArrayList<>();
        List<List<Double>> starts = new ArrayList<>();
        List<List<Double>> banners = new ArrayList<>();
        for (Dist d : trees) {
            firsts.add(HealthPoll.startOnce(d, cfg, port).health());
            starts.add(new ArrayList<>());
            banners.add(new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            for (int j = 0; j < trees.size(); j++) {
                int k = (i % 2 == 0) ? j : trees.size() - 1 - j;
                HealthPoll.Times t = HealthPoll.startOnce(trees.get(k), cfg, port);
                starts.get(k).add(t.health());
                banners.get(k).add(t.banner());
            }
        }
        List<Result> out = new ArrayList<>();
        for (int j = 0; j < trees.size(); j++) {
            out.add(new Result(names.get(j), firsts.get(j), starts.get(j), banners.get(j)));
        }
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
