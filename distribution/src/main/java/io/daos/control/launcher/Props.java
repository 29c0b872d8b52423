package io.daos.control.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Framework properties: {@code etc/config.properties}, overridden by system properties of the
 * same name (and extended by any {@code -Ddaos.*}, {@code -Dfelix.*}, {@code -Dorg.osgi.*}),
 * then {@code ${name}} substituted from the set itself, then system properties, then the
 * environment. An unknown name substitutes to the empty string (as Felix's launcher does); a
 * reference cycle is an error.
 */
final class Props {

    private Props() {
    }

    static Map<String, String> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    /** Applies system-property overrides, then substitutes every value. */
    static Map<String, String> resolve(Map<String, String> raw, Properties system,
            Map<String, String> env) {
        Map<String, String> m = new LinkedHashMap<>(raw);
        for (String k : system.stringPropertyNames()) {
            if (m.containsKey(k) || k.startsWith("daos.") || k.startsWith("felix.")
                    || k.startsWith("org.osgi.")) {
                m.put(k, system.getProperty(k));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.put(e.getKey(), substitute(e.getValue(), m, system, env, new ArrayDeque<>()));
        }
        return out;
    }

    static String substitute(String value, Map<String, String> props, Properties system,
            Map<String, String> env, Deque<String> active) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                sb.append(value, i, value.length());
                break;
            }
            int end = matchingBrace(value, start + 2);
            if (end < 0) {
                sb.append(value, i, value.length());
                break;
            }
            sb.append(value, i, start);
            String name = substitute(value.substring(start + 2, end), props, system, env, active);
            if (active.contains(name)) {
                throw new IllegalArgumentException("recursive variable reference: ${" + name + "}");
            }
            String v = props.get(name);
            if (v == null) {
                v = system.getProperty(name);
            }
            if (v == null) {
                v = env.get(name);
            }
            if (v != null) {
                active.push(name);
                sb.append(substitute(v, props, system, env, active));
                active.pop();
            }
            i = end + 1;
        }
        return sb.toString();
    }

    private static int matchingBrace(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            if (s.startsWith("${", i)) {
                depth++;
                i++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
