package io.daos.control.dmg.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command of the tree: its name, aliases, flags and subcommands. Built once by
 * {@link CommandTree}; read-only afterwards.
 */
public final class CommandNode {

    private final String name;
    private final List<String> aliases;
    private final String description;
    private final List<FlagSpec> flags = new ArrayList<>();
    private final List<CommandNode> children = new ArrayList<>();
    private final List<CommandNode> extensions = new ArrayList<>();
    /** Name or alias to child; a later declaration replaces an earlier one (go-flags lookup order). */
    private final Map<String, CommandNode> lookup = new LinkedHashMap<>();

    CommandNode(String name, String description, String... aliases) {
        this.name = name;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** Adds a flag (builder style). */
    CommandNode flag(char shortName, String longName, FlagSpec.Type type) {
        flags.add(new FlagSpec(shortName, longName, type, false, null));
        return this;
    }

    /** Adds a required flag. */
    CommandNode required(char shortName, String longName, FlagSpec.Type type) {
        flags.add(new FlagSpec(shortName, longName, type, true, null));
        return this;
    }

    /** Adds a flag with a default. */
    CommandNode flag(char shortName, String longName, FlagSpec.Type type, String defaultValue) {
        flags.add(new FlagSpec(shortName, longName, type, false, defaultValue));
        return this;
    }

    /** Adds a subcommand and returns it. */
    CommandNode child(String childName, String childDescription, String... childAliases) {
        CommandNode c = new CommandNode(childName, childDescription, childAliases);
        children.add(c);
        lookup.put(childName, c);
        for (String a : childAliases) {
            lookup.put(a, c);
        }
        return c;
    }

    /**
     * Adds a command of ours beyond the reference and returns it: selected by its name like any
     * subcommand, but not one of {@link #children()}, so that the reference's messages and usage
     * text (which list those) stay as they were.
     */
    CommandNode extension(String childName, String childDescription) {
        CommandNode c = new CommandNode(childName, childDescription);
        extensions.add(c);
        lookup.put(childName, c);
        return c;
    }

    /** Adds a subcommand and returns this node (for leaves declared in one line). */
    CommandNode leaf(String childName, String childDescription, String... childAliases) {
        child(childName, childDescription, childAliases);
        return this;
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The aliases in declaration order. */
    public List<String> aliases() {
        return aliases;
    }

    /** The one-line description shown in the usage text. */
    public String description() {
        return description;
    }

    /** The flags in declaration order. */
    public List<FlagSpec> flags() {
        return Collections.unmodifiableList(flags);
    }

    /** The subcommands in declaration order. */
    public List<CommandNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** Our commands beyond the reference's ({@link #extension}), in declaration order. */
    public List<CommandNode> extensions() {
        return Collections.unmodifiableList(extensions);
    }

    /** The subcommand a name or alias selects (the later declaration wins), or null. */
    public CommandNode find(String nameOrAlias) {
        return lookup.get(nameOrAlias);
    }

    /** The flag with this long name, or null. */
    FlagSpec longFlag(String longName) {
        for (FlagSpec f : flags) {
            if (longName.equals(f.longName())) {
                return f;
            }
        }
        return null;
    }

    /** The flag with this short name, or null. */
    FlagSpec shortFlag(char shortName) {
        for (FlagSpec f : flags) {
            if (f.shortName() == shortName) {
                return f;
            }
        }
        return null;
    }
}
