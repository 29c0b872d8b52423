package io.daos.control.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A Karaf features descriptor (the subset we use: {@code <feature name>} holding
 * {@code <bundle start-level>mvn:g/a/v</bundle>} and {@code <feature>name</feature>}
 * dependencies). Bundle URLs map to the Maven repository layout under {@code system/}.
 */
final class Features {

    /** A bundle of a feature: its mvn: URL and start level (0 = framework default). */
    record BundleRef(String url, int startLevel) {

        /** {@code mvn:g/a/v[/type[/classifier]]} as a path relative to {@code system/}. */
        String relativePath() {
            if (!url.startsWith("mvn:")) {
                throw new IllegalArgumentException("unsupported bundle URL (only mvn: is): " + url);
            }
            String[] p = url.substring(4).split("/", -1);
            if (p.length < 3 || p.length > 5 || p[0].isEmpty() || p[1].isEmpty() || p[2].isEmpty()) {
                throw new IllegalArgumentException("malformed bundle URL (want mvn:group/artifact/version): " + url);
            }
            String type = p.length > 3 && !p[3].isEmpty() ? p[3] : "jar";
            String classifier = p.length > 4 && !p[4].isEmpty() ? "-" + p[4] : "";
            return p[0].replace('.', '/') + "/" + p[1] + "/" + p[2] + "/" + p[1] + "-" + p[2]
                    + classifier + "." + type;
        }
    }

    record Feature(String name, List<String> dependencies, List<BundleRef> bundles) {
    }

    private final Map<String, Feature> features;

    private Features(Map<String, Feature> features) {
        this.features = features;
    }

    Map<String, Feature> all() {
        return features;
    }

    /** {@code file}'s features, from the {@link FeaturesCache} when the file has not changed. */
    static Features parse(Path file) throws IOException {
        return FeaturesCache.load(file, FeaturesCache.cacheFile(), Features::parseXml);
    }

    /** {@code file}'s features, parsed. */
    static Features parseXml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** Features already parsed (the {@link FeaturesCache}). */
    static Features of(Map<String, Feature> features) {
        return new Features(features);
    }

    static Features parse(InputStream in, String name) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            root = b.parse(in).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse features file " + name + ": " + e.getMessage(), e);
        }
        if (!"features".equals(root.getLocalName())) {
            throw new IOException("not a features file (root element is <" + root.getLocalName() + ">): " + name);
        }
        Map<String, Feature> map = new LinkedHashMap<>();
        for (Element fe : children(root, "feature")) {
            String fname = fe.getAttribute("name");
            List<String> deps = new ArrayList<>();
            List<BundleRef> bundles = new ArrayList<>();
            for (Element c : children(fe, null)) {
                if ("feature".equals(c.getLocalName())) {
                    deps.add(c.getTextContent().trim());
                } else if ("bundle".equals(c.getLocalName())) {
                    String sl = c.getAttribute("start-level").trim();
                    int level;
                    try {
                        level = sl.isEmpty() ? 0 : Integer.parseInt(sl);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad start-level \"" + sl + "\" in feature " + fname + " of " + name);
                    }
                    BundleRef ref = new BundleRef(c.getTextContent().trim(), level);
                    ref.relativePath(); // validate early
                    bundles.add(ref);
                }
            }
            if (map.put(fname, new Feature(fname, deps, bundles)) != null) {
                throw new IOException("feature " + fname + " defined twice in " + name);
            }
        }
        return new Features(map);
    }

    /** The bundles of {@code names} and their dependencies, dependencies first, no duplicates. */
    List<BundleRef> resolve(List<String> names) {
        Map<String, BundleRef> out = new LinkedHashMap<>();
        Set<String> done = new HashSet<>();
        for (String n : names) {
            visit(n, out, done, new LinkedHashSet<>());
        }
        return new ArrayList<>(out.values());
    }

    private void visit(String name, Map<String, BundleRef> out, Set<String> done,
            Set<String> path) {
        if (done.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            throw new IllegalArgumentException("feature dependency cycle: " + String.join(" -> ", path) + " -> " + name);
        }
        Feature f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature \"" + name + "\" (known: "
                    + String.join(", ", features.keySet()) + ")");
        }
        for (String d : f.dependencies()) {
            visit(d, out, done, path);
        }
        for (BundleRef b : f.bundles()) {
            out.putIfAbsent(b.url(), b);
        }
        path.remove(name);
        done.add(name);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> l = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (localName == null || localName.equals(e.getLocalName()))) {
                l.add(e);
            }
        }
        return l;
    }
}
