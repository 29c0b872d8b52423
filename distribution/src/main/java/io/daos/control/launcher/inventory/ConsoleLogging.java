package io.daos.control.launcher.inventory;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.daos.control.launcher.Log;

/**
 * java.util.logging of the providers onto the console of the inventory commands, as the
 * reference's providers log through the command's logger (e.g. {@code creating SCM namespace, may
 * take a few minutes...} during {@code storage prepare}): INFO bare on stdout, WARNING as
 * {@code WARNING: }, SEVERE as {@code ERROR: }, FINE and below only with {@code -b} as
 * {@code DEBUG }. Replaces the JDK's two-line default console format.
 */
final class ConsoleLogging extends Handler {

    private final Log log;
    private final Formatter text = new SimpleFormatter();

    private ConsoleLogging(Log log) {
        this.log = log;
    }

    /** Routes the root logger to {@code log}; FINE is shown only when {@code debug}. */
    static void install(Log log, boolean debug) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level level = debug ? Level.FINE : Level.INFO;
        root.setLevel(level);
        ConsoleLogging h = new ConsoleLogging(log);
        h.setLevel(level);
        root.addHandler(h);
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String msg = text.formatMessage(r);
        if (r.getThrown() != null && (msg == null || msg.isBlank())) {
            msg = Log.oneLine(r.getThrown());
        }
        int v = r.getLevel().intValue();
        if (v >= Level.SEVERE.intValue()) {
            log.error(msg);
        } else if (v >= Level.WARNING.intValue()) {
            log.warn(msg);
        } else if (v >= Level.INFO.intValue()) {
            log.info(msg);
        } else {
            log.debug(msg);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
