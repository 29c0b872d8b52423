package io.daos.control.dmg.cli;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import io.daos.control.api.config.TransportConfig;

/**
 * Strict reading of {@code daos.yml} text with the wording of Go's yaml.v2 {@code UnmarshalStrict}
 * (SPEC-SYSTEM §6.2): the snakeyaml node graph is walked (never constructed into objects), every
 * unknown key and wrongly typed value is collected as {@code line <n>: field <key> not found in
 * type client.Configuration} or {@code line <n>: cannot unmarshal !!str `abc` into int}, and all
 * of them are reported together under {@code yaml: unmarshal errors:}.
 */
final class ClientConfigParser {

    static final String TOP_TYPE = "client.Configuration";
    static final String TRANSPORT_TYPE = "security.TransportConfig";

    /** The yaml error text (without the {@code parsing config file} context). */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    private final List<String> errors = new ArrayList<>();
    private String name;
    private int port;
    private List<String> hostList;
    private List<String> accessPoints;
    private TransportConfig transport;
    private String runtimeDir;
    private String logFile;
    private String hostFile;
    private String logFileFormat;

    private ClientConfigParser(ClientConfig d) {
        name = d.name();
        port = d.port();
        hostList = d.hostList();
        accessPoints = d.accessPoints();
        transport = d.transport();
        runtimeDir = d.runtimeDir();
        logFile = d.logFile();
        hostFile = d.hostFile();
        logFileFormat = d.logFileFormat();
    }

    /** Parses {@code text} over the defaults; {@code path} is recorded in the result. */
    static ClientConfig parse(String text, String path) throws ParseException {
        return parse(text, path, true);
    }

    /** Parses with or without the quick composer (tests compare both). */
    static ClientConfig parse(String text, String path, boolean quick) throws ParseException {
        ClientConfigParser p = new ClientConfigParser(ClientConfig.DEFAULT);
        Node root = quick ? SimpleYaml.compose(text) : null;
        if (root == null) {
            root = compose(text);
        }
        if (root != null && !isNull(root)) {
            p.top(root);
        }
        if (!p.errors.isEmpty()) {
            throw new ParseException("yaml: unmarshal errors:\n  " + String.join("\n  ", p.errors));
        }
        return new ClientConfig(p.name, p.port, p.hostList, p.accessPoints, p.transport, p.runtimeDir, p.logFile,
                p.hostFile, p.logFileFormat, path);
    }

    private static Node compose(String text) throws ParseException {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(true);
        opts.setMaxAliasesForCollections(50);
        try {
            // the composer alone: the Yaml facade would also load constructors and representers
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), opts),
                    new Resolver(), opts);
            return composer.checkNode() ? composer.getNode() : null;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            return failSyntax(m == null ? "" : "line " + (m.getLine() + 1) + ": ", problem);
        } catch (YAMLException e) {
            return failSyntax("", e.getMessage());
        }
    }

    private static Node failSyntax(String where, String problem) throws ParseException {
        String p = problem == null ? "syntax error" : problem.trim().split("\n", 2)[0];
        // libyaml's wording for the most common mistake (a mis-indented key)
        p = p.replace("mapping values are not allowed here", "mapping values are not allowed in this context");
        throw new ParseException("yaml: " + where + p);
    }

    private void top(Node root) {
        if (!(root instanceof MappingNode map)) {
            typeError(root, TOP_TYPE);
            return;
        }
        for (NodeTuple t : map.getValue()) {
            Node v = t.getValueNode();
            String key = keyText(t);
            switch (key) {
                case "name" -> name = str(v, name);
                case "port" -> port = integer(v, port);
                case "hostlist" -> hostList = strList(v, hostList);
                case "access_points" -> accessPoints = strList(v, accessPoints);
                case "transport_config" -> transport = transport(v);
                case "runtime_dir" -> runtimeDir = str(v, runtimeDir);
                case "log_file" -> logFile = str(v, logFile);
                case "host_file" -> hostFile = str(v, hostFile);
                case "log_file_format" -> logFileFormat = str(v, logFileFormat);
                default -> unknown(t, key, TOP_TYPE);
            }
        }
    }

    private TransportConfig transport(Node v) {
        TransportConfig d = ClientConfig.DEFAULT_TRANSPORT;
        if (isNull(v)) {
            return d;
        }
        if (!(v instanceof MappingNode map)) {
            typeError(v, TRANSPORT_TYPE);
            return d;
        }
        boolean insecure = d.allowInsecure();
        String certDir = d.clientCertDir();
        String ca = d.caCert();
        String cert = d.cert();
        String key = d.key();
        String server = d.serverName();
        for (NodeTuple t : map.getValue()) {
            Node n = t.getValueNode();
            String k = keyText(t);
            switch (k) {
                case "allow_insecure" -> insecure = bool(n, insecure);
                case "client_cert_dir" -> certDir = str(n, certDir);
                case "ca_cert" -> ca = str(n, ca);
                case "cert" -> cert = str(n, cert);
                case "key" -> key = str(n, key);
                case "server_name" -> server = str(n, server);
                default -> unknown(t, k, TRANSPORT_TYPE);
            }
        }
        return new TransportConfig(insecure, certDir, ca, cert, key, server);
    }

    private static String keyText(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
    }

    private void unknown(NodeTuple t, String key, String type) {
        errors.add(line(t.getKeyNode()) + "field " + key + " not found in type " + type);
    }

    private String str(Node v, String current) {
        if (isNull(v)) {
            return "";
        }
        if (v instanceof ScalarNode s) {
            return s.getValue();
        }
        typeError(v, "string");
        return current;
    }

    private List<String> strList(Node v, List<String> current) {
        if (isNull(v)) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            typeError(v, "[]string");
            return current;
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            out.add(str(item, ""));
        }
        return out;
    }

    private int integer(Node v, int current) {
        if (isNull(v)) {
            return 0;
        }
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            Long n = parseInt(s.getValue());
            if (n != null && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return n.intValue();
            }
        }
        typeError(v, "int");
        return current;
    }

    private boolean bool(Node v, boolean current) {
        if (isNull(v)) {
            return false;
        }
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            String t = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
        }
        typeError(v, "bool");
        return current;
    }

    /** A YAML 1.1 integer: sign, underscores, {@code 0x}, {@code 0b} and leading-zero octal. */
    static Long parseInt(String raw) {
        String s = raw.replace("_", "");
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.startsWith("0x")) {
            radix = 16;
            s = s.substring(2);
        } else if (s.startsWith("0b")) {
            radix = 2;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        try {
            long n = Long.parseLong(s, radix);
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void typeError(Node v, String goType) {
        String tag = "!!" + shortTag(v.getTag());
        String value = "";
        if (v instanceof ScalarNode s) {
            String t = s.getValue();
            value = t.length() > 10 ? " `" + t.substring(0, 7) + "...`" : " `" + t + "`";
        }
        errors.add(line(v) + "cannot unmarshal " + tag + value + " into " + goType);
    }

    private static String shortTag(Tag tag) {
        String t = tag.getValue();
        return t.startsWith(Tag.PREFIX) ? t.substring(Tag.PREFIX.length()) : t;
    }

    private static String line(Node n) {
        return "line " + (n.getStartMark().getLine() + 1) + ": ";
    }

    private static boolean isNull(Node v) {
        return v instanceof ScalarNode && v.getTag().equals(Tag.NULL);
    }
}
