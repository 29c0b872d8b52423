package io.daos.control.api.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Byte sizes the way the reference prints them (Go's go-humanize {@code Bytes} / {@code IBytes}):
 * below 10 bytes {@code "<n> B"}; otherwise the value in the largest unit not above it, rounded to
 * one decimal, shown with one decimal below 10 and none from 10 on ({@code 750 GB},
 * {@code 1.0 TB}, {@code 128 GiB}, {@code 9.8 kB}). The final formatting rounds half to even on
 * the binary value, as Go's {@code %.0f}/{@code %.1f} do ({@code 12.5} → {@code 12}).
 */
public final class Humanize {

    private static final String[] SI = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    private static final String[] IEC = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Humanize() {
    }

    /** SI units (powers of 1000): {@code 750 GB}. Negative values are read as unsigned. */
    public static String si(long bytes) {
        return humanate(bytes, 1000, SI);
    }

    /** IEC units (powers of 1024): {@code 128 GiB}. Negative values are read as unsigned. */
    public static String iec(long bytes) {
        return humanate(bytes, 1024, IEC);
    }

    private static String humanate(long s, double base, String[] sizes) {
        if (s >= 0 && s < 10) {
            return s + " B";
        }
        double v = unsigned(s);
        int e = (int) Math.floor(StrictMath.log(v) / StrictMath.log(base));
        e = Math.min(e, sizes.length - 1);
        double val = Math.floor(v / Math.pow(base, e) * 10 + 0.5) / 10;
        int decimals = val < 10 ? 1 : 0;
        return new BigDecimal(val).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + " " + sizes[e];
    }

    private static double unsigned(long s) {
        return s >= 0 ? s : (double) (s >>> 1) * 2.0 + (s & 1);
    }
}
