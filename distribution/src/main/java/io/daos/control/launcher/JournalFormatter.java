package io.daos.control.launcher;

import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The console's formatter when stderr is the systemd journal ({@code JOURNAL_STREAM} set): the
 * {@link SimpleFormatter} line with the kernel-style priority prefix journald reads from a stream
 * ({@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug), on every line of
 * a record (a stack trace's lines are journal entries of their own), so that
 * {@code journalctl -u daos_server -p warning} shows what the control log calls WARN and ERROR.
 */
public final class JournalFormatter extends Formatter {

    private final SimpleFormatter simple = new SimpleFormatter();

    @Override
    public String format(LogRecord record) {
        String prefix = "<" + priority(record.getLevel()) + ">";
        String text = simple.format(record);
        StringBuilder out = new StringBuilder(text.length() + 8);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.append(prefix).append(text, start, end);
            start = end;
        }
        return out.toString();
    }

    /** The syslog priority of a JUL level: 3 (err), 4 (warning), 6 (info) or 7 (debug). */
    static int priority(Level l) {
        int v = l.intValue();
        return v >= Level.SEVERE.intValue() ? 3 : v >= Level.WARNING.intValue() ? 4
                : v >= Level.INFO.intValue() ? 6 : 7;
    }
}
