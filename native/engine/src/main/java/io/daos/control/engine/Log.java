package io.daos.control.engine;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The emulator's log, in the DAOS debug-log spirit: one line per message to D_LOG_FILE (append)
 * or stderr. D_LOG_MASK's first (default) level selects what is written: DEBUG/DBUG, INFO,
 * NOTE, WARN, ERR/ERROR, CRIT, ALRT, EMRG, EMIT (default ERR, as in DAOS).
 */
public final class Log {
    public static final int DEBUG = 0;
    public static final int INFO = 1;
    public static final int WARN = 2;
    public static final int ERROR = 3;

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy/MM/dd-HH:mm:ss.SS");
    private final PrintStream out;
    private final int level;
    private final String prefix;

    public Log(PrintStream out, int level, String prefix) {
        this.out = out;
        this.level = level;
        this.prefix = prefix;
    }

    /** Level from a D_LOG_MASK value such as {@code DEBUG,MGMT=DEBUG,RPC=ERR} (its first entry
     *  without '=' is the default level); null or empty means ERR. */
    public static int levelOf(String mask) {
        if (mask == null || mask.isBlank()) {
            return ERROR;
        }
        String def = "ERR";
        for (String part : mask.split(",")) {
            if (!part.contains("=")) {
                def = part.trim();
                break;
            }
        }
        return switch (def.toUpperCase(Locale.ROOT)) {
            case "DEBUG", "DBUG" -> DEBUG;
            case "INFO", "NOTE" -> INFO;
            case "WARN" -> WARN;
            default -> ERROR;
        };
    }

    public void debug(String m) {
        write(DEBUG, "DBUG", m);
    }

    public void info(String m) {
        write(INFO, "INFO", m);
    }

    public void warn(String m) {
        write(WARN, "WARN", m);
    }

    public void error(String m) {
        write(ERROR, "ERR ", m);
    }

    public boolean debugEnabled() {
        return level <= DEBUG;
    }

    private void write(int lvl, String tag, String m) {
        if (lvl >= level) {
            synchronized (out) {
                out.println(TS.format(LocalDateTime.now()) + " " + prefix + " " + tag + " " + m);
                out.flush();
            }
        }
    }
}
