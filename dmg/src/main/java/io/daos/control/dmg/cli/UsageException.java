package io.daos.control.dmg.cli;

/**
 * The command line cannot be used: the message is the reference parser's text (printed as
 * {@code ERROR: dmg: <text>}, exit 1), or the usage text for {@code -h/--help}.
 */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean help;

    UsageException(String message, boolean help) {
        super(message);
        this.help = help;
    }

    /** Whether this is the usage text asked for with {@code -h/--help}. */
    public boolean isHelp() {
        return help;
    }
}
