package io.daos.control.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code osgi.service} capabilities and requirements in a bundle's manifest, as a resolver
 * that enforces them (Apache Karaf's, with {@code serviceRequirements=default}) reads them: the
 * object classes it provides ({@code Provide-Capability: osgi.service;objectClass:List<String>=…})
 * and the object classes it requires without {@code resolution:=optional}
 * ({@code Require-Capability: osgi.service;filter:="(objectClass=…)"}).
 */
record ServiceCapabilities(String bundle, TreeSet<String> provided, TreeSet<String> required) {

    private static final Pattern SIMPLE_FILTER = Pattern.compile("\\(objectClass=([^()*]+)\\)");

    static ServiceCapabilities of(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            if (m == null) {
                throw new IOException("no manifest in " + jar);
            }
            String bsn = m.getMainAttributes().getValue("Bundle-SymbolicName");
            TreeSet<String> provided = new TreeSet<>();
            TreeSet<String> required = new TreeSet<>();
            for (Map<String, String> c : clauses(m.getMainAttributes().getValue("Provide-Capability"))) {
                if ("osgi.service".equals(c.get(""))) {
                    String classes = c.getOrDefault("objectClass:List<String>", c.getOrDefault("objectClass", ""));
                    for (String cls : classes.split(",")) {
                        if (!cls.isBlank()) {
                            provided.add(cls.trim());
                        }
                    }
                }
            }
            for (Map<String, String> c : clauses(m.getMainAttributes().getValue("Require-Capability"))) {
                if ("osgi.service".equals(c.get("")) && !"optional".equals(c.get("resolution:"))) {
                    String filter = c.getOrDefault("filter:", "");
                    Matcher f = SIMPLE_FILTER.matcher(filter);
                    if (!f.matches()) {
                        throw new IOException(bsn + ": osgi.service requirement with a filter this check "
                                + "does not read: " + filter);
                    }
                    required.add(f.group(1));
                }
            }
            return new ServiceCapabilities(bsn == null ? jar.toString() : bsn.split(";")[0].trim(),
                    provided, required);
        }
    }

    /**
     * An OSGi manifest header as clauses: each a map of its attributes and directives (directive
     * names keep their ':'; typed attributes keep their type, e.g. {@code objectClass:List<String>}),
     * the namespace under the key "". Commas and semicolons inside quotes belong to the value.
     */
    static List<Map<String, String>> clauses(String header) {
        List<Map<String, String>> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            Map<String, String> c = new LinkedHashMap<>();
            c.put("", parts.get(0).trim());
            for (String p : parts.subList(1, parts.size())) {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                // a directive (name:=value) keeps its ':' in the key
                c.put(key, unquote(value));
            }
            out.add(c);
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
