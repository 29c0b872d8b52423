package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.List;

import io.daos.control.api.config.TransportConfig;

/**
 * Strict reading of {@code daos.yml} text with the wording of Go's yaml.v2 {@code UnmarshalStrict}
 * (SPEC-SYSTEM §6.2): the composed node graph ({@link SimpleYaml}, else snakeyaml) is walked, every
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
        YamlNode root = quick ? SimpleYaml.compose(text) : null;
        if (root == null) {
            root = SnakeYamlComposer.compose(text);
        }
        if (root != null && !root.isNull()) {
            p.top(root);
        }
        if (!p.errors.isEmpty()) {
            throw new ParseException("yaml: unmarshal errors:\n  " + String.join("\n  ", p.errors));
        }
        return new ClientConfig(p.name, p.port, p.hostList, p.accessPoints, p.transport, p.runtimeDir, p.logFile,
                p.hostFile, p.logFileFormat, path);
    }

    private void top(YamlNode root) {
        if (root.kind() != YamlNode.Kind.MAPPING) {
            typeError(root, TOP_TYPE);
            return;
        }
        for (int i = 0; i < root.children().size(); i += 2) {
            YamlNode k = root.children().get(i);
            YamlNode v = root.children().get(i + 1);
            String key = keyText(k);
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
                default -> unknown(k, key, TOP_TYPE);
            }
        }
    }

    private TransportConfig transport(YamlNode v) {
        TransportConfig d = ClientConfig.DEFAULT_TRANSPORT;
        if (v.isNull()) {
            return d;
        }
        if (v.kind() != YamlNode.Kind.MAPPING) {
            typeError(v, TRANSPORT_TYPE);
            return d;
        }
        boolean insecure = d.allowInsecure();
        String certDir = d.clientCertDir();
        String ca = d.caCert();
        String cert = d.cert();
        String key = d.key();
        String server = d.serverName();
        for (int i = 0; i < v.children().size(); i += 2) {
            YamlNode kn = v.children().get(i);
            YamlNode n = v.children().get(i + 1);
            String k = keyText(kn);
            switch (k) {
                case "allow_insecure" -> insecure = bool(n, insecure);
                case "client_cert_dir" -> certDir = str(n, certDir);
                case "ca_cert" -> ca = str(n, ca);
                case "cert" -> cert = str(n, cert);
                case "key" -> key = str(n, key);
                case "server_name" -> server = str(n, server);
                default -> unknown(kn, k, TRANSPORT_TYPE);
            }
        }
        return new TransportConfig(insecure, certDir, ca, cert, key, server);
    }

    private static String keyText(YamlNode k) {
        return k.kind() == YamlNode.Kind.SCALAR ? k.value() : "";
    }

    private void unknown(YamlNode k, String key, String type) {
        errors.add(line(k) + "field " + key + " not found in type " + type);
    }

    private String str(YamlNode v, String current) {
        if (v.isNull()) {
            return "";
        }
        if (v.kind() == YamlNode.Kind.SCALAR) {
            return v.value();
        }
        typeError(v, "string");
        return current;
    }

    private List<String> strList(YamlNode v, List<String> current) {
        if (v.isNull()) {
            return List.of();
        }
        if (v.kind() != YamlNode.Kind.SEQUENCE) {
            typeError(v, "[]string");
            return current;
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : v.children()) {
            out.add(str(item, ""));
        }
        return out;
    }

    private int integer(YamlNode v, int current) {
        if (v.isNull()) {
            return 0;
        }
        if (v.kind() == YamlNode.Kind.SCALAR && v.tag().equals(YamlNode.INT)) {
            Long n = parseInt(v.value());
            if (n != null && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return n.intValue();
            }
        }
        typeError(v, "int");
        return current;
    }

    private boolean bool(YamlNode v, boolean current) {
        if (v.isNull()) {
            return false;
        }
        if (v.kind() == YamlNode.Kind.SCALAR && v.tag().equals(YamlNode.BOOL)) {
            String t = v.value().toLowerCase(java.util.Locale.ROOT);
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

    private void typeError(YamlNode v, String goType) {
        String value = "";
        if (v.kind() == YamlNode.Kind.SCALAR) {
            String t = v.value();
            value = t.length() > 10 ? " `" + t.substring(0, 7) + "...`" : " `" + t + "`";
        }
        errors.add(line(v) + "cannot unmarshal " + v.tag() + value + " into " + goType);
    }

    private static String line(YamlNode n) {
        return "line " + n.line() + ": ";
    }
}
