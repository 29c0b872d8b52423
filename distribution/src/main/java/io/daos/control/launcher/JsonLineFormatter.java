package io.daos.control.launcher;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code control_log_json: true}: one JSON object per line with {@code level}, {@code time}
 * (ISO-8601), {@code extra} (the logger, omitted when empty) and {@code message} (with the first
 * line of an exception appended), as the reference's JSON log lines.
 */
final class JsonLineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"level\":");
        quote(sb, ControlLog.maskName(r.getLevel()));
        sb.append(",\"time\":");
        quote(sb, TIME.format(Instant.ofEpochMilli(r.getMillis())));
        String logger = r.getLoggerName();
        if (logger != null && !logger.isEmpty()) {
            sb.append(",\"extra\":");
            quote(sb, logger);
        }
        sb.append(",\"message\":");
        String msg = formatMessage(r);
        if (r.getThrown() != null) {
            msg = msg + ": " + Log.oneLine(r.getThrown());
        }
        quote(sb, msg);
        return sb.append("}\n").toString();
    }

    /** {@code s} as a JSON string. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
