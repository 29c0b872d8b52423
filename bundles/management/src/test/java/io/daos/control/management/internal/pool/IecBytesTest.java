package io.daos.control.management.internal.pool;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class IecBytesTest {

    @Test
    public void rendersAsTheReference() {
        assertEquals("0 B", IecBytes.of(0));
        assertEquals("9 B", IecBytes.of(9));
        assertEquals("10 B", IecBytes.of(10));
        assertEquals("1023 B", IecBytes.of(1023));
        assertEquals("1.0 KiB", IecBytes.of(1024));
        assertEquals("16 MiB", IecBytes.of(16L << 20));
        assertEquals("128 MiB", IecBytes.of(134217727L));
        assertEquals("1.0 GiB", IecBytes.of(1L << 30));
        assertEquals("16 EiB", IecBytes.of(-1L));
    }
}
