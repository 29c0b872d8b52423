package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A composer for the plain subset of YAML a {@code daos.yml} is written in: block mappings with
 * simple keys, block sequences of scalars, one-line flow sequences, plain and quoted scalars and
 * comments. It builds the nodes snakeyaml would compose (tags resolved as YAML 1.1 does) without
 * loading snakeyaml, whose scanner, parser and resolver cost tens of milliseconds in a cold JVM. Anything outside the subset, including every malformed document, makes
 * {@link #compose} return null, and the caller composes with snakeyaml, which gives the errors.
 */
final class SimpleYaml {

    private record Line(int indent, String text, int number) {
    }

    /** Thrown inside to give up; never escapes. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();

    private final List<Line> lines = new ArrayList<>();
    private int pos;

    private SimpleYaml() {
    }

    /** The root node, a null-tagged scalar for an empty document, or null when outside the subset. */
    static YamlNode compose(String text) {
        try {
            SimpleYaml y = new SimpleYaml();
            y.split(text);
            if (y.lines.isEmpty()) {
                return YamlNode.scalar(YamlNode.NULL, "", 1);
            }
            if (y.lines.get(0).indent() != 0) {
                return null;
            }
            YamlNode root = y.block(0);
            return y.pos == y.lines.size() ? root : null;
        } catch (Unsupported e) {
            return null;
        }
    }

    private void split(String text) throws Unsupported {
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String s = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            int indent = 0;
            while (indent < s.length() && s.charAt(indent) == ' ') {
                indent++;
            }
            if (indent < s.length() && s.charAt(indent) == '\t') {
                throw UNSUPPORTED;
            }
            String content = stripComment(s.substring(indent)).stripTrailing();
            if (content.isEmpty() || i == 0 && content.equals("---")) {
                continue;
            }
            if (content.startsWith("---") || content.startsWith("...") || content.startsWith("%")) {
                throw UNSUPPORTED;
            }
            lines.add(new Line(indent, content, i));
        }
    }

    /** Removes a comment: {@code #} at the start or after a blank, outside quotes. */
    private static String stripComment(String s) throws Unsupported {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '\'' || c == '"') && (i == 0 || " [,:".indexOf(s.charAt(i - 1)) >= 0)) {
                quote = c;
            } else if (c == '#' && (i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                return s.substring(0, i);
            }
        }
        if (quote != 0) {
            throw UNSUPPORTED;
        }
        return s;
    }

    private YamlNode block(int indent) throws Unsupported {
        Line first = lines.get(pos);
        return isItem(first.text()) ? sequence(indent) : mapping(indent);
    }

    private static boolean isItem(String text) {
        return text.equals("-") || text.startsWith("- ");
    }

    private YamlNode sequence(int indent) throws Unsupported {
        List<YamlNode> items = new ArrayList<>();
        int number = lines.get(pos).number();
        while (pos < lines.size() && lines.get(pos).indent() == indent && isItem(lines.get(pos).text())) {
            Line l = lines.get(pos++);
            String v = l.text().substring(1).strip();
            if (v.isEmpty() || isItem(v) || keyEnd(v) >= 0) {
                throw UNSUPPORTED;
            }
            items.add(value(v, l.number()));
        }
        return new YamlNode(YamlNode.Kind.SEQUENCE, "!!seq", "", items, number + 1);
    }

    private YamlNode mapping(int indent) throws Unsupported {
        List<YamlNode> tuples = new ArrayList<>();
        int number = lines.get(pos).number();
        while (pos < lines.size() && lines.get(pos).indent() == indent) {
            Line l = lines.get(pos++);
            int colon = keyEnd(l.text());
            if (colon <= 0) {
                throw UNSUPPORTED;
            }
            String key = l.text().substring(0, colon);
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') || c > 0x7f) {
                    throw UNSUPPORTED;
                }
            }
            String rest = l.text().substring(colon + 1).strip();
            YamlNode v;
            if (!rest.isEmpty()) {
                v = value(rest, l.number());
            } else if (pos < lines.size() && lines.get(pos).indent() > indent) {
                v = block(lines.get(pos).indent());
            } else if (pos < lines.size() && lines.get(pos).indent() == indent && isItem(lines.get(pos).text())) {
                v = sequence(indent);
            } else {
                v = scalar(YamlNode.NULL, "", l.number());
            }
            tuples.add(scalar(YamlNode.STR, key, l.number()));
            tuples.add(v);
        }
        if (pos < lines.size() && lines.get(pos).indent() > indent) {
            throw UNSUPPORTED;
        }
        return new YamlNode(YamlNode.Kind.MAPPING, "!!map", "", tuples, number + 1);
    }

    /** The index of the {@code :} ending a simple key ({@code key: v} or {@code key:}), or -1. */
    private static int keyEnd(String text) {
        int i = text.indexOf(':');
        while (i >= 0) {
            if (i == text.length() - 1 || text.charAt(i + 1) == ' ') {
                return i;
            }
            i = text.indexOf(':', i + 1);
        }
        return -1;
    }

    private static YamlNode value(String v, int line) throws Unsupported {
        if (v.charAt(0) != '[') {
            return scalarValue(v, line, false);
        }
        if (!v.endsWith("]")) {
            throw UNSUPPORTED;
        }
        List<YamlNode> items = new ArrayList<>();
        String inner = v.substring(1, v.length() - 1).strip();
        if (!inner.isEmpty()) {
            for (String item : inner.split(",", -1)) {
                String t = item.strip();
                if (t.isEmpty()) {
                    throw UNSUPPORTED;
                }
                items.add(scalarValue(t, line, true));
            }
        }
        return new YamlNode(YamlNode.Kind.SEQUENCE, "!!seq", "", items, line + 1);
    }

    private static YamlNode scalarValue(String v, int line, boolean flow) throws Unsupported {
        char c = v.charAt(0);
        if (c == '"' || c == '\'') {
            if (v.length() < 2 || v.charAt(v.length() - 1) != c || v.indexOf(c, 1) != v.length() - 1
                    || v.indexOf('\\') >= 0) {
                throw UNSUPPORTED;
            }
            return scalar(YamlNode.STR, v.substring(1, v.length() - 1), line);
        }
        if ("-?:,[]{}#&*!|>%@`".indexOf(c) >= 0 && !(c == '-' && v.length() > 1 && v.charAt(1) != ' ')) {
            throw UNSUPPORTED;
        }
        if (v.contains(" #") || v.contains(": ") || v.endsWith(":") || flow && (v.indexOf('[') >= 0 || v.indexOf(']') >= 0
                || v.indexOf('{') >= 0 || v.indexOf('}') >= 0 || v.contains(": "))) {
            throw UNSUPPORTED;
        }
        return scalar(resolve(v), v, line);
    }

    /** YAML 1.1 implicit tags; a text that might be a float, timestamp or sexagesimal gives up. */
    private static String resolve(String v) throws Unsupported {
        switch (v) {
            case "~", "null", "Null", "NULL" -> {
                return YamlNode.NULL;
            }
            case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                    "on", "On", "ON", "off", "Off", "OFF" -> {
                return YamlNode.BOOL;
            }
            default -> {
                // fall through to the numeric checks
            }
        }
        if (ClientConfigParser.parseInt(v) != null && v.indexOf(':') < 0 && simpleInt(v)) {
            return YamlNode.INT;
        }
        boolean numeric = true;
        int dots = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            dots += c == '.' ? 1 : 0;
            numeric &= c >= '0' && c <= '9' || "+-._:eE".indexOf(c) >= 0;
        }
        if (numeric && dots <= 1 || v.startsWith(".") || v.startsWith("+.") || v.startsWith("-.")) {
            throw UNSUPPORTED;
        }
        return YamlNode.STR;
    }

    /** Digits with an optional sign, a {@code 0x}/{@code 0b} prefix or a leading-zero octal form. */
    private static boolean simpleInt(String v) {
        int i = v.startsWith("+") || v.startsWith("-") ? 1 : 0;
        if (i == v.length() || v.charAt(i) == '_' || v.charAt(v.length() - 1) == '_') {
            return false;
        }
        String d = v.substring(i);
        if (d.startsWith("0x") || d.startsWith("0b")) {
            return d.length() > 2 && d.indexOf('_') < 0;
        }
        for (int k = 0; k < d.length(); k++) {
            if (d.charAt(k) < '0' || d.charAt(k) > (d.charAt(0) == '0' ? '7' : '9')) {
                return false;
            }
        }
        return true;
    }

    /** A scalar on the 0-based line {@code line}. */
    private static YamlNode scalar(String tag, String value, int line) {
        return YamlNode.scalar(tag, value, line + 1);
    }
}
