package io.daos.control.proto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the wire-contract expectation (the lines of {@code src/test/resources/wire-contract.txt})
 * from the markdown tables of WIRE.md: the service tables of sections 2.2 and 2.3 and the
 * per-file message and enum tables of section 3. It never reads our own {@code .proto} files,
 * so the contract test compares two independent sources.
 *
 * <p>Line format (one fact per line, compared as a set):
 * <pre>
 * file    &lt;file&gt; package &lt;proto package&gt;
 * import  &lt;file&gt; &lt;imported file&gt;
 * service &lt;full service name&gt; &lt;file&gt;
 * method  /&lt;service&gt;/&lt;method&gt; &lt;position, 1-based&gt; &lt;request type&gt; &lt;response type&gt; &lt;unary|server-streaming&gt;
 * message &lt;full message name&gt; &lt;file or (external)&gt;
 * field   &lt;message&gt; &lt;number&gt; &lt;name&gt; &lt;type&gt; &lt;repeated|singular&gt; [oneof:&lt;group&gt;]
 * enum    &lt;full enum name&gt; &lt;file&gt;
 * value   &lt;enum&gt; &lt;value name&gt; &lt;number&gt;
 * </pre>
 * A type is a proto scalar name ({@code string}, {@code uint32}, ...), {@code message:<full name>},
 * {@code enum:<full name>} or {@code map<K,V>}. Files are paths relative to
 * {@code proto/src/main/proto}; WIRE.md's bare-name imports are resolved against the importing
 * file's directory.
 *
 * <p>Run as a program to (re)generate the expectation file:
 * {@code java -cp target/test-classes io.daos.control.proto.WireContractFromMarkdown WIRE.md out.txt}.
 */
public final class WireContractFromMarkdown {

    /** File column value of the googleapis types of section 3.17. */
    public static final String EXTERNAL = "(external)";

