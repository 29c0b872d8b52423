package io.daos.control.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code daos_server} command line (SPEC-SERVER §2.1, §2.2, §2.6), parsed the way the
 * reference's go-flags parser does it: global options before or after the subcommand, short
 * options clustered ({@code -bj}) or with an attached value ({@code -p10001}), long options as
 * {@code --name value} or {@code --name=value}, {@code --} ends options. Errors carry the
 * reference's texts; {@code -h/--help} yields the usage text as an error, as the reference does.
 */
final class Cli {

    /** A parse error or a help request: printed as {@code ERROR: <message>}, exit 1. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    enum Kind { BOOL, STRING, UINT16 }

    /** One option. {@code property} is the framework property it becomes (start flags). */
    record Opt(char shortName, String longName, Kind kind, String property, String description) {

        /** go-flags' way of naming a flag in messages: {@code -p, --port} or {@code --reset}. */
        String spec() {
            if (shortName != 0 && longName != null) {
                return "-" + shortName + ", --" + longName;
            }
            return shortName != 0 ? "-" + shortName : "--" + longName;
        }
    }

    /** One (sub)command. */
    record Command(String name, List<String> aliases, String description, List<Opt> options,
            List<Command> subcommands) {

        Command sub(String word) {
            for (Command c : subcommands) {
                if (c.name.equals(word) || c.aliases.contains(word)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** What the command line asked for. */
    record Invocation(String command, Map<String, String> globals, Map<String, String> properties,
            List<String> args) {

        /** The value given with -o/--config, or null. */
        String configPath() {
            return globals.get("config");
        }

        boolean flag(String longName) {
            return globals.containsKey(longName);
        }
    }

    static final String PROGRAM = "daos_server";

    static final Command ROOT = root();

    private Cli() {
    }

    private static Command root() {
        List<Opt> globals = List.of(
                new Opt((char) 0, "allow-proxy", Kind.BOOL, null,
                        "Allow proxy configuration via environment"),
                new Opt('o', "config", Kind.STRING, null, "Server config file path"),
                new Opt('b', "debug", Kind.BOOL, "daos.cli.debug", "Enable debug output"),
                new Opt('j', "json", Kind.BOOL, "daos.cli.json", "Enable JSON output"),
                new Opt((char) 0, "syslog", Kind.BOOL, "daos.cli.syslog", "Enable logging to syslog"));
        List<Opt> start = List.of(
                new Opt('p', "port", Kind.UINT16, "daos.cli.port", "Port for the gRPC management interface to listen on"),
                new Opt('s', "storage", Kind.STRING, "daos.cli.storage", "Storage path"),
                new Opt('m', "modules", Kind.STRING, "daos.cli.modules", "List of server modules to load"),
                new Opt('t', "targets", Kind.UINT16, "daos.cli.targets", "number of targets to use (default use all cores)"),
                new Opt('x', "xshelpernr", Kind.UINT16, "daos.cli.xshelpernr", "number of helper XS per VOS target"),
                new Opt('f', "firstcore", Kind.UINT16, "daos.cli.firstcore", "index of first core for service thread"),
                new Opt('g', "group", Kind.STRING, "daos.cli.group", "Server group name"),
                new Opt('d', "socket_dir", Kind.STRING, "daos.cli.socket_dir", "Location for all daos_server & daos_io_server sockets"),
                new Opt('i', "insecure", Kind.BOOL, "daos.cli.insecure", "allow for insecure connections"),
                new Opt((char) 0, "recreate-superblocks", Kind.BOOL, "daos.cli.recreate_superblocks", "recreate missing superblocks rather than failing"));
        List<Opt> prepare = List.of(
                new Opt('n', "nvme-only", Kind.BOOL, null, "Only prepare NVMe storage"),
                new Opt('s', "scm-only", Kind.BOOL, null, "Only prepare SCM"),
                new Opt((char) 0, "reset", Kind.BOOL, null, "Reset SCM modules to memory mode after removing namespaces. Reset SPDK returning NVMe device bindings back to kernel modules"),
                new Opt('f', "force", Kind.BOOL, null, "Perform format without prompting for confirmation"),
                new Opt('w', "pci-whitelist", Kind.STRING, null, "Whitespace separated list of PCI devices (by address) to be unbound from Kernel driver and used with SPDK (default is all PCI devices)"),
                new Opt('p', "hugepages", Kind.STRING, null, "Number of hugepages to allocate (in MB) for use by SPDK (default 1024)"),
                new Opt('u', "target-user", Kind.STRING, null, "User that will own hugepage mountpoint directory and vfio groups"));
        List<Opt> storageScan = List.of(
                new Opt('v', "verbose", Kind.BOOL, null, "Show serial numbers, drivers, mounts, namespaces and health of every device (beyond the reference)"));
        List<Opt> netScan = List.of(
                new Opt('p', "provider", Kind.STRING, null, "Filter device list to those that support the given OFI provider (default is the provider specified in daos_server.yml)"),
                new Opt('a', "all", Kind.BOOL, null, "Specify 'all' to see all devices on all providers.  Overrides --provider"));
        Command storage = new Command("storage", List.of(), "Perform tasks related to locally-attached storage", List.of(), List.of(
                new Command("prepare", List.of("p"), "Prepare SCM and NVMe storage attached to remote servers.", prepare, List.of()),
                new Command("scan", List.of(), "Scan SCM and NVMe storage attached to local server", storageScan, List.of())));
        Command network = new Command("network", List.of(), "Perform network device scan based on fabric provider", List.of(), List.of(
                new Command("list", List.of(), "List all known OFI providers that are understood by 'scan'", List.of(), List.of()),
                new Command("scan", List.of(), "Scan for network interface devices on local server", netScan, List.of())));
        return new Command(PROGRAM, List.of(), "", globals, List.of(
                network,
                new Command("start", List.of(), "Start daos_server", start, List.of()),
                storage,
                new Command("version", List.of(), "Print daos_server version", List.of(), List.of())));
    }

    /** Parses {@code args}; never returns a non-leaf command. */
    static Invocation parse(String[] args) throws UsageException {
        List<Command> chain = new ArrayList<>();
        chain.add(ROOT);
        Map<String, String> globals = new LinkedHashMap<>();
        Map<String, String> props = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            Command cmd = chain.get(chain.size() - 1);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (name.equals("help")) {
                    throw new UsageException(usage(chain));
                }
                String longName = name;
                Opt opt = find(chain, o -> longName.equals(o.longName()));
                if (opt == null) {
                    throw new UsageException("unknown flag `" + longName + "'");
                }
                if (opt.kind() == Kind.BOOL) {
                    if (value != null) {
                        throw new UsageException("bool flag `" + opt.spec() + "' cannot have an argument");
                    }
                } else if (value == null) {
                    i = requireNext(args, i, opt);
                    value = args[i];
                }
                set(opt, value, globals, props);
            } else if (!optionsEnded && a.startsWith("-") && a.length() > 1) {
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    if (c == 'h') {
                        throw new UsageException(usage(chain));
                    }
                    Opt opt = find(chain, o -> o.shortName() == c);
                    if (opt == null) {
                        throw new UsageException("unknown flag `" + c + "'");
                    }
                    String value = null;
                    if (opt.kind() != Kind.BOOL) {
                        if (j + 1 < a.length()) {
                            value = a.substring(j + 1);
                        } else {
                            i = requireNext(args, i, opt);
                            value = args[i];
                        }
                        set(opt, value, globals, props);
                        break;
                    }
                    set(opt, null, globals, props);
                }
            } else if (!cmd.subcommands().isEmpty()) {
                Command sub = cmd.sub(a);
                if (sub == null) {
                    throw new UsageException(unknownCommand(cmd, a));
                }
                chain.add(sub);
            } else {
                rest.add(a);
            }
        }
        Command last = chain.get(chain.size() - 1);
        if (!last.subcommands().isEmpty()) {
            throw new UsageException("Please specify one command of: " + names(last));
        }
        StringBuilder path = new StringBuilder();
        for (Command c : chain.subList(1, chain.size())) {
            path.append(path.length() == 0 ? "" : " ").append(c.name());
        }
        return new Invocation(path.toString(), globals, props, rest);
    }

    private interface OptPredicate {
        boolean test(Opt o);
    }

    /** Options of the active command and its parents; the innermost wins. */
    private static Opt find(List<Command> chain, OptPredicate p) {
        for (int k = chain.size() - 1; k >= 0; k--) {
            for (Opt o : chain.get(k).options()) {
                if (p.test(o)) {
                    return o;
                }
            }
        }
        return null;
    }

    private static int requireNext(String[] args, int i, Opt opt) throws UsageException {
        if (i + 1 >= args.length) {
            throw new UsageException("expected argument for flag `" + opt.spec() + "'");
        }
        String next = args[i + 1];
        if (next.startsWith("-") && next.length() > 1) {
            throw new UsageException("expected argument for flag `" + opt.spec()
                    + "', but got option `" + next + "'");
        }
        return i + 1;
    }

    private static void set(Opt opt, String value, Map<String, String> globals,
            Map<String, String> props) throws UsageException {
        String v;
        if (opt.kind() == Kind.BOOL) {
            v = "true";
        } else if (opt.kind() == Kind.UINT16) {
            v = Integer.toString(parseUint16(opt, value));
        } else {
            v = value;
        }
        if (opt.longName() != null) {
            globals.put(opt.longName(), v);
        }
        if (opt.property() != null) {
            props.put(opt.property(), v);
        }
    }

    private static int parseUint16(Opt opt, String value) throws UsageException {
        String why = null;
        if (value.isEmpty() || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            why = "invalid syntax";
        } else if (value.length() > 5 || Integer.parseInt(value) > 65535) {
            why = "value out of range";
        }
        if (why != null) {
            throw new UsageException("invalid argument for flag `" + opt.spec()
                    + "' (expected uint16): strconv.ParseUint: parsing \"" + value + "\": " + why);
        }
        return Integer.parseInt(value);
    }

    /** go-flags: {@code Unknown command `x'} plus a suggestion or the list of commands. */
    static String unknownCommand(Command cmd, String word) {
        String msg = "Unknown command `" + word + "'";
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (Command c : cmd.subcommands()) {
            int d = levenshtein(word, c.name());
            if (d < bestDist) {
                bestDist = d;
                best = c.name();
            }
        }
        if (best != null && (float) bestDist / best.length() < 0.5f) {
            return msg + ", did you mean `" + best + "'?";
        }
        if (cmd.subcommands().size() == 1) {
            return msg + ". You should use the " + best + " command";
        }
        return msg + ". Please specify one command of: " + names(cmd);
    }

    private static String names(Command cmd) {
        List<String> names = new ArrayList<>();
        for (Command c : cmd.subcommands()) {
            names.add(c.name());
        }
        names.sort(null);
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1);
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The usage text of the innermost command in {@code chain}, go-flags layout. */
    static String usage(List<Command> chain) {
        Command cmd = chain.get(chain.size() - 1);
        StringBuilder sb = new StringBuilder("Usage:\n  ");
        for (Command c : chain) {
            sb.append(c.name()).append(' ');
        }
        sb.append("[OPTIONS]");
        if (chain.size() > 1 && !cmd.options().isEmpty()) {
            sb.append(" [").append(cmd.name()).append("-OPTIONS]");
        }
        if (!cmd.subcommands().isEmpty()) {
            sb.append(" <command>");
        }
        sb.append("\n\nApplication Options:\n");
        appendOptions(sb, ROOT.options());
        sb.append("\nHelp Options:\n");
        appendOptions(sb, List.of(new Opt('h', "help", Kind.BOOL, null, "Show this help message")));
        if (chain.size() > 1 && !cmd.options().isEmpty()) {
            sb.append("\n[").append(cmd.name()).append(" command options]\n");
            appendOptions(sb, cmd.options());
        }
        if (!cmd.subcommands().isEmpty()) {
            sb.append("\nAvailable commands:\n");
            int w = 0;
            for (Command c : cmd.subcommands()) {
                w = Math.max(w, c.name().length() + (c.aliases().isEmpty() ? 0 : 5));
            }
            for (Command c : cmd.subcommands()) {
                String n = c.name() + (c.aliases().isEmpty() ? "" : " (" + String.join(",", c.aliases()) + ")");
                sb.append("  ").append(n).append(" ".repeat(w - n.length() + 2))
                        .append(c.description()).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    private static void appendOptions(StringBuilder sb, List<Opt> opts) {
        List<String> heads = new ArrayList<>();
        int w = 0;
        for (Opt o : opts) {
            String h = (o.shortName() != 0 ? "-" + o.shortName() + ", " : "    ")
                    + "--" + o.longName() + (o.kind() == Kind.BOOL ? "" : "=");
            heads.add(h);
            w = Math.max(w, h.length());
        }
        for (int k = 0; k < opts.size(); k++) {
            sb.append("  ").append(heads.get(k)).append(" ".repeat(w - heads.get(k).length() + 2))
                    .append(opts.get(k).description()).append('\n');
        }
    }
}
