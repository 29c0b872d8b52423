package io.daos.control.testsummary;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prints, at the end of {@code mvn verify}, which tests the build skipped and why: one table of
 * module, {@code Class#method} and reason, or {@code no tests skipped}, so that a reader knows
 * what the run did not prove. Only reports written by this build count. Never fails: whatever
 * goes wrong is one line of output.
 *
 * <p>Arguments: the reactor root, and {@code since=<the build's start in milliseconds since the
 * epoch>} (when that is absent or not a number, the start of this JVM: {@code exec:java} runs in
 * Maven's own).
 */
public final class TestSummary {

    static final String TITLE = "Test summary: ";

    private TestSummary() {
    }

    /** The build step; never throws. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
            long since = since(args.length > 1 ? args[1] : null);
            out.print(summarize(root, since));
        } catch (IOException | RuntimeException e) {
            out.println(TITLE + "not available (" + e + ")");
        }
        out.flush();
    }

    /** {@code since=<milliseconds since the epoch>}, else when this JVM started. */
    static long since(String arg) {
        String prefix = "since=";
        if (arg != null && arg.startsWith(prefix)) {
            try {
                return Long.parseLong(arg.substring(prefix.length()).trim());
            } catch (NumberFormatException e) {
                // an unresolved expression: fall through
            }
        }
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Reads the reports under {@code root} written since {@code sinceMillis}; the text to print. */
    static String summarize(Path root, long sinceMillis) throws IOException {
        int tests = 0;
        int files = 0;
        List<String> unreadable = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path f : ReportReader.find(root, sinceMillis)) {
            try {
                ReportReader.Report r = ReportReader.read(f, ReportReader.moduleOf(root, f));
                tests += r.tests();
                files++;
                skipped.addAll(r.skipped());
            } catch (IOException e) {
                unreadable.add(root.relativize(f) + " (" + e.getMessage() + ")");
            }
        }
        StringBuilder sb = new StringBuilder(render(tests, files, skipped));
        for (String u : unreadable) {
            sb.append("  unreadable report: ").append(u).append('\n');
        }
        return sb.toString();
    }

    /** The summary text: a title line and, when tests were skipped, the table. */
    static String render(int tests, int files, List<Skipped> skipped) {
        if (files == 0) {
            return TITLE + "no test reports were written by this build\n";
        }
        String counts = tests + " test" + (tests == 1 ? "" : "s") + " in " + files + " report"
                + (files == 1 ? "" : "s");
        if (skipped.isEmpty()) {
            return TITLE + "no tests skipped (" + counts + ")\n";
        }
        List<Skipped> rows = new ArrayList<>(skipped);
        rows.sort(Comparator.comparing(Skipped::module).thenComparing(Skipped::className)
                .thenComparing(Skipped::method));
        int wm = "module".length();
        int wt = "test".length();
        for (Skipped s : rows) {
            wm = Math.max(wm, s.module().length());
            wt = Math.max(wt, s.test().length());
        }
        StringBuilder sb = new StringBuilder(TITLE).append(rows.size()).append(" skipped (").append(counts)
                .append("); these did not run here:\n");
        row(sb, wm, wt, "module", "test", "reason");
        for (Skipped s : rows) {
            row(sb, wm, wt, s.module(), s.test(), s.reason().isEmpty() ? "(no reason given)" : s.reason());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, int wm, int wt, String module, String test, String reason) {
        sb.append("  ").append(pad(module, wm)).append("  ").append(pad(test, wt)).append("  ").append(reason)
                .append('\n');
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
