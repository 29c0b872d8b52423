package io.daos.control.dmg.cmd.pool;

import io.daos.control.dmg.cli.CommandBody;
import io.daos.control.dmg.cli.CommandContext;
import io.daos.control.dmg.cli.CommandRegistry;

/**
 * The bodies of the {@code pool} commands. Registering loads only this class; a command's own
 * class loads when it runs.
 */
public final class PoolCommands implements CommandBody {

    /** The subcommands, as registered under {@code pool}. */
    static final String[] NAMES = {"create", "destroy", "list", "query", "set-prop", "get-acl", "overwrite-acl",
        "update-acl", "delete-acl"};

    private final String name;

    private PoolCommands(String name) {
        this.name = name;
    }

    /** Registers every {@code pool} command; returns the registry. */
    public static CommandRegistry register(CommandRegistry registry) {
        for (String n : NAMES) {
            registry.register("pool " + n, new PoolCommands(n));
        }
        return registry;
    }

    /**
     * The body of {@code pool list}, which is also that of {@code system list-pools} (the same
     * request and output in the reference).
     */
    public static CommandBody listPools() {
        return new PoolCommands("list");
    }

    @Override
    public void run(CommandContext ctx) throws Exception {
        switch (name) {
            case "create" -> PoolCreate.run(ctx, Owners.PROCESS);
            case "destroy" -> PoolOps.destroy(ctx);
            case "list" -> PoolOps.list(ctx);
            case "query" -> PoolOps.query(ctx);
            case "set-prop" -> PoolSetProp.run(ctx);
            default -> PoolAcl.run(ctx, name);
        }
    }
}
