package io.daos.control.api.storage;

import java.io.IOException;

/**
 * The hugepage lines of {@code /proc/meminfo} (SPEC-SERVER §3.3 step 4, §8.8 "Hugepage parsing"):
 * {@code HugePages_Total}, {@code HugePages_Free}, {@code HugePages_Rsvd}, {@code HugePages_Surp}
 * and {@code Hugepagesize: <n> kB}, and {@code MemTotal: <n> kB}, which bounds how many hugepages
 * a request may ask for ({@link #maxPages()}). Missing lines are 0.
 *
 * @param total      HugePages_Total
 * @param free       HugePages_Free
 * @param reserved   HugePages_Rsvd
 * @param surplus    HugePages_Surp
 * @param pageSizeKb Hugepagesize in kB
 * @param memTotalKb MemTotal in kB
 */
public record HugepageInfo(long total, long free, long reserved, long surplus, long pageSizeKb, long memTotalKb) {

    /** Without MemTotal (0: no bound known). */
    public HugepageInfo(long total, long free, long reserved, long surplus, long pageSizeKb) {
        this(total, free, reserved, surplus, pageSizeKb, 0);
    }

    /**
     * The most hugepages the host's memory could hold: MemTotal / Hugepagesize; empty when
     * either is unknown (0).
     */
    public java.util.OptionalLong maxPages() {
        return pageSizeKb > 0 && memTotalKb > 0 ? java.util.OptionalLong.of(memTotalKb / pageSizeKb)
                : java.util.OptionalLong.empty();
    }

    /** Free hugepage memory in MiB: free × page size kB / 1024 (integer). */
    public long freeMb() {
        return free * pageSizeKb / 1024;
    }

    /**
     * Parses a meminfo text.
     *
     * @throws IOException {@code unable to parse "<v>"} (a Hugepagesize value that is not exactly
     *                     two fields, or a count that is not a number), {@code unhandled page
     *                     size unit "<u>"} (unit other than kB)
     */
    public static HugepageInfo parse(String meminfo) throws IOException {
        long total = 0;
        long free = 0;
        long rsvd = 0;
        long surp = 0;
        long size = 0;
        long mem = 0;
        for (String line : meminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "HugePages_Total" -> total = number(value);
                case "HugePages_Free" -> free = number(value);
                case "HugePages_Rsvd" -> rsvd = number(value);
                case "HugePages_Surp" -> surp = number(value);
                case "Hugepagesize" -> size = pageSize(value);
                case "MemTotal" -> mem = memTotal(value);
                default -> {
                    // other meminfo lines
                }
            }
        }
        return new HugepageInfo(total, free, rsvd, surp, size, mem);
    }

    /** A {@code Hugepagesize} value, e.g. {@code 2048 kB}. */
    public static long pageSize(String value) throws IOException {
        String[] f = value.trim().split("\\s+");
        if (f.length != 2) {
            throw new IOException("unable to parse \"" + value + "\"");
        }
        if (!"kB".equals(f[1])) {
            throw new IOException("unhandled page size unit \"" + f[1] + "\"");
        }
        return number(f[0]);
    }

    /** MemTotal in kB; 0 (no bound known) when it is not {@code <n> kB}: it is no reference field. */
    private static long memTotal(String value) {
        try {
            return pageSize(value);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long number(String v) throws IOException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException("unable to parse \"" + v + "\"");
        }
    }
}
