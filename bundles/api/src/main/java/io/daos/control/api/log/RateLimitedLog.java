package io.daos.control.api.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A logger guard against floods: the first message of a cause (its key) in each window is
 * logged; the rest in that window are only counted, and the next one logged after the window
 * says how many were suppressed. Used wherever a remote peer can make us log at will (malformed
 * packets, refused connections, bad requests). At most {@value #MAX_KEYS} causes are tracked;
 * the oldest is forgotten first.
 */
public final class RateLimitedLog {

    /** The default window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** How many distinct keys are remembered. */
    public static final int MAX_KEYS = 256;

    private final Logger logger;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, long[]> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** Over {@code logger}, one message per key per {@link #DEFAULT_WINDOW}. */
    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_WINDOW, System::nanoTime);
    }

    /** Over {@code logger}, one message per key per {@code window}, timed by {@code nanoClock}. */
    public RateLimitedLog(Logger logger, Duration window, LongSupplier nanoClock) {
        this.logger = Objects.requireNonNull(logger);
        this.windowNanos = window.toNanos();
        this.clock = Objects.requireNonNull(nanoClock);
    }

    /**
     * Logs {@code message} at {@code level} unless a message with {@code key} was logged less
     * than a window ago (then it is counted).
     *
     * @return whether it was logged
     */
    public boolean log(Level level, String key, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return false;
        }
        long suppressed;
        synchronized (seen) {
            long now = clock.getAsLong();
            long[] s = seen.get(key); // {time logged, suppressed since}
            if (s != null && now - s[0] < windowNanos) {
                s[1]++;
                return false;
            }
            suppressed = s == null ? 0 : s[1];
            seen.put(key, new long[] {now, 0});
        }
        String text = message.get();
        logger.logp(level, logger.getName(), null, suppressed == 0 ? text
                : text + " (" + suppressed + " more like it suppressed in the last " + describeWindow() + ")");
        return true;
    }

    /** {@link #log} at WARNING. */
    public boolean warning(String key, Supplier<String> message) {
        return log(Level.WARNING, key, message);
    }

    private String describeWindow() {
        long s = Duration.ofNanos(windowNanos).toSeconds();
        return s > 0 ? s + " s" : Duration.ofNanos(windowNanos).toMillis() + " ms";
    }
}
