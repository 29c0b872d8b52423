package io.daos.control.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.Test;

public class JournalFormatterTest {

    @Test
    public void everyLevelGetsItsJournalPriority() {
        assertEquals(3, JournalFormatter.priority(Level.SEVERE));
        assertEquals(4, JournalFormatter.priority(Level.WARNING));
        assertEquals(6, JournalFormatter.priority(Level.INFO));
        assertEquals(7, JournalFormatter.priority(Level.CONFIG));
        assertEquals(7, JournalFormatter.priority(Level.FINE));
        assertEquals(7, JournalFormatter.priority(Level.FINEST));
    }

    @Test
    public void everyLineOfARecordIsPrefixedStackTraceIncluded() {
        LogRecord r = new LogRecord(Level.SEVERE, "first line\nsecond line");
        r.setLoggerName("io.daos.control.test");
        r.setThrown(new IllegalStateException("boom"));
        String out = new JournalFormatter().format(r);
        assertTrue(out, out.endsWith("\n"));
        String[] lines = out.split("\n");
        assertTrue(out, lines.length > 3); // two message lines, the exception, its frames
        for (String line : lines) {
            assertTrue(line, line.startsWith("<3>"));
        }
        assertTrue(out, out.contains("first line"));
        assertTrue(out, out.contains("<3>second line"));
        assertTrue(out, out.contains("<3>java.lang.IllegalStateException: boom"));
    }

    @Test
    public void anInfoLineIsTheSimpleFormattersLineWithThePrefix() {
        LogRecord r = new LogRecord(Level.INFO, "gRPC server listening");
        r.setLoggerName("io.daos.control.test");
        String plain = new java.util.logging.SimpleFormatter().format(r); // one or more lines
        String body = plain.substring(0, plain.length() - 1);
        assertEquals("<6>" + body.replace("\n", "\n<6>") + "\n", new JournalFormatter().format(r));
    }
}
