package io.daos.control.itest.reliability;

import java.util.Arrays;

/** Call latencies in nanoseconds, sorted once; percentiles by nearest rank, in milliseconds. */
final class Latencies {

    private final long[] sorted;

    /** Of {@code runs} (each client's array, only the first {@code counts[i]} entries valid). */
    Latencies(long[][] runs, int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        long[] all = new long[n];
        int at = 0;
        for (int i = 0; i < runs.length; i++) {
            System.arraycopy(runs[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        this.sorted = all;
    }

    int count() {
        return sorted.length;
    }

    /** The {@code p}th percentile (nearest rank), ms; 0 when empty. */
    double pct(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    /** The largest, ms. */
    double max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }

    /** "p50=.. p99=.. max=.. ms, n=..". */
    @Override
    public String toString() {
        return String.format("p50=%.2f p99=%.2f max=%.1f ms n=%d", pct(50), pct(99), max(), count());
    }
}
