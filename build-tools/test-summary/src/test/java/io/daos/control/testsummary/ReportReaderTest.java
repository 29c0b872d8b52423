package io.daos.control.testsummary;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Sample reports as surefire 3.5 writes them (src/test/resources/reports). */
public class ReportReaderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    static final String SCM = "TEST-io.daos.control.storage.scm.internal.RealTmpfsTest.xml";
    static final String JNA = "TEST-io.daos.control.jna.LibFabricTest.xml";
    static final String NODE = "TEST-io.daos.control.itest.e2e.NodeIT.xml";

    static ReportReader.Report sample(String name, String module) throws Exception {
        try (InputStream in = ReportReaderTest.class.getResourceAsStream("/reports/" + name)) {
            return ReportReader.read(in, module);
        }
    }

    /** Copies a sample into {@code <root>/<module>/target/<dir>/}. */
    static Path place(Path root, String module, String dir, String name) throws IOException {
        Path to = root.resolve(module).resolve("target").resolve(dir).resolve(name);
        Files.createDirectories(to.getParent());
        try (InputStream in = ReportReaderTest.class.getResourceAsStream("/reports/" + name)) {
            Files.copy(in, to);
        }
        return to;
    }

    @Test
    public void skippedMethodsWithTheirMessages() throws Exception {
        ReportReader.Report r = sample(SCM, "bundles/storage-scm");
        assertEquals(5, r.tests());
        String cls = "io.daos.control.storage.scm.internal.RealTmpfsTest";
        assertEquals(List.of(
                new Skipped("bundles/storage-scm", cls, "a", "needs root"),
                new Skipped("bundles/storage-scm", cls, "b", "got: <false>, expected: is <true>"),
                new Skipped("bundles/storage-scm", cls, "c", "not today"),
                new Skipped("bundles/storage-scm", cls, "d", "")), r.skipped());
        assertEquals("RealTmpfsTest#a", r.skipped().get(0).test());
    }

    @Test
    public void aWholeClassSkippedInBeforeClassOrAClassRule() throws Exception {
        ReportReader.Report r = sample(JNA, "native/jna");
        assertEquals(1, r.tests());
        Skipped s = r.skipped().get(0);
        assertEquals("", s.method());
        assertEquals("LibFabricTest (whole class)", s.test());
        assertEquals("libfabric1 is not installed (apt-get install libfabric1): no <libfabric.so.1> & no \"fi_info\"",
                s.reason());
    }

    @Test
    public void nothingSkippedAndOutputIgnored() throws Exception {
        ReportReader.Report r = sample(NODE, "itest");
        assertEquals(3, r.tests());
        assertEquals(List.of(), r.skipped());
    }

    @Test
    public void notAReport() throws Exception {
        Path bad = tmp.newFile("TEST-bad.xml").toPath();
        Files.writeString(bad, "<testsuite><testcase");
        IOException e = assertThrows(IOException.class, () -> ReportReader.read(bad, "m"));
        assertTrue(e.getMessage(), e.getMessage().startsWith(bad + ": not a test report: "));
        Files.writeString(bad, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite>&e;</testsuite>");
        assertThrows(IOException.class, () -> ReportReader.read(bad, "m"));
    }

    @Test
    public void findsEveryModulesReportsOfThisBuildOnly() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path scm = place(root, "bundles/storage-scm", "surefire-reports", SCM);
        Path jna = place(root, "native/jna", "surefire-reports", JNA);
        Path it = place(root, "itest", "failsafe-reports", NODE);
        Path old = place(root, "bundles/old", "surefire-reports", SCM);
        Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000));
        // not reports, or not where reports are
        Files.copy(it, it.resolveSibling(NODE.replace("TEST-", "")));
        place(root, "bundles/x/src/test/resources", "surefire-reports", SCM);
        place(root, "distribution/target/daos-control", "surefire-reports", SCM);
        Files.writeString(root.resolve("itest/target/failsafe-reports/failsafe-summary.xml"), "<x/>");

        assertEquals(List.of(scm, it, jna).stream().sorted().toList(), ReportReader.find(root, 2_000_000));
        assertEquals(4, ReportReader.find(root, 0).size());
        assertEquals("bundles/storage-scm", ReportReader.moduleOf(root, scm));
        assertEquals("itest", ReportReader.moduleOf(root, it));
    }

    @Test
    public void oneLine() {
        assertEquals("a b c", ReportReader.oneLine("  a\n\tb   c\n"));
        assertEquals("", ReportReader.oneLine(null));
    }
}
