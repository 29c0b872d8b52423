package io.daos.control.api.log;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.daos.control.api.testing.LogCapture;

public class RateLimitedLogTest {

    private final Logger logger = Logger.getLogger("io.daos.control.api.log.test");
    private LogCapture capture;
    private final AtomicLong now = new AtomicLong();

    @Before
    public void attach() {
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        capture = new LogCapture(logger.getName(), Level.ALL);
    }

    @After
    public void detach() {
        capture.close();
    }

    @Test
    public void oneLinePerKeyPerWindowThenTheCount() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);
        assertTrue(log.warning("oversize", () -> "packet 1"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(log.warning("oversize", () -> "packet n"));
        }
        assertTrue(log.warning("other", () -> "other cause"));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(log.warning("oversize", () -> "packet 1002"));
        assertEquals(List.of("packet 1", "other cause",
                "packet 1002 (1000 more like it suppressed in the last 10 s)"), capture.lines());
    }

    @Test
    public void aDisabledLevelIsNeitherLoggedNorCounted() {
        logger.setLevel(Level.WARNING);
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(1), now::get);
        assertFalse(log.log(Level.FINE, "k", () -> { throw new AssertionError("message built"); }));
        assertTrue(log.warning("k", () -> "shown"));
        assertEquals(List.of("shown"), capture.lines());
    }

    @Test
    public void theNumberOfKeysRemembered_isBounded() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);
        for (int i = 0; i <= RateLimitedLog.MAX_KEYS; i++) {
            int k = i;
            log.warning("k" + k, () -> "m" + k);
        }
        // k0 was forgotten (the oldest), so it is logged again within the window
        assertTrue(log.warning("k0", () -> "again"));
        assertFalse(log.warning("k" + RateLimitedLog.MAX_KEYS, () -> "not again"));
    }
}
