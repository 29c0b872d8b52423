package io.daos.control.dmg.text;

import io.daos.control.api.storage.Humanize;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Byte sizes as the v1.0 tools read and print them (SPEC-SYSTEM §6.5.4): decimal units are powers
 * of 1000 ({@code 1G} = 10^9), {@code i} units powers of 1024 ({@code 1GiB} = 2^30); output is
 * humanised to one significant decimal below ten ({@code 1.1 GB}, {@code 17 MB}, {@code 16 MiB}).
 *
 * <p>Values are unsigned 64-bit, carried in a {@code long} as the protobuf {@code uint64} fields
 * are: use {@link Long#toUnsignedString(long)} to print one as a number.
 */
public final class Sizes {

    private static final double TWO_TO_64 = 18446744073709551616.0;
    private static final Map<String, Double> UNITS = Map.ofEntries(
            Map.entry("", 1d), Map.entry("b", 1d),
            Map.entry("k", 1e3), Map.entry("kb", 1e3), Map.entry("ki", 0x1p10), Map.entry("kib", 0x1p10),
            Map.entry("m", 1e6), Map.entry("mb", 1e6), Map.entry("mi", 0x1p20), Map.entry("mib", 0x1p20),
            Map.entry("g", 1e9), Map.entry("gb", 1e9), Map.entry("gi", 0x1p30), Map.entry("gib", 0x1p30),
            Map.entry("t", 1e12), Map.entry("tb", 1e12), Map.entry("ti", 0x1p40), Map.entry("tib", 0x1p40),
            Map.entry("p", 1e15), Map.entry("pb", 1e15), Map.entry("pi", 0x1p50), Map.entry("pib", 0x1p50),
            Map.entry("e", 1e18), Map.entry("eb", 1e18), Map.entry("ei", 0x1p60), Map.entry("eib", 0x1p60));

    private Sizes() {
    }

    /**
     * Reads a size such as {@code 512GiB}, {@code 10 GB}, {@code 1.5T}, {@code 1,000} or {@code 42}:
     * a leading run of digits, dots and commas (commas ignored) then an optional unit, any case,
     * blanks around it allowed. The result is the product truncated to an integer.
     *
     * @return the size in bytes, unsigned
     * @throws IllegalArgumentException with the reference's message:
     *         {@code strconv.ParseFloat: parsing "<number>": invalid syntax},
     *         {@code unhandled size name: <unit>} or {@code too large: <text>}
     */
    public static long parse(String text) {
        int end = 0;
        boolean comma = false;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == ',') {
                comma = true;
            } else if (!(c >= '0' && c <= '9') && c != '.') {
                break;
            }
            end++;
        }
        String number = comma ? text.substring(0, end).replace(",", "") : text.substring(0, end);
        double value = parseFloat(number);
        String unit = text.substring(end).strip().toLowerCase(Locale.ROOT);
        Double scale = UNITS.get(unit);
        if (scale == null) {
            throw new IllegalArgumentException("unhandled size name: " + unit);
        }
        value *= scale;
        if (value >= TWO_TO_64) {
            throw new IllegalArgumentException("too large: " + text);
        }
        return value < 0x1p63 ? (long) value : new BigDecimal(value).toBigInteger().longValue();
    }

    /** Go's {@code strconv.ParseFloat} on a string of digits and dots. */
    private static double parseFloat(String number) {
        int dot = number.indexOf('.');
        boolean valid = !number.isEmpty() && !number.equals(".")
                && (dot < 0 || number.indexOf('.', dot + 1) < 0);
        if (!valid) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + number + "\": invalid syntax");
        }
        double v = Double.parseDouble(number);
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + number + "\": value out of range");
        }
        return v;
    }

    /**
     * Humanised with decimal units ({@code B kB MB GB TB PB EB}), e.g. {@code 1.1 GB}; {@code bytes}
     * is unsigned. The same rendering as the server's ({@link Humanize#si}).
     */
    public static String si(long bytes) {
        return Humanize.si(bytes);
    }

    /**
     * Humanised with binary units ({@code B KiB MiB GiB TiB PiB EiB}), e.g. {@code 1.0 GiB};
     * {@code bytes} is unsigned. The same rendering as the server's ({@link Humanize#iec}).
     */
    public static String iec(long bytes) {
        return Humanize.iec(bytes);
    }
}
