package io.daos.control.rpc.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.log.RateLimitedLog;
import io.grpc.Status;

/** The filter alone, with a clock of its own; ParseGuard's reason text. */
public class PeerLogFilterTest {

    private final AtomicLong now = new AtomicLong();
    private final List<LogRecord> out = new ArrayList<>();
    private final Logger target = Logger.getLogger("io.daos.control.rpc.server.internal.PeerLogFilterTest.out");
    private final Handler capture = Fixtures.capture(out::add);
    private PeerLogFilter filter;

    @Before
    public void setUp() {
        target.setUseParentHandlers(false);
        target.addHandler(capture);
        target.setLevel(Level.INFO);
        filter = new PeerLogFilter(target, new RateLimitedLog(target, Duration.ofSeconds(10), now::get));
    }

    @After
    public void tearDown() {
        filter.uninstall();
        target.removeHandler(capture);
    }

    private static LogRecord record(Level level, String msg, Throwable t) {
        LogRecord r = new LogRecord(level, msg);
        r.setLoggerName("io.grpc.internal.SerializingExecutor");
        r.setThrown(t);
        return r;
    }

    @Test
    public void aRecordWithAnExceptionBecomesOneLineOncePerWindowWithTheCount() {
        RuntimeException e = new IllegalStateException("bad frame\nsecond line");
        for (int i = 0; i < 4; i++) {
            assertFalse(filter.isLoggable(record(Level.SEVERE, "Exception while executing runnable x.Y@1a2b3c" + i, e)));
        }
        assertEquals(1, out.size());
        assertEquals("Exception while executing runnable x.Y@1a2b3c0: IllegalStateException: bad frame",
                out.get(0).getMessage());
        assertEquals(Level.SEVERE, out.get(0).getLevel());
        assertNull(out.get(0).getThrown());
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        filter.isLoggable(record(Level.SEVERE, "Exception while executing runnable x.Y@ffee99", e));
        assertEquals(2, out.size());
        assertTrue(out.get(1).getMessage(), out.get(1).getMessage().endsWith("(3 more like it suppressed in the last 10 s)"));
        assertEquals(4 + 1, filter.taken());
    }

    @Test
    public void recordsWithoutAnExceptionPass() {
        assertTrue(filter.isLoggable(record(Level.INFO, "plain", null)));
        assertEquals(List.of(), out);
    }

    @Test
    public void theStackTraceFollowsAtFineOnlyWhenEnabled() {
        target.setLevel(Level.FINE);
        filter.isLoggable(record(Level.WARNING, "Stream Error", new RuntimeException("x")));
        assertEquals(2, out.size());
        assertEquals(Level.FINE, out.get(1).getLevel());
        assertTrue(out.get(1).getThrown() != null);
    }

    @Test
    public void installAndUninstallKeepTheLoggersOwnFilters() {
        Logger l = Logger.getLogger(PeerLogFilter.LOGGERS.get(1));
        java.util.logging.Filter own = r -> true;
        l.setFilter(own);
        filter.install();
        assertSame(filter, l.getFilter());
        filter.uninstall();
        assertSame(own, l.getFilter());
        l.setFilter(null);
    }

    @Test
    public void keysMaskNumbersAndHashes() {
        RuntimeException e = new RuntimeException();
        assertEquals(PeerLogFilter.key("l", "runnable a.B@7f3e2d1 on port 4", e),
                PeerLogFilter.key("l", "runnable a.B@19b06d78 on port 55", e));
    }

    @Test
    public void parseReasonIsOneShortLine() {
        assertEquals("invalid protobuf byte sequence",
                ParseGuard.reason(Status.INTERNAL.withDescription("Invalid protobuf byte sequence").asRuntimeException()));
        assertEquals("IllegalArgumentException", ParseGuard.reason(new IllegalArgumentException()));
        String longReason = ParseGuard.reason(new RuntimeException("x".repeat(1000) + "\n"));
        assertEquals(83, longReason.length());
    }
}
