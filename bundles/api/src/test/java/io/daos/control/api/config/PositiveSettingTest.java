package io.daos.control.api.config;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class PositiveSettingTest {

    private final AtomicInteger warned = new AtomicInteger();

    private long read(Object value, long max) {
        return PositiveSetting.read(value, 42, max, warned::incrementAndGet);
    }

    @Test
    public void unsetIsTheDefaultSilently() {
        assertEquals(42, read(null, Long.MAX_VALUE));
        assertEquals(42, read(" ", Long.MAX_VALUE));
        assertEquals(0, warned.get());
    }

    @Test
    public void aPositiveWholeNumberWithinTheMaximumIsTaken() {
        assertEquals(7, read(" 7 ", Long.MAX_VALUE));
        assertEquals(9, read(9L, Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, read(Integer.toString(Integer.MAX_VALUE), Integer.MAX_VALUE));
        assertEquals(0, warned.get());
    }

    @Test
    public void anythingElseWarnsOnceAndIsTheDefault() {
        String[] bad = {"0", "-5", "many", "1.5", "99999999999"};
        for (String v : bad) {
            assertEquals(v, 42, read(v, Integer.MAX_VALUE));
        }
        assertEquals(bad.length, warned.get());
    }
}
