package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line parser with the semantics and messages of go-flags as the v1.0 {@code dmg}
 * uses it (SPEC-SYSTEM §6.1): {@code --name value}, {@code --name=value}, {@code -x value},
 * {@code -xvalue}, {@code -x=value}, clustered switches ({@code -dj}), options of enclosing
 * commands accepted after a subcommand (the innermost declaration wins), {@code --} ending the
 * options, positional arguments kept but ignored, required flags checked before the command, and
 * {@code -h/--help} answered with the usage text.
 */
public final class ArgParser {

    private final CommandNode root;

    /** A parser for the given tree. */
    public ArgParser(CommandNode root) {
        this.root = root;
    }

    /** A parser for the {@code dmg} tree. */
    public static ArgParser dmg() {
        return new ArgParser(CommandTree.root());
    }

    /**
     * Parses the arguments.
     *
     * @throws UsageException with the reference's message
     */
    public Invocation parse(String... argv) throws UsageException {
        State s = new State(argv);
        s.enter(root);
        while (s.pos < argv.length) {
            String arg = argv[s.pos++];
            if (arg.equals("--")) {
                while (s.pos < argv.length) {
                    s.rest.add(argv[s.pos++]);
                }
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                FlagSpec f = s.longFlag(name);
                if (f == null) {
                    throw new UsageException("unknown flag `" + name + "'", false);
                }
                s.option(f, value, true);
            } else if (arg.length() > 1 && arg.charAt(0) == '-') {
                shortOptions(s, arg.substring(1));
            } else if (!s.current.children().isEmpty() && s.rest.isEmpty()) {
                CommandNode c = s.current.find(arg);
                if (c == null) {
                    s.rest.add(arg);
                } else {
                    s.enter(c);
                }
            } else {
                s.rest.add(arg);
            }
        }
        s.applyDefaults();
        s.checkRequired();
        if (!s.current.children().isEmpty()) {
            throw new UsageException(commandRequired(s.current, s.rest), false);
        }
        return s.result();
    }

    private static void shortOptions(State s, String cluster) throws UsageException {
        String value = null;
        if (cluster.length() > 1 && cluster.charAt(1) == '=') {
            value = cluster.substring(2);
            cluster = cluster.substring(0, 1);
        } else if (cluster.length() > 1) {
            FlagSpec first = s.shortFlag(cluster.charAt(0));
            if (first != null && first.takesArgument()) {
                value = cluster.substring(1);
                cluster = cluster.substring(0, 1);
            }
        }
        for (int i = 0; i < cluster.length(); i++) {
            char c = cluster.charAt(i);
            FlagSpec f = s.shortFlag(c);
            if (f == null) {
                throw new UsageException("unknown flag `" + c + "'", false);
            }
            s.option(f, value, i == cluster.length() - 1);
        }
    }

    /** go-flags' text for a missing or unknown subcommand (with its "did you mean" guess). */
    static String commandRequired(CommandNode cmd, List<String> rest) {
        List<String> names = new ArrayList<>();
        for (CommandNode c : cmd.children()) {
            names.add(c.name());
        }
        names.sort(null);
        String choices = names.size() == 1 ? null
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        if (rest.isEmpty()) {
            return names.size() == 1 ? "Please specify the " + names.get(0) + " command"
                    : "Please specify one command of: " + choices;
        }
        String given = rest.get(0);
        String msg = "Unknown command `" + given + "'";
        String closest = null;
        int best = -1;
        for (String n : names) {
            int d = levenshtein(given, n);
            if (best < 0 || d < best) {
                best = d;
                closest = n;
            }
        }
        if ((float) best / closest.length() < 0.5f) {
            return msg + ", did you mean `" + closest + "'?";
        }
        return names.size() == 1 ? msg + ". You should use the " + names.get(0) + " command"
                : msg + ". Please specify one command of: " + choices;
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

    /** The state of one parse: the active command chain and the values seen. */
    private static final class State {
        private final String[] argv;
        private int pos;
        private final List<CommandNode> chain = new ArrayList<>();
        private CommandNode current;
        private final Map<FlagSpec, Object> values = new IdentityHashMap<>();
        private final List<String> rest = new ArrayList<>();

        State(String[] argv) {
            this.argv = argv;
        }

        void enter(CommandNode c) {
            chain.add(c);
            current = c;
        }

        FlagSpec longFlag(String name) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                FlagSpec f = chain.get(i).longFlag(name);
                if (f != null) {
                    return f;
                }
            }
            return null;
        }

