package io.daos.control.management.internal.pool;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A byte count in IEC units as the reference renders it in its pool-size faults (go-humanize
 * {@code IBytes}, SPEC-SYSTEM §6.5.4): below 10 bytes {@code "<n> B"}, otherwise the value in the
 * largest power of 1024 not above it rounded to one decimal, shown with one decimal below 10 and
 * none from 10 on ({@code 16 MiB}, {@code 1.0 GiB}). The count is unsigned (a protobuf uint64).
 */
public final class IecBytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private IecBytes() {
    }

    /** {@code bytes}, read as unsigned, in IEC units. */
    public static String of(long bytes) {
        if (bytes >= 0 && bytes < 10) {
            return bytes + " B";
        }
        double v = bytes >= 0 ? bytes : (double) (bytes >>> 1) * 2.0 + (bytes & 1);
        int e = (int) Math.floor(StrictMath.log(v) / StrictMath.log(1024));
        e = Math.min(e, UNITS.length - 1);
        double val = Math.floor(v / Math.pow(1024, e) * 10 + 0.5) / 10;
        int decimals = val < 10 ? 1 : 0;
        return new BigDecimal(val).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + " " + UNITS[e];
    }
}
