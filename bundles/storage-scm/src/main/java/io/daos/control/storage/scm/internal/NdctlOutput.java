package io.daos.control.storage.scm.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.daos.control.api.storage.ScmNamespace;
import io.daos.control.api.storage.ScmRegionState;

/**
 * Parsers for the tool outputs of SPEC-SERVER §4.3: the namespace JSON of {@code ndctl list -N -v}
 * and {@code ndctl create-namespace}, and the region listing of
 * {@code ipmctl show -d PersistentMemoryType,FreeCapacity -region}. The JSON reader is a small
 * strict RFC 8259 parser (no dependency); its errors mention {@code JSON input}.
 */
final class NdctlOutput {

    /** ipmctl's answer when no region exists (the reference compares it exactly). */
    static final String NO_REGIONS = "\nThere are no Regions defined in the system.\n";

    private NdctlOutput() {
    }

    /**
     * Namespaces from ndctl JSON: empty output → none; one object → one; an array of objects →
     * each. Fields {@code uuid}, {@code blockdev}, {@code dev}, {@code numa_node}, {@code size};
     * absent ones are empty/0, others ignored.
     *
     * @throws IOException malformed JSON ({@code … JSON input}) or a value of the wrong type
     */
    static List<ScmNamespace> namespaces(String json) throws IOException {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        Object v = new Json(json).document();
        List<ScmNamespace> out = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            out.add(namespace(m));
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw new IOException("cannot unmarshal " + kind(o) + " into a namespace of JSON input");
                }
                out.add(namespace(m));
            }
        } else {
            throw new IOException("cannot unmarshal " + kind(v) + " into namespaces of JSON input");
        }
        return out;
    }

    private static ScmNamespace namespace(Map<?, ?> m) throws IOException {
        return new ScmNamespace(string(m, "uuid"), string(m, "blockdev"), string(m, "dev"),
                (int) number(m, "numa_node"), number(m, "size"));
    }

    private static String string(Map<?, ?> m, String key) throws IOException {
        Object v = m.get(key);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new IOException("cannot unmarshal " + kind(v) + " into field " + key + " of type string");
        }
        return s;
    }

    private static long number(Map<?, ?> m, String key) throws IOException {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof BigDecimal n)) {
            throw new IOException("cannot unmarshal " + kind(v) + " into field " + key + " of type number");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw new IOException("cannot unmarshal number " + n + " into field " + key + " of type integer");
        }
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof BigDecimal) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        return v instanceof List ? "array" : "object";
    }

    /**
     * The region state of §4.3 step 4: exactly {@link #NO_REGIONS} (also accepted without the
     * surrounding newlines, as newer ipmctl versions print it) → NoRegions; otherwise at least 4
     * lines are required, and the state is FreeCapacity when some
     * {@code PersistentMemoryType=AppDirect} line is immediately followed by a
     * {@code FreeCapacity=} value other than {@code 0.0 GiB}, else NoCapacity.
     *
     * @throws IOException {@code expecting at least 4 lines, got <n>}
     */
    static ScmRegionState regionState(String out) throws IOException {
        if (out.equals(NO_REGIONS) || out.strip().equals(NO_REGIONS.strip())) {
            return ScmRegionState.NO_REGIONS;
        }
        String[] lines = out.split("\n", -1);
        if (lines.length < 4) {
            throw new IOException("expecting at least 4 lines, got " + lines.length);
        }
        boolean appDirect = false;
        for (String line : lines) {
            String[] kv = line.trim().split("=", -1);
            if (kv.length == 2) {
                if (kv[0].equals("PersistentMemoryType") && kv[1].equals("AppDirect")) {
                    appDirect = true;
                    continue;
                }
                if (kv[0].equals("FreeCapacity") && appDirect && !kv[1].equals("0.0 GiB")) {
                    return ScmRegionState.FREE_CAPACITY;
                }
            }
            appDirect = false;
        }
        return ScmRegionState.NO_CAPACITY;
    }

    /** Recursive-descent JSON reader: objects → LinkedHashMap, arrays → List, numbers → BigDecimal. */
    private static final class Json {
        private final String s;
        private int pos;

        Json(String s) {
            this.s = s;
        }

        Object document() throws IOException {
            Object v = value();
            skipWs();
            if (pos < s.length()) {
                throw invalid("after top-level value");
            }
            return v;
        }

        private IOException invalid(String context) {
            if (pos >= s.length()) {
                return new IOException("unexpected end of JSON input");
            }
            char c = s.charAt(pos);
            String shown = c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
            return new IOException("invalid character '" + shown + "' " + context + " at offset " + pos
                    + " of JSON input");
        }

        private void skipWs() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private Object value() throws IOException {
            skipWs();
            if (pos >= s.length()) {
                throw invalid("");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw invalid("looking for beginning of value");
            }
        }

        private Object literal(String word, Object v) throws IOException {
            for (int i = 0; i < word.length(); i++, pos++) {
                if (pos >= s.length() || s.charAt(pos) != word.charAt(i)) {
                    throw invalid("in literal " + word);
                }
            }
            return v;
        }

        private Map<String, Object> object() throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++; // {
            skipWs();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipWs();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw invalid("looking for beginning of object key string");
                }
                String key = string();
                skipWs();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw invalid("after object key");
                }
                pos++;
                m.put(key, value());
                skipWs();
                if (pos >= s.length()) {
                    throw invalid("");
                }
                char c = s.charAt(pos++);
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    pos--;
                    throw invalid("after object key:value pair");
                }
            }
        }

        private List<Object> array() throws IOException {
            List<Object> l = new ArrayList<>();
            pos++; // [
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                l.add(value());
                skipWs();
                if (pos >= s.length()) {
                    throw invalid("");
                }
                char c = s.charAt(pos++);
                if (c == ']') {
                    return l;
                }
                if (c != ',') {
                    pos--;
                    throw invalid("after array element");
                }
            }
        }

        private String string() throws IOException {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw invalid("");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw invalid("in string literal");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw invalid("");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            pos = s.length();
                            throw invalid("");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw invalid("in \\u hexadecimal character escape");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw invalid("in string escape code");
                    }
                }
            }
        }

        private BigDecimal number() throws IOException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            int digits = digits();
            if (digits == 0) {
                throw invalid("in numeric literal");
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                if (digits() == 0) {
                    throw invalid("after decimal point in numeric literal");
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (digits() == 0) {
                    throw invalid("in exponent of numeric literal");
                }
            }
            return new BigDecimal(s.substring(start, pos));
        }

        private int digits() {
            int n = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
                n++;
            }
            return n;
        }
    }
}
