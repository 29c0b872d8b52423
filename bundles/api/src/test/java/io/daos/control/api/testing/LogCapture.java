package io.daos.control.api.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test helper of the api test-jar: records the messages a logger publishes at WARNING and above
 * while open ({@code try (LogCapture log = new LogCapture(Foo.class)) { … log.lines() … }}).
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Logger logger;

    /** Captures the logger named after {@code type}. */
    public LogCapture(Class<?> type) {
        logger = Logger.getLogger(type.getName());
        setLevel(Level.WARNING);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            lines.add(record.getMessage());
        }
    }

    /** The messages recorded so far, oldest first. */
    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
