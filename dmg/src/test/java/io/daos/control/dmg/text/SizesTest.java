package io.daos.control.dmg.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** {@link Sizes}: parsing and humanised rendering (§6.5.4), pinned to the spec's examples. */
public class SizesTest {

    private static void assertError(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text)).getMessage());
    }

    @Test
    public void decimalAndBinaryUnits() {
        assertEquals(1_000_000_000L, Sizes.parse("1G"));
        assertEquals(1_073_741_824L, Sizes.parse("1GiB"));
        assertEquals(10_000_000_000L, Sizes.parse("10 GB"));
        assertEquals(1_500_000_000_000L, Sizes.parse("1.5T"));
        assertEquals(549_755_813_888L, Sizes.parse("512GiB"));
        assertEquals(512_000_000_000L, Sizes.parse("512GB"));
        assertEquals(42, Sizes.parse("42"));
        assertEquals(42, Sizes.parse("42b"));
        assertEquals(2048, Sizes.parse("2 ki"));
        assertEquals(3_000, Sizes.parse("3kB"));
        assertEquals(5L << 20, Sizes.parse("5MiB"));
        assertEquals(7_000_000, Sizes.parse("7m"));
        assertEquals(1L << 40, Sizes.parse("1TiB"));
        assertEquals(2_000_000_000_000_000L, Sizes.parse("2PB"));
        assertEquals(1L << 50, Sizes.parse("1pi"));
        assertEquals(1_000_000_000_000_000_000L, Sizes.parse("1e"));
        assertEquals(1L << 60, Sizes.parse("1EIB"));
    }

    @Test
    public void numberSyntax() {
        assertEquals(1000, Sizes.parse("1,000"));
        assertEquals(100, Sizes.parse("0.1k"));
        assertEquals(500, Sizes.parse(".5k"));
        assertEquals(1000, Sizes.parse("1.k"));
        assertEquals(1, Sizes.parse("1.9"));
        assertEquals(7, Sizes.parse("7 \t"));
    }

    @Test
    public void sizesAboveSignedRangeAreUnsigned() {
        assertEquals("9223372036854775808", Long.toUnsignedString(Sizes.parse("8EiB")));
        assertEquals("16 EiB", Sizes.iec(Sizes.parse("15.99EiB")));
    }

    @Test
    public void errors() {
        assertError("abc", "strconv.ParseFloat: parsing \"\": invalid syntax");
        assertError("-1G", "strconv.ParseFloat: parsing \"\": invalid syntax");
        assertError(" 1G", "strconv.ParseFloat: parsing \"\": invalid syntax");
        assertError("", "strconv.ParseFloat: parsing \"\": invalid syntax");
        assertError(".", "strconv.ParseFloat: parsing \".\": invalid syntax");
        assertError("1.2.3G", "strconv.ParseFloat: parsing \"1.2.3\": invalid syntax");
        assertError(",", "strconv.ParseFloat: parsing \"\": invalid syntax");
        assertError("1X", "unhandled size name: x");
        assertError("1 Gigabyte", "unhandled size name: gigabyte");
        assertError("100000E", "too large: 100000E");
        assertError("16EiB", "too large: 16EiB");
        assertError("9".repeat(400), "strconv.ParseFloat: parsing \"" + "9".repeat(400) + "\": value out of range");
    }

    @Test
    public void specRenderingExamples() {
        assertEquals("0 B", Sizes.si(0));
        assertEquals("999 B", Sizes.si(999));
        assertEquals("1.0 kB", Sizes.si(1000));
        assertEquals("17 MB", Sizes.si(16_777_216));
        assertEquals("16 MiB", Sizes.iec(16_777_216));
        assertEquals("1.1 GB", Sizes.si(1_073_741_824));
        assertEquals("1.0 GiB", Sizes.iec(1_073_741_824));
        assertEquals("28 GB", Sizes.si(28_000_000_000L));
        assertEquals("0 B", Sizes.iec(0));
        assertEquals("9 B", Sizes.si(9));
        assertEquals("10 B", Sizes.si(10));
    }

    @Test
    public void exactPowersLandOnTheirUnit() {
        String[] si = {"1.0 kB", "1.0 MB", "1.0 GB", "1.0 TB", "1.0 PB", "1.0 EB"};
        String[] iec = {"1.0 KiB", "1.0 MiB", "1.0 GiB", "1.0 TiB", "1.0 PiB", "1.0 EiB"};
        long p = 1;
        long q = 1;
        for (int i = 0; i < si.length; i++) {
            p *= 1000;
            q *= 1024;
            assertEquals(si[i], Sizes.si(p));
            assertEquals(iec[i], Sizes.iec(q));
        }
    }

    @Test
    public void wholeNumbersRoundHalfToEvenLikeGo() {
        assertEquals("10 kB", Sizes.si(10_500));
        assertEquals("12 kB", Sizes.si(11_500));
        assertEquals("1000 kB", Sizes.si(999_999));
        assertEquals("9.9 kB", Sizes.si(9_949));
        assertEquals("10 kB", Sizes.si(9_950));
    }

    @Test
    public void largestUnsignedValue() {
        assertEquals("18 EB", Sizes.si(-1L));
        assertEquals("16 EiB", Sizes.iec(-1L));
    }

    @Test
    public void specPoolQuerySizes() {
        assertEquals("470 MB", Sizes.si(470_000_000L));
        assertEquals("512 MB", Sizes.si(512_000_000L));
        assertEquals("509 MB", Sizes.si(509_000_000L));
        assertEquals("128 MiB", Sizes.iec(128L << 20));
    }
}
