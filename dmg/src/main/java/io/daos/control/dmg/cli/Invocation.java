package io.daos.control.dmg.cli;

import java.util.List;
import java.util.Map;

import io.daos.control.api.system.RankSet;

/**
 * A parsed command line: the global options, the command path (e.g. {@code [pool, create]}), the
 * typed values of the command's flags keyed by long name (short name when a flag has none) and
 * the positional arguments, which every command ignores. Immutable.
 *
 * @param globals the global options
 * @param path    the command names from the top (aliases resolved)
 * @param values  flag values: {@link String}, {@link Long} (uint32 and int) or {@link Boolean};
 *                absent flags without a default are missing
 * @param args    positional arguments left over
 */
public record Invocation(GlobalOptions globals, List<String> path, Map<String, Object> values, List<String> args) {

    /** Copies the collections. */
    public Invocation {
        path = List.copyOf(path);
        values = Map.copyOf(values);
        args = List.copyOf(args);
    }

    /** The path joined with blanks ({@code pool create}). */
    public String command() {
        return String.join(" ", path);
    }

    /** Whether the flag was given or has a default. */
    public boolean has(String flag) {
        return values.containsKey(flag);
    }

    /** A string flag's value, or null. */
    public String string(String flag) {
        return (String) values.get(flag);
    }

    /** A string flag's value, or {@code ""} when absent (the Go zero value). */
    public String stringOrEmpty(String flag) {
        String s = string(flag);
        return s == null ? "" : s;
    }

    /** A switch: true only when given. */
    public boolean bool(String flag) {
        return Boolean.TRUE.equals(values.get(flag));
    }

    /** A numeric flag's value, or {@code 0} when absent (the Go zero value). */
    public long number(String flag) {
        Object v = values.get(flag);
        return v == null ? 0 : (Long) v;
    }

    /**
     * A rank list flag ({@code --ranks 0-3,5}) as a set; absent or empty → the empty set.
     *
     * @throws IllegalArgumentException with {@link RankSet#parse}'s message
     */
    public RankSet ranks(String flag) {
        String s = string(flag);
        return s == null ? RankSet.EMPTY : RankSet.parse(s);
    }
}
