package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dmg completion bash} (ours, beyond the reference): prints a bash completion script
 * generated from {@link CommandTree}, so that it offers exactly what the parser accepts. It needs
 * no configuration, certificates or connection. What the script completes, per command path:
 * the subcommand names (aliases are understood on the command line but not offered), the options
 * of the command and of the commands enclosing it (the innermost declaration of a letter wins,
 * as in {@link ArgParser}), and file names as the value of the {@linkplain #FILE_FLAGS file
 * options}. The bash text itself is {@link BashCompletion}'s.
 */
public final class Completion {

    /** The long names of the options whose value is a file name (the tree has no such type). */
    static final Set<String> FILE_FLAGS = Set.of("config-path", "host-file", "acl-file", "outfile");

    private Completion() {
    }

    /** Registers {@code completion bash}; returns {@code registry}. */
    public static CommandRegistry register(CommandRegistry registry) {
        return registry.register("completion bash", new CommandBody() {
            @Override
            public void run(CommandContext ctx) {
                ctx.out().document(BashCompletion.script(specs(CommandTree.root())));
            }

            @Override
            public boolean needsConnection() {
                return false;
            }

            @Override
            public boolean needsConfig() {
                return false;
            }
        });
    }

    /**
     * What the script knows of one command path.
     *
     * @param path     the command names from the top, blank-separated ({@code ""} for {@code dmg})
     * @param commands the names of its subcommands, ours last
     * @param selects  each name or alias of a subcommand → the name it selects (the later
     *                 declaration wins, as {@link CommandNode#find})
     * @param options  the option words offered: the command's, then its enclosing commands', each
     *                 letter and long name once (the innermost declaration)
     * @param values   the option words that take a value
     * @param files    the option words whose value is a file name
     */
    record Spec(String path, List<String> commands, Map<String, String> selects, List<String> options,
            Set<String> values, Set<String> files) {
    }

    /** The specs of every command path under {@code root}, depth first in declaration order. */
    static List<Spec> specs(CommandNode root) {
        List<Spec> out = new ArrayList<>();
        walk(new ArrayList<>(List.of(root)), out);
        return out;
    }

    private static void walk(List<CommandNode> chain, List<Spec> out) {
        CommandNode cmd = chain.get(chain.size() - 1);
        List<CommandNode> subs = new ArrayList<>(cmd.children());
        subs.addAll(cmd.extensions());
        List<String> commands = new ArrayList<>();
        Map<String, String> selects = new LinkedHashMap<>();
        for (CommandNode c : subs) {
            commands.add(c.name());
            for (String key : keys(c)) {
                selects.putIfAbsent(key, cmd.find(key).name());
            }
        }
        List<String> options = new ArrayList<>();
        Set<String> values = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (FlagSpec f : chain.get(i).flags()) {
                List<String> words = new ArrayList<>();
                if (f.shortName() != 0) {
                    words.add("-" + f.shortName());
                }
                if (f.longName() != null) {
                    words.add("--" + f.longName());
                }
                for (String w : words) {
                    if (!seen.add(w)) {
                        continue; // declared again further in: the inner one wins
                    }
                    options.add(w);
                    if (f.takesArgument()) {
                        values.add(w);
                        if (f.longName() != null && FILE_FLAGS.contains(f.longName())) {
                            files.add(w);
                        }
                    }
                }
            }
        }
        out.add(new Spec(path(chain), commands, selects, options, values, files));
        for (CommandNode c : subs) {
            chain.add(c);
            walk(chain, out);
            chain.remove(chain.size() - 1);
        }
    }

    private static List<String> keys(CommandNode c) {
        List<String> keys = new ArrayList<>();
        keys.add(c.name());
        keys.addAll(c.aliases());
        return keys;
    }

    private static String path(List<CommandNode> chain) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < chain.size(); i++) {
            sb.append(i == 1 ? "" : " ").append(chain.get(i).name());
        }
        return sb.toString();
    }
}
