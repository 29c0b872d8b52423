package io.daos.control.testsummary;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TestSummaryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aTableSortedByModuleThenTest() {
        String text = TestSummary.render(12, 3, List.of(
                new Skipped("native/jna", "io.daos.control.jna.LibFabricTest", "", "libfabric1 is not installed"),
                new Skipped("bundles/storage-scm", "a.RealTmpfsTest", "mounts", "needs root (euid is 1000)"),
                new Skipped("bundles/storage-scm", "a.RealDcpmTest", "format", "")));
        assertEquals("""
                Test summary: 3 skipped (12 tests in 3 reports); these did not run here:
                  module               test                         reason
                  bundles/storage-scm  RealDcpmTest#format          (no reason given)
                  bundles/storage-scm  RealTmpfsTest#mounts         needs root (euid is 1000)
                  native/jna           LibFabricTest (whole class)  libfabric1 is not installed
                """, text);
    }

    @Test
    public void noSkipsAndNoReports() {
        assertEquals("Test summary: no tests skipped (1 test in 1 report)\n", TestSummary.render(1, 1, List.of()));
        assertEquals("Test summary: no tests skipped (7 tests in 2 reports)\n", TestSummary.render(7, 2, List.of()));
        assertEquals("Test summary: no test reports were written by this build\n", TestSummary.render(0, 0, List.of()));
    }

    @Test
    public void summarizeReadsTheTreeAndNamesAnUnreadableReport() throws Exception {
        Path root = tmp.getRoot().toPath();
        ReportReaderTest.place(root, "bundles/storage-scm", "surefire-reports", ReportReaderTest.SCM);
        ReportReaderTest.place(root, "itest", "failsafe-reports", ReportReaderTest.NODE);
        Path bad = root.resolve("bundles/x/target/surefire-reports/TEST-x.xml");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "garbage");
        String text = TestSummary.summarize(root, 0);
        List<String> lines = text.lines().toList();
        assertEquals("Test summary: 4 skipped (8 tests in 2 reports); these did not run here:", lines.get(0));
        assertEquals("  bundles/storage-scm  RealTmpfsTest#a  needs root", lines.get(2));
        assertEquals(7, lines.size());
        assertTrue(lines.get(6),
                lines.get(6).startsWith("  unreadable report: bundles/x/target/surefire-reports/TEST-x.xml ("));
    }

    @Test
    public void sinceIsTheArgumentOrThisJvmsStart() {
        assertEquals(1234, TestSummary.since("since=1234"));
        long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
        assertEquals(jvm, TestSummary.since("since=${session.request.startTime.time}"));
        assertEquals(jvm, TestSummary.since("1234"));
        assertEquals(jvm, TestSummary.since(null));
    }

    @Test
    public void mainNeverThrows() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Path file = tmp.newFile().toPath(); // a file, not a directory: nothing to walk into
            TestSummary.main(new String[] {file.toString(), "since=0"});
            TestSummary.main(new String[] {tmp.getRoot().toPath().resolve("absent").toString(), "x"});
        } finally {
            System.setOut(saved);
        }
        List<String> out = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, out.size());
        assertEquals("Test summary: no test reports were written by this build", out.get(0));
        assertTrue(out.get(1), out.get(1).startsWith("Test summary: not available (java.nio.file.NoSuchFileException"));
    }
}
