package io.daos.control.testsummary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the JUnit XML reports that surefire and failsafe write ({@code target/surefire-reports}
 * and {@code target/failsafe-reports}, files {@code TEST-*.xml}): how many test cases each
 * holds and which were skipped, with the {@code message} of their {@code <skipped>} element.
 */
public final class ReportReader {

    /** The report directories looked for in each module's {@code target}. */
    static final List<String> REPORT_DIRS = List.of("surefire-reports", "failsafe-reports");

    /** What one report file says. */
    public record Report(int tests, List<Skipped> skipped) {
    }

    private ReportReader() {
    }

    /** Reads one report of {@code module}. */
    public static Report read(Path file, String module) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, module);
        } catch (SAXException e) {
            throw new IOException(file + ": not a test report: " + e.getMessage(), e);
        }
    }

    static Report read(InputStream in, String module) throws IOException, SAXException {
        Element root = parser().parse(in).getDocumentElement();
        String suite = root.getAttribute("name");
        NodeList cases = root.getElementsByTagName("testcase");
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            Element s = child(c, "skipped");
            if (s == null) {
                continue;
            }
            String cls = c.getAttribute("classname").isEmpty() ? suite : c.getAttribute("classname");
            String method = c.getAttribute("name");
            if (method.equals(cls)) {
                method = ""; // some runners name a class-level entry after the class
            }
            String reason = s.hasAttribute("message") ? s.getAttribute("message") : s.getTextContent();
            skipped.add(new Skipped(module, cls, method, oneLine(reason)));
        }
        return new Report(cases.getLength(), skipped);
    }

    /**
     * The report files under {@code root} modified at or after {@code sinceMillis} (all when it
     * is 0 or less), in the report directories of every module's {@code target}; source trees,
     * {@code .git} and the rest of {@code target} are not entered.
     */
    public static List<Path> find(Path root, long sinceMillis) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString());
        }
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.equals("target")) {
                    for (String r : REPORT_DIRS) {
                        collect(dir.resolve(r), sinceMillis, found);
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return name.startsWith(".") || name.equals("src") || name.equals("node_modules")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable: not ours to report on
            }
        });
        found.sort(null);
        return found;
    }

    private static void collect(Path dir, long sinceMillis, List<Path> into) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("TEST-") && n.endsWith(".xml") && Files.isRegularFile(p)
                        && (sinceMillis <= 0 || Files.getLastModifiedTime(p).toMillis() >= sinceMillis)) {
                    into.add(p);
                }
            }
        }
    }

    /** The module of a report file: its {@code target}'s directory relative to {@code root}. */
    public static String moduleOf(Path root, Path report) {
        Path moduleDir = report.getParent().getParent().getParent();
        String m = root.relativize(moduleDir).toString().replace('\\', '/');
        return m.isEmpty() ? "." : m;
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Whitespace runs (newlines included) as one space, trimmed. */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // errors are thrown, not also printed
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