        FlagSpec shortFlag(char c) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                FlagSpec f = chain.get(i).shortFlag(c);
                if (f != null) {
                    return f;
                }
            }
            return null;
        }

        /** go-flags' parseOption: {@code value} is an attached argument, or null. */
        void option(FlagSpec f, String value, boolean canTakeNext) throws UsageException {
            if (f.key().equals("help") && chain.get(0).longFlag("help") == f) {
                throw new UsageException(Usage.of(chain), true);
            }
            if (!f.takesArgument()) {
                if (value != null) {
                    throw new UsageException("bool flag `" + f + "' cannot have an argument", false);
                }
                values.put(f, Boolean.TRUE);
                return;
            }
            String arg;
            if (value != null) {
                arg = value;
            } else if (canTakeNext && pos < argv.length) {
                arg = argv[pos++];
                boolean signedNumber = f.type() == FlagSpec.Type.INT && arg.length() > 1
                        && arg.charAt(1) >= '0' && arg.charAt(1) <= '9';
                if (arg.length() > 1 && arg.charAt(0) == '-' && !signedNumber) {
                    throw new UsageException("expected argument for flag `" + f + "', but got option `" + arg + "'",
                            false);
                }
            } else {
                throw new UsageException("expected argument for flag `" + f + "'", false);
            }
            values.put(f, FlagValues.convert(f, arg));
        }

        void applyDefaults() throws UsageException {
            for (CommandNode c : chain) {
                for (FlagSpec f : c.flags()) {
                    if (f.defaultValue() != null && !values.containsKey(f)) {
                        values.put(f, FlagValues.convert(f, f.defaultValue()));
                    }
                }
            }
        }

        void checkRequired() throws UsageException {
            List<String> missing = new ArrayList<>();
            for (CommandNode c : chain) {
                for (FlagSpec f : c.flags()) {
                    if (f.required() && !values.containsKey(f)) {
                        missing.add("`" + f + "'");
                    }
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            missing.sort(null);
            if (missing.size() == 1) {
                throw new UsageException("the required flag " + missing.get(0) + " was not specified", false);
            }
            throw new UsageException("the required flags "
                    + String.join(", ", missing.subList(0, missing.size() - 1)) + " and "
                    + missing.get(missing.size() - 1) + " were not specified", false);
        }

        Invocation result() {
            CommandNode top = chain.get(0);
            List<String> path = new ArrayList<>();
            for (int i = 1; i < chain.size(); i++) {
                path.add(chain.get(i).name());
            }
            Map<String, Object> cmdValues = new LinkedHashMap<>();
            for (int i = 1; i < chain.size(); i++) {
                for (FlagSpec f : chain.get(i).flags()) {
                    Object v = values.get(f);
                    if (v != null) {
                        cmdValues.put(f.key(), v);
                    }
                }
            }
            GlobalOptions g = new GlobalOptions(isSet(top, "allow-proxy"), str(top, "host-list"),
                    isSet(top, "insecure"), isSet(top, "debug"), isSet(top, "json"), str(top, "host-file"),
                    str(top, "config-path"));
            return new Invocation(g, path, cmdValues, rest);
        }

        private boolean isSet(CommandNode top, String name) {
            FlagSpec f = top.longFlag(name);
            return f != null && Boolean.TRUE.equals(values.get(f));
        }

        private String str(CommandNode top, String name) {
            FlagSpec f = top.longFlag(name);
            return f == null ? null : (String) values.get(f);
        }
    }
}
