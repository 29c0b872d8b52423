package io.daos.control.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * java.util.logging for the bundles: {@code etc/logging.properties} with {@code ${...}}
 * substituted from the framework properties. The console stays quiet until the server is ready
 * (start-up errors are reported once, by the launcher); the log file gets everything from the
 * start. What the console would have shown meanwhile is held back (at most {@value #MAX_HELD}
 * records) and shown by {@link #releaseConsole()}, so that a warning logged before the banner (an
 * instance waiting for format, development-mode storage) still reaches a foreground administrator.
 * With {@code -b} every handler logs FINE and nothing is held back. With {@code -j} every handler
 * writes {@link JsonLineFormatter} lines; with {@code --syslog} a {@link SyslogHandler} also gets
 * INFO and above. The log file is a {@link RotatingFileHandler}; {@code control_log_file} moves
 * it to another file ({@link RotatingFileHandler#moveTo}: no record lost or doubled).
 */
final class BundleLogging {

    static final int MAX_HELD = 100;

    /** Framework properties the command line sets (Cli). */
    static final String CLI_JSON = "daos.cli.json";
    static final String CLI_SYSLOG = "daos.cli.syslog";

    private final boolean debug;
    private final boolean json;
    /** {@code --syslog}'s handler, or null. */
    private Handler syslog;
    private long limit = RotatingFileHandler.DEFAULT_LIMIT;
    private int count = RotatingFileHandler.DEFAULT_COUNT;
    /** The console handlers and the levels they were configured with. */
    private final List<Handler> consoles = new ArrayList<>();
    private final List<Level> configured = new ArrayList<>();
    private final HeldBack heldBack = new HeldBack();
    /** The console has its levels back ({@link #releaseConsole()}). */
    private boolean released;

    private BundleLogging(boolean debug, boolean json) {
        this.debug = debug;
        this.json = json;
    }

    /**
     * Applies {@code file} (nothing to do if there is none) with {@code fw} for substitution,
     * creating {@code logDir} first; the console handlers go quiet. {@code fw}'s
     * {@value #CLI_JSON} and {@value #CLI_SYSLOG} are {@code -j} and {@code --syslog}
     * ({@value SyslogHandler#ADDRESS} and {@code daos.home}'s {@code lib/engine} (its junixsocket jars) for the latter).
     * A log size or count that does not parse is an {@link IllegalArgumentException} naming it.
     */
    static BundleLogging configure(Path file, Map<String, String> fw, Path logDir, boolean debug) throws IOException {
        BundleLogging l = new BundleLogging(debug, "true".equals(fw.get(CLI_JSON)));
        if (!Files.isRegularFile(file)) {
            return l;
        }
        Files.createDirectories(logDir);
        StringBuilder sb = new StringBuilder();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            for (String k : p.stringPropertyNames()) {
                String v = Props.substitute(p.getProperty(k), fw, System.getProperties(), System.getenv(),
                        new ArrayDeque<>());
                sb.append(escape(k)).append('=').append(escape(v)).append('\n');
            }
        }
        LogManager.getLogManager().readConfiguration(
                new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.ISO_8859_1)));
        l.limits();
        l.quietConsole();
        if (l.json) {
            for (Handler h : Logger.getLogger("").getHandlers()) {
                h.setFormatter(new JsonLineFormatter());
            }
        }
        if ("true".equals(fw.get(CLI_SYSLOG))) {
            String home = fw.get("daos.home");
            l.syslog = SyslogHandler.open(fw.get(SyslogHandler.ADDRESS),
                    home == null ? null : UnixDatagram.libDir(Path.of(home)),
                    msg -> Logger.getLogger(BundleLogging.class.getPackageName()).warning(msg));
            Logger.getLogger("").addHandler(l.syslog);
        }
        return l;
    }

    /** The rotation limits of logging.properties, checked before LogManager builds the handler. */
    private void limits() {
        LogManager m = LogManager.getLogManager();
        String prefix = RotatingFileHandler.class.getName();
        String size = m.getProperty(prefix + ".limit");
        String files = m.getProperty(prefix + ".count");
        try {
            limit = RotatingFileHandler.parseSize(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("daos.log.max.size: " + e.getMessage());
        }
        try {
            count = RotatingFileHandler.parseCount(files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("daos.log.max.files: " + e.getMessage());
        }
    }

    private void quietConsole() {
        Logger root = Logger.getLogger("");
        if (debug) {
            root.setLevel(Level.FINE);
        }
        Level shown = Level.OFF;
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                consoles.add(h);
                configured.add(h.getLevel());
                if (h.getLevel().intValue() < shown.intValue()) {
                    shown = h.getLevel();
                }
                h.setLevel(Level.OFF);
            }
            if (debug) {
                h.setLevel(Level.FINE);
            }
        }
        if (!consoles.isEmpty() && !debug) {
            heldBack.setLevel(shown);
            root.addHandler(heldBack);
        }
    }

    /**
     * Applies the control-log settings of the configuration (see {@link ControlLog}):
     * {@code file} (null: keep {@code log/daos_server.log}) replaces the configured log file,
     * created with its directory, appended to, mode 0664; {@code level} (null: no change) is
     * what the root logger and the file take, and what the console shows at least (it keeps
     * showing only WARNING and above for INFO); {@code -b} still makes it FINE. {@code json}
     * switches every handler to {@link JsonLineFormatter}.
     */
    synchronized void apply(Path file, Level level, boolean json) throws IOException {
        Logger root = Logger.getLogger("");
        if (file != null) {
            RotatingFileHandler current = null;
            for (Handler h : root.getHandlers()) {
                current = h instanceof RotatingFileHandler r ? r : current;
            }
            if (current != null) {
                current.moveTo(file); // atomic for the writers: no record lost or doubled
            } else {
                RotatingFileHandler added = new RotatingFileHandler(file, limit, count);
                added.setFormatter(json || this.json ? new JsonLineFormatter() : new SimpleFormatter());
                root.addHandler(added);
            }
        }
        Level effective = debug ? Level.FINE : level;
        if (effective != null) {
            root.setLevel(effective);
            for (Handler h : root.getHandlers()) {
                if (h == syslog) {
                    h.setLevel(max(Level.INFO, effective)); // never DEBUG
                } else if (!consoles.contains(h) && h != heldBack) {
                    h.setLevel(effective);
                }
            }
            synchronized (heldBack) {
                for (int i = 0; i < consoles.size(); i++) {
                    Level shown = effective == Level.FINE ? Level.FINE : max(configured.get(i), effective);
                    configured.set(i, shown);
                    if (released) {
                        consoles.get(i).setLevel(shown);
                    }
                }
                if (!released && !consoles.isEmpty()) {
                    Level lowest = Level.OFF;
                    for (Level l : configured) {
                        lowest = l.intValue() < lowest.intValue() ? l : lowest;
                    }
                    heldBack.setLevel(lowest);
                }
            }
        }
        if (json || this.json) {
            for (Handler h : root.getHandlers()) {
                if (h != syslog) {
                    h.setFormatter(new JsonLineFormatter());
                }
            }
        }
        Logger launcher = Logger.getLogger(BundleLogging.class.getPackageName());
        if (file != null) {
            launcher.info("daos_server logging to file " + file);
        }
        if (effective == Level.FINE) {
            launcher.fine("Switching control log level to DEBUG");
        }
    }

    private static Level max(Level a, Level b) {
        return a.intValue() >= b.intValue() ? a : b;
    }

    /**
     * After the banner: the console handlers get their configured levels back (FINE with
     * {@code -b}) and publish, in order, the records held back while they were quiet.
     */
    void releaseConsole() {
        synchronized (heldBack) {
            released = true;
            Logger.getLogger("").removeHandler(heldBack);
            for (int i = 0; i < consoles.size(); i++) {
                consoles.get(i).setLevel(debug ? Level.FINE : configured.get(i));
            }
            for (LogRecord r : heldBack.records) {
                for (Handler h : consoles) {
                    h.publish(r);
                }
            }
            heldBack.records.clear();
        }
    }

    /** Collects the records the console would show, while it is quiet (bounded). */
    private static final class HeldBack extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                synchronized (this) {
                    if (records.size() < MAX_HELD) {
                        records.add(r);
                    }
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** A key or value in {@link Properties} file syntax (ISO 8859-1 with unicode escapes). */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!') {
                sb.append('\\').append(c);
            } else if (c > 0x7e || c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
