package io.daos.control.api.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test helper of the api test-jar: records what a logger (and its children) publishes at a
 * level and above while open ({@code try (LogCapture log = new LogCapture(Foo.class)) { … log.lines() … }}).
 * Thread-safe: servers under test log from their own threads.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger;
    private final Level level;

    /** Captures WARNING and above of the logger named after {@code type}. */
    public LogCapture(Class<?> type) {
        this(type.getName(), Level.WARNING);
    }

    /** Captures {@code level} and above of the logger {@code name} ("" for the root). */
    public LogCapture(String name, Level level) {
        this.logger = Logger.getLogger(name);
        this.level = level;
        setLevel(level);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= level.intValue()) {
            records.add(record);
        }
    }

    /** The messages recorded so far, oldest first. */
    public synchronized List<String> lines() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /** The records so far, oldest first. */
    public synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    /** How many messages so far contain {@code fragment}. */
    public synchronized long count(String fragment) {
        return records.stream().filter(r -> r.getMessage() != null && r.getMessage().contains(fragment)).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
