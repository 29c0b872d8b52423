package io.daos.control.dmg.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command path ({@code pool create}) to body. Commands without a registered body fail with
 * {@code <path>: not implemented yet}.
 */
public final class CommandRegistry {

    private final Map<String, CommandBody> bodies = new HashMap<>();

    /** A registry with only {@code version}, printing {@code dmg version <version>}. */
    public static CommandRegistry withVersion(String version) {
        return new CommandRegistry().register("version", new CommandBody() {
            @Override
            public void run(CommandContext ctx) {
                ctx.out().info(Output.PROGRAM + " version " + version);
            }

            @Override
            public boolean needsConnection() {
                return false;
            }
        });
    }

    /** Registers the body of a command path (names joined with blanks); returns this registry. */
    public CommandRegistry register(String path, CommandBody body) {
        bodies.put(path, body);
        return this;
    }

    /** The body of a path. */
    public CommandBody body(List<String> path) {
        String key = String.join(" ", path);
        CommandBody b = bodies.get(key);
        if (b != null) {
            return b;
        }
        return ctx -> {
            throw new DmgException(key + ": not implemented yet");
        };
    }
}