    private static final Pattern H2 = Pattern.compile("^## (\\d+)\\.\\s.*");
    private static final Pattern H3 = Pattern.compile("^### (\\d+)\\.(\\d+)\\s+(.*)$");
    private static final Pattern SERVICE_HEADING = Pattern.compile("^Service `(\\w+)\\.(\\w+)`\\s*$");
    private static final Pattern FILE_HEADING = Pattern.compile(".*\\(`([\\w/]+\\.proto)`\\)\\s*$");
    private static final Pattern PACKAGE_LINE =
            Pattern.compile("^Package `(\\w+)`; imports: ([^.]*(?:\\.proto[^.]*)*)\\.(.*)$");
    private static final Pattern DEFINES_SERVICE = Pattern.compile("Defines (?:only )?the service `([\\w.]+)`");
    private static final Pattern TYPE_HEADING = Pattern.compile("^\\*\\*(message|enum) `([\\w.]+)`\\*\\*.*$");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][\\w]*");
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z_][\\w]*(\\.[A-Za-z_][\\w]*)+");
    private static final Set<String> SCALARS = Set.of("double", "float", "int32", "int64", "uint32",
            "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool",
            "string", "bytes");

    private WireContractFromMarkdown() {
    }

    /** Thrown for markdown that does not have the expected shape; the message names the line. */
    public static final class BadMarkdownException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadMarkdownException(int lineNo, String what, String line) {
            super("WIRE.md line " + lineNo + ": " + what + ": " + line.strip());
        }

        BadMarkdownException(String what) {
            super("WIRE.md: " + what);
        }
    }

    public static List<String> derive(Path wireMd) throws IOException {
        return derive(Files.readAllLines(wireMd, StandardCharsets.UTF_8));
    }

    /** Derives the contract lines, in document order, without duplicates. */
    public static List<String> derive(List<String> md) {
        Set<String> out = new LinkedHashSet<>();
        List<String> envelope42 = new ArrayList<>();
        int section = 0;
        String sub = "";
        String service = null;           // while in 2.2 / 2.3
        String file = null;              // while in a 3.x file section
        String pkg = null;
        String typeKind = null;          // "message" / "enum" while its table may follow
        String typeName = null;
        int methodPos = 0;
        String envelopeMsg = null;       // section 4.2 table continuation
        Set<String> serviceFiles = new LinkedHashSet<>();
        int serviceCount = 0;
        int fileCount = 0;

        for (int i = 0; i < md.size(); i++) {
            String line = md.get(i);
            int lineNo = i + 1;
            Matcher m;
            if ((m = H2.matcher(line)).matches()) {
                section = Integer.parseInt(m.group(1));
                service = null;
                file = null;
                typeKind = null;
                continue;
            }
            if ((m = H3.matcher(line)).matches()) {
                sub = m.group(1) + "." + m.group(2);
                service = null;
                file = null;
                pkg = null;
                typeKind = null;
                methodPos = 0;
                if (section == 2) {
                    Matcher s = SERVICE_HEADING.matcher(m.group(3));
                    if (s.matches()) {
                        service = s.group(1) + "." + s.group(2);
                        serviceCount++;
                    }
                } else if (section == 3) {
                    Matcher f = FILE_HEADING.matcher(m.group(3));
                    file = f.matches() ? f.group(1) : EXTERNAL;
                    if (f.matches()) {
                        fileCount++;
                    }
                }
                continue;
            }
            if (section == 2 && service != null && isTableRow(line)) {
                List<String> c = cells(line);
                if (c.get(0).equals("#") || isSeparator(c)) {
                    continue;
                }
                if (c.size() < 5) {
                    throw new BadMarkdownException(lineNo, "service row with fewer than 5 cells", line);
                }
                int pos = number(c.get(0), lineNo, line);
                if (pos != ++methodPos) {
                    throw new BadMarkdownException(lineNo, "method rows out of order (expected #" + methodPos + ")", line);
                }
                String method = ident(unquote(c.get(1)), lineNo, line);
                String req = fullName(unquote(c.get(2)), lineNo, line);
                String respCell = c.get(3);
                boolean streamed = respCell.startsWith("stream of ");
                String resp = fullName(unquote(streamed ? respCell.substring("stream of ".length()) : respCell), lineNo, line);
                String kind = c.get(4);
                if (!kind.equals("unary") && !kind.equals("server-streaming")) {
                    throw new BadMarkdownException(lineNo, "unknown RPC kind '" + kind + "'", line);
                }
                if (streamed != kind.equals("server-streaming")) {
                    throw new BadMarkdownException(lineNo, "response streaming and kind disagree", line);
                }
                out.add("method /" + service + "/" + method + " " + pos + " " + req + " " + resp + " " + kind);
                continue;
            }
            if (section == 3 && file != null) {
                if (!file.equals(EXTERNAL) && pkg == null && (m = PACKAGE_LINE.matcher(line)).matches()) {
                    pkg = m.group(1);
                    out.add("file " + file + " package " + pkg);
                    String imports = m.group(2).strip();
                    if (!imports.equals("none")) {
                        String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
                        for (String imp : imports.split(",")) {
                            imp = imp.strip();
                            if (!imp.matches("[\\w]+\\.proto")) {
                                throw new BadMarkdownException(lineNo, "bad import '" + imp + "'", line);
                            }
                            out.add("import " + file + " " + dir + imp);
                        }
                    }
                    Matcher d = DEFINES_SERVICE.matcher(line);
                    if (d.find()) {
                        out.add("service " + d.group(1) + " " + file);
                        serviceFiles.add(d.group(1));
                    }
                    continue;
                }
                if ((m = TYPE_HEADING.matcher(line)).matches()) {
                    typeKind = m.group(1);
                    typeName = fullName(m.group(2), lineNo, line);
                    if (!file.equals(EXTERNAL)) {
                        if (pkg == null) {
                            throw new BadMarkdownException(lineNo, "type before the 'Package ...' line of its file", line);
                        }
                        if (!typeName.startsWith(pkg + ".")) {
                            throw new BadMarkdownException(lineNo, "type not in package " + pkg, line);
                        }
                    }
                    out.add(typeKind + " " + typeName + " " + file);
                    continue;
                }
                if (typeKind != null && isTableRow(line)) {
                    List<String> c = cells(line);
                    if (isSeparator(c) || c.get(0).equals("#") || c.get(0).equals("Value")) {
                        continue;
                    }
                    if (typeKind.equals("message")) {
                        out.add(fieldLine(typeName, c, lineNo, line));
                    } else {
                        if (c.size() < 2) {
                            throw new BadMarkdownException(lineNo, "enum row with fewer than 2 cells", line);
                        }
                        out.add("value " + typeName + " " + ident(unquote(c.get(0)), lineNo, line) + " "
                                + signedNumber(c.get(1), lineNo, line));
                    }
                    continue;
                }
            }
            if (section == 4 && sub.equals("4.2") && isTableRow(line)) {
                // The short envelope tables of 4.2 repeat 3.15; they are cross-checked below.
                List<String> c = cells(line);
                if (isSeparator(c) || c.get(0).equals("Message") || c.get(0).equals("`drpc.Status`")) {
                    continue;
                }
                if (c.size() >= 4 && c.get(1).matches("\\d+")) {
                    if (!c.get(0).isEmpty()) {
                        envelopeMsg = fullName(unquote(c.get(0)), lineNo, line);
                    }
                    if (envelopeMsg == null) {
                        throw new BadMarkdownException(lineNo, "envelope field row without a message", line);
                    }
                    envelope42.add(fieldLine(envelopeMsg, c.subList(1, c.size()), lineNo, line));
                } else if (c.size() >= 2 && c.get(1).matches("-?\\d+")) {
                    envelope42.add("value drpc.Status " + ident(unquote(c.get(0)), lineNo, line) + " "
                            + signedNumber(c.get(1), lineNo, line));
                }
            }
        }

        if (serviceCount == 0 || fileCount == 0) {
            throw new BadMarkdownException("no service tables (section 2) or no file sections (section 3) found");
        }
        for (String line : out) {
            if (line.startsWith("method /")) {
                String svc = line.substring("method /".length(), line.indexOf('/', "method /".length()));
                if (!serviceFiles.contains(svc)) {
                    throw new BadMarkdownException("service " + svc + " has methods but no file in section 3 defines it");
                }
            }
        }
        for (String e : envelope42) {
            if (!out.contains(e)) {
                throw new BadMarkdownException("section 4.2 disagrees with section 3.15: " + e);
            }
        }
        return new ArrayList<>(out);
    }

    private static String fieldLine(String msg, List<String> c, int lineNo, String line) {
        if (c.size() < 3) {
            throw new BadMarkdownException(lineNo, "field row with fewer than 3 cells", line);
        }
        int number = number(c.get(0), lineNo, line);
        String name = ident(unquote(c.get(1)), lineNo, line);
        String type = c.get(2).replace("`", "").strip();
        String oneof = null;
        Matcher o = Pattern.compile("^(.*)\\(oneof (\\w+)\\)$").matcher(type);
        if (o.matches()) {
            type = o.group(1).strip();
            oneof = o.group(2);
        }
        String label = "singular";
        if (type.startsWith("repeated ")) {
            label = "repeated";
            type = type.substring("repeated ".length()).strip();
        }
        String t;
        if (type.startsWith("message ")) {
            t = "message:" + fullName(type.substring("message ".length()).strip(), lineNo, line);
        } else if (type.startsWith("enum ")) {
            t = "enum:" + fullName(type.substring("enum ".length()).strip(), lineNo, line);
        } else if (type.matches("map<\\w+,\\s*\\w+>")) {
            t = type.replaceAll("\\s", "");
            label = "repeated";
        } else if (SCALARS.contains(type)) {
            t = type;
        } else {
            throw new BadMarkdownException(lineNo, "unknown field type '" + c.get(2) + "'", line);
        }
        return "field " + msg + " " + number + " " + name + " " + t + " " + label + (oneof == null ? "" : " oneof:" + oneof);
    }

    private static boolean isTableRow(String line) {
        return line.startsWith("|");
    }

    private static boolean isSeparator(List<String> cells) {
        return cells.stream().allMatch(s -> s.matches(":?-+:?"));
    }

    /** The cells of a markdown table row, stripped, without the outer empty ones. */
    private static List<String> cells(String line) {
        String s = line.strip();
        if (s.endsWith("|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> c = new ArrayList<>();
        for (String part : s.substring(1).split("\\|", -1)) {
            c.add(part.strip());
        }
        return c;
    }

    private static String unquote(String s) {
        s = s.strip();
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String ident(String s, int lineNo, String line) {
        if (!IDENT.matcher(s).matches()) {
            throw new BadMarkdownException(lineNo, "not an identifier '" + s + "'", line);
        }
        return s;
    }

    private static String fullName(String s, int lineNo, String line) {
        if (!FULL_NAME.matcher(s).matches()) {
            throw new BadMarkdownException(lineNo, "not a qualified type name '" + s + "'", line);
        }
        return s;
    }

    private static int number(String s, int lineNo, String line) {
        if (!s.matches("\\d{1,9}")) {
            throw new BadMarkdownException(lineNo, "not a positive number '" + s + "'", line);
        }
        int n = Integer.parseInt(s);
        if (n < 1) {
            throw new BadMarkdownException(lineNo, "number must be at least 1", line);
        }
        return n;
    }

    private static int signedNumber(String s, int lineNo, String line) {
        if (!s.matches("-?\\d{1,10}")) {
            throw new BadMarkdownException(lineNo, "not a number '" + s + "'", line);
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadMarkdownException(lineNo, "number out of int32 range '" + s + "'", line);
        }
    }

    /** The header written above the derived lines in the expectation file. */
    public static final String HEADER = String.join("\n",
            "# The DAOS wire contract, derived from the markdown tables of WIRE.md (sections 2.2, 2.3, 3)",
            "# by io.daos.control.proto.WireContractFromMarkdown (test sources). Do not edit by hand:",
            "# regenerate with that class's main and review the diff. Checked by WireContractTest.",
            "");

    /** Lines of an expectation file that carry facts (no comments, no blank lines). */
    public static List<String> facts(List<String> fileLines) {
        List<String> r = new ArrayList<>();
        for (String l : fileLines) {
            String s = l.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                r.add(s);
            }
        }
        return r;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: WireContractFromMarkdown <WIRE.md> <output wire-contract.txt>");
            System.exit(2);
        }
        try {
            List<String> lines = derive(Paths.get(args[0]));
            Files.writeString(Paths.get(args[1]), HEADER + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            System.out.println("wrote " + lines.size() + " lines to " + args[1]);
        } catch (IOException | RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
