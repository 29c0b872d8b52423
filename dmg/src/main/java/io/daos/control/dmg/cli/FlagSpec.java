package io.daos.control.dmg.cli;

/**
 * One flag of a command: its short and long names, value type, whether it is required and its
 * default, as the reference declares them.
 *
 * @param shortName    the one-letter name, or {@code 0} when the flag has none
 * @param longName     the long name, or null when the flag has none
 * @param type         the value type
 * @param required     whether the parser rejects an invocation without it
 * @param defaultValue the textual default (converted like a given value), or null
 */
public record FlagSpec(char shortName, String longName, Type type, boolean required, String defaultValue) {

    /** Value types with the names go-flags uses in its messages. */
    public enum Type {
        /** A switch without an argument. */
        BOOL,
        /** Any text. */
        STRING,
        /** An unsigned 32-bit decimal number ({@code expected uint32}). */
        UINT32,
        /** A signed 64-bit decimal number ({@code expected int}). */
        INT
    }

    /** The key under which the value is stored: the long name, else the short one. */
    public String key() {
        return longName != null ? longName : String.valueOf(shortName);
    }

    /** Whether the flag takes an argument. */
    public boolean takesArgument() {
        return type != Type.BOOL;
    }

    /** The go-flags rendering used in messages: {@code -s, --scm-size}, {@code --pool} or {@code -s}. */
    @Override
    public String toString() {
        if (shortName == 0) {
            return "--" + longName;
        }
        return longName == null ? "-" + shortName : "-" + shortName + ", --" + longName;
    }
}
