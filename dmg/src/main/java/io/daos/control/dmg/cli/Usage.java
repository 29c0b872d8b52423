package io.daos.control.dmg.cli;

import java.util.List;

/** The usage text of a command, in go-flags' layout, for {@code -h/--help}. */
final class Usage {

    private Usage() {
    }

    static String of(List<CommandNode> chain) {
        CommandNode cmd = chain.get(chain.size() - 1);
        StringBuilder path = new StringBuilder();
        for (CommandNode c : chain) {
            path.append(path.length() == 0 ? "" : " ").append(c.name());
        }
        StringBuilder sb = new StringBuilder("Usage:\n  ").append(path).append(" [OPTIONS]");
        if (!cmd.children().isEmpty()) {
            sb.append(" <command>");
        }
        sb.append('\n');
        for (int i = 0; i < chain.size(); i++) {
            CommandNode c = chain.get(i);
            if (c.flags().isEmpty()) {
                continue;
            }
            sb.append(i == 0 ? "\nApplication Options:\n" : "\n[" + c.name() + " command options]\n");
            for (FlagSpec f : c.flags()) {
                String spec = f.shortName() == 0 ? "    --" + f.longName() : f.toString();
                sb.append("  ").append(spec).append(f.takesArgument() ? "=" : "");
                if (f.defaultValue() != null) {
                    sb.append(" (default: ").append(f.defaultValue()).append(')');
                }
                sb.append('\n');
            }
        }
        if (!cmd.children().isEmpty()) {
            sb.append("\nAvailable commands:\n");
            int w = 0;
            for (CommandNode c : cmd.children()) {
                w = Math.max(w, c.name().length());
            }
            for (CommandNode c : cmd.children()) {
                sb.append("  ").append(c.name()).append(" ".repeat(w - c.name().length() + 2))
                        .append(c.description());
                if (!c.aliases().isEmpty()) {
                    sb.append(" (aliases: ").append(String.join(", ", c.aliases())).append(')');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
