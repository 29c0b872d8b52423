package io.daos.control.config.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import io.daos.control.api.config.BdevClass;
import io.daos.control.api.config.ControlLogMask;
import io.daos.control.api.config.ScmClass;
import io.daos.control.api.config.TransportConfig;
import io.daos.control.api.system.Rank;

/**
 * Strict {@code daos_server.yml} reader (SPEC-SERVER §1.2): walks the snakeyaml node graph
 * (composed, never constructed into objects) into {@link ServerConfigData}, rejecting unknown and
 * repeated keys and wrong scalar types with the Go yaml.v2 wording of the reference, e.g.
 * {@code line 3: cannot unmarshal !!str `abc` into int}. Values not present keep their defaults.
 */
public final class YamlParser {

    /** Thrown for any parse problem; the message is the "yaml error" part of the reference text. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    static final String TOP_TYPE = "server.Configuration";
    static final String SERVER_TYPE = "ioserver.Config";
    static final String TRANSPORT_TYPE = "security.TransportConfig";

    private YamlParser() {
    }

    /** Parses YAML text over the defaults in {@code cfg}. */
    public static void parse(String text, ServerConfigData cfg) throws ParseException {
        Node root = compose(text);
        if (root == null || isNull(root)) {
            return;
        }
        MappingNode map = mapping(root, TOP_TYPE);
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = key(t, seen, TOP_TYPE);
            Node v = t.getValueNode();
            switch (key) {
                case "name" -> cfg.systemName = str(v);
                case "access_points" -> cfg.accessPoints = strList(v);
                case "port" -> cfg.port = integer(v);
                case "transport_config" -> cfg.transport = transport(v, cfg.transport);
                case "provider" -> cfg.provider = str(v);
                case "fabric_iface" -> cfg.fabricIface = str(v);
                case "fabric_iface_port" -> cfg.fabricIfacePort = integer(v);
                case "pinned_numa_node" -> cfg.pinnedNumaNode = isNull(v) ? null : uint(v);
                case "socket_dir" -> cfg.socketDir = str(v);
                case "modules" -> cfg.modules = str(v);
                case "servers" -> cfg.servers = servers(v);
                case "bdev_include" -> cfg.bdevInclude = strList(v);
                case "bdev_exclude" -> cfg.bdevExclude = strList(v);
                case "nr_hugepages" -> cfg.nrHugepages = integer(v);
                case "set_hugepages" -> cfg.setHugepages = bool(v);
                case "control_log_mask" -> cfg.controlLogMask = logMask(v);
                case "control_log_file" -> cfg.controlLogFile = str(v);
                case "control_log_json" -> cfg.controlLogJson = bool(v);
                case "helper_log_file" -> cfg.helperLogFile = str(v);
                case "recreate_superblocks" -> cfg.recreateSuperblocks = bool(v);
                case "fault_path" -> cfg.faultPath = str(v);
                case "fault_cb" -> cfg.faultCb = str(v);
                case "hyperthreads" -> cfg.hyperthreads = bool(v);
                case "path" -> {
                    String p = str(v);
                    cfg.configPath = p.isEmpty() ? cfg.configPath : java.nio.file.Path.of(p);
                }
                default -> throw unknown(t, key, TOP_TYPE);
            }
        }
    }

    private static Node compose(String text) throws ParseException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            return yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            if (problem == null) {
                problem = "invalid YAML";
            }
            if (e.getContext() != null && e.getProblem() != null) {
                problem = e.getContext() + ": " + problem;
            }
            problem = problem.replace('\n', ' ').trim();
            if (m == null) {
                throw new ParseException("yaml: " + problem);
            }
            throw new ParseException("yaml: line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": "
                    + problem);
        } catch (YAMLException e) {
            throw new ParseException("yaml: " + String.valueOf(e.getMessage()).replace('\n', ' ').trim());
        }
    }

    private static TransportConfig transport(Node v, TransportConfig defaults) throws ParseException {
        if (isNull(v)) {
            throw new ParseException(line(v) + "transport_config may not be empty");
        }
        MappingNode map = mapping(v, TRANSPORT_TYPE);
        boolean insecure = defaults.allowInsecure();
        String clientCertDir = defaults.clientCertDir();
        String caCert = defaults.caCert();
        String cert = defaults.cert();
        String key = defaults.key();
        String serverName = defaults.serverName();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String k = key(t, seen, TRANSPORT_TYPE);
            Node n = t.getValueNode();
            switch (k) {
                case "allow_insecure" -> insecure = bool(n);
                case "client_cert_dir" -> clientCertDir = str(n);
                case "ca_cert" -> caCert = str(n);
                case "cert" -> cert = str(n);
                case "key" -> key = str(n);
                case "server_name" -> serverName = str(n);
                default -> throw unknown(t, k, TRANSPORT_TYPE);
            }
        }
        return new TransportConfig(insecure, clientCertDir, caCert, cert, key, serverName);
    }

    private static List<IOServerEntry> servers(Node v) throws ParseException {
        List<IOServerEntry> out = new ArrayList<>();
        if (isNull(v)) {
            return out;
        }
        if (!(v instanceof SequenceNode)) {
            throw typeError(v, "[]*" + SERVER_TYPE);
        }
        for (Node item : ((SequenceNode) v).getValue()) {
            IOServerEntry e = new IOServerEntry();
            e.index = out.size();
            if (!isNull(item)) {
                server(mapping(item, SERVER_TYPE), e);
            }
            out.add(e);
        }
        return out;
    }

    private static void server(MappingNode map, IOServerEntry e) throws ParseException {
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = key(t, seen, SERVER_TYPE);
            Node v = t.getValueNode();
            switch (key) {
                case "rank" -> e.rank = isNull(v) ? null : rank(v);
                case "targets" -> {
                    e.targets = integer(v);
                    e.targetsGiven = !isNull(v);
                }
                case "nr_xs_helpers" -> e.nrXsHelpers = integer(v);
                case "first_core" -> e.firstCore = integer(v);
                case "name" -> e.name = str(v);
                case "socket_dir" -> e.socketDir = str(v);
                case "modules" -> e.modules = str(v);
                case "log_mask" -> e.logMask = str(v);
                case "log_file" -> e.logFile = str(v);
                case "env_vars" -> e.envVars = strList(v);
                case "provider" -> e.provider = str(v);
                case "fabric_iface" -> e.fabricIface = str(v);
                case "fabric_iface_port" -> e.fabricIfacePort = integer(v);
                case "pinned_numa_node" -> e.pinnedNumaNode = isNull(v) ? null : uint(v);
                case "scm_mount" -> e.scmMount = str(v);
                case "scm_class" -> e.scmClass = scmClass(v);
                case "scm_size" -> e.scmSize = integer(v);
                case "scm_list" -> e.scmList = strList(v);
                case "bdev_class" -> e.bdevClass = bdevClass(v);
                case "bdev_list" -> e.bdevList = strList(v);
                case "bdev_number" -> e.bdevNumber = integer(v);
                case "bdev_size" -> e.bdevSize = integer(v);
                default -> throw unknown(t, key, SERVER_TYPE);
            }
        }
    }

    // ---- enumerated values (custom unmarshalers in the reference: bare messages) ----

    private static ScmClass scmClass(Node v) throws ParseException {
        if (isNull(v)) {
            return ScmClass.NONE;
        }
        String s = str(v);
        switch (s) {
            case "dcpm":
                return ScmClass.DCPM;
            case "ram":
                return ScmClass.RAM;
            default:
                throw new ParseException("scm_class value \"" + s + "\" not supported in config (dcpm/ram)");
        }
    }

    private static BdevClass bdevClass(Node v) throws ParseException {
        if (isNull(v)) {
            return BdevClass.NONE;
        }
        String s = str(v);
        switch (s) {
            case "":
            case "nvme":
                return BdevClass.NVME;
            case "malloc":
                return BdevClass.MALLOC;
            case "kdev":
                return BdevClass.KDEV;
            case "file":
                return BdevClass.FILE;
            default:
                throw new ParseException("bdev_class value \"" + s
                        + "\" not supported in config (nvme/malloc/kdev/file)");
        }
    }

    private static ControlLogMask logMask(Node v) throws ParseException {
        String s = isNull(v) ? "" : str(v);
        for (ControlLogMask m : ControlLogMask.values()) {
            if (m.name().equals(s.toUpperCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new ParseException("\"" + s + "\" is not a valid log level");
    }

    private static Rank rank(Node v) throws ParseException {
        long r = number(v, "uint32", 0, Rank.NIL_VALUE);
        if (r == Rank.NIL_VALUE) {
            throw new ParseException("rank " + r + " out of range [0, " + Rank.MAX_VALUE + "]");
        }
        return Rank.of(r);
    }

    // ---- typed scalars ----

    private static String str(Node v) throws ParseException {
        if (isNull(v)) {
            return "";
        }
        if (!(v instanceof ScalarNode)) {
            throw typeError(v, "string");
        }
        return ((ScalarNode) v).getValue();
    }

    private static List<String> strList(Node v) throws ParseException {
        List<String> out = new ArrayList<>();
        if (isNull(v)) {
            return out;
        }
        if (!(v instanceof SequenceNode)) {
            throw typeError(v, "[]string");
        }
        for (Node item : ((SequenceNode) v).getValue()) {
            out.add(str(item));
        }
        return out;
    }

    private static boolean bool(Node v) throws ParseException {
        if (isNull(v)) {
            return false;
        }
        if (!(v instanceof ScalarNode) || !Tag.BOOL.equals(v.getTag())) {
            throw typeError(v, "bool");
        }
        String s = ((ScalarNode) v).getValue().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("yes") || s.equals("on") || s.equals("y");
    }

    private static int integer(Node v) throws ParseException {
        return (int) number(v, "int", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static int uint(Node v) throws ParseException {
        return (int) number(v, "uint", 0, Integer.MAX_VALUE);
    }

    /** An integer scalar (floats truncated, like yaml.v2) within [min, max], else a type error. */
    private static long number(Node v, String goType, long min, long max) throws ParseException {
        if (isNull(v)) {
            return 0;
        }
        if (!(v instanceof ScalarNode)) {
            throw typeError(v, goType);
        }
        String raw = ((ScalarNode) v).getValue();
        Long value = null;
        if (Tag.INT.equals(v.getTag())) {
            value = parseYamlInt(raw);
        } else if (Tag.FLOAT.equals(v.getTag())) {
            try {
                double d = Double.parseDouble(raw.replace("_", ""));
                if (!Double.isNaN(d) && !Double.isInfinite(d) && Math.abs(d) < 9.2e18) {
                    value = (long) d;
                }
            } catch (NumberFormatException ignored) {
                value = null;
            }
        }
        if (value == null || value < min || value > max) {
            throw typeError(v, goType);
        }
        return value;
    }

    /** YAML 1.1 integer forms: decimal, 0x hex, 0b binary, 0 octal, underscores, sign. */
    private static Long parseYamlInt(String raw) {
        String s = raw.replace("_", "");
        boolean neg = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            neg = s.startsWith("-");
            s = s.substring(1);
        }
        try {
            long v;
            if (s.startsWith("0x")) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (s.startsWith("0b")) {
                v = Long.parseLong(s.substring(2), 2);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseLong(s.substring(1), 8);
            } else if (s.contains(":")) {
                v = 0;
                for (String part : s.split(":")) {
                    v = Math.multiplyExact(v, 60) + Long.parseLong(part);
                }
            } else {
                v = Long.parseLong(s);
            }
            return neg ? -v : v;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    // ---- structure helpers ----

    private static boolean isNull(Node v) {
        return v instanceof ScalarNode && Tag.NULL.equals(v.getTag());
    }

    private static MappingNode mapping(Node v, String goType) throws ParseException {
        if (!(v instanceof MappingNode)) {
            throw typeError(v, goType);
        }
        return (MappingNode) v;
    }

    private static String key(NodeTuple t, Set<String> seen, String goType) throws ParseException {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode)) {
            throw new ParseException("yaml: unmarshal errors: " + line(k) + "invalid map key in type " + goType);
        }
        String name = ((ScalarNode) k).getValue();
        if (!seen.add(name)) {
            throw new ParseException("yaml: unmarshal errors: " + line(k) + "field " + name
                    + " already set in type " + goType);
        }
        return name;
    }

    private static ParseException unknown(NodeTuple t, String key, String goType) {
        return new ParseException("yaml: unmarshal errors: " + line(t.getKeyNode()) + "field " + key
                + " not found in type " + goType);
    }

    private static ParseException typeError(Node v, String goType) {
        String tag = shortTag(v.getTag());
        String value = v instanceof ScalarNode ? " `" + ((ScalarNode) v).getValue() + "`" : "";
        return new ParseException("yaml: unmarshal errors: " + line(v) + "cannot unmarshal " + tag + value
                + " into " + goType);
    }

    private static String shortTag(Tag tag) {
        String t = tag.getValue();
        return t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
    }

    private static String line(Node n) {
        return n.getStartMark() == null ? "" : "line " + (n.getStartMark().getLine() + 1) + ": ";
    }
}
