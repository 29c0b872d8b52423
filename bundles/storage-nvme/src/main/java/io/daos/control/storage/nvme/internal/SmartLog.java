package io.daos.control.storage.nvme.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.daos.control.api.storage.NvmeHealth;

/**
 * Parser of the NVMe SMART / Health Information log page (log identifier 02h, 512 bytes; NVMe
 * base specification, "SMART / Health Information Log"). Pure Java: the bytes come from the admin
 * passthrough ioctl ({@link IoctlHealthReader}) or from a test fixture.
 *
 * <p>Layout used (little-endian): byte 0 critical warning (bit 0 available spare, 1 temperature,
 * 2 reliability, 3 read-only, 4 volatile memory backup); bytes 1–2 composite temperature
 * (Kelvin); 16-byte counters at 96 (controller busy time, minutes), 112 (power cycles), 128
 * (power-on hours), 144 (unsafe shutdowns), 160 (media and data integrity errors), 176 (error
 * information log entries) of which the low 64 bits are taken (values above 2⁶³−1 are
 * clamped to {@link Long#MAX_VALUE}); 4-byte counters at 192 (warning composite temperature
 * time) and 196 (critical composite temperature time), minutes (clamped to
 * {@link Integer#MAX_VALUE}).
 */
final class SmartLog {

    /** Log identifier of the SMART / Health Information page. */
    static final int LOG_ID = 0x02;
    /** Size of the page in bytes. */
    static final int SIZE = 512;

    static final int OFF_CRITICAL_WARNING = 0;
    static final int OFF_TEMPERATURE = 1;
    static final int OFF_CTRL_BUSY_TIME = 96;
    static final int OFF_POWER_CYCLES = 112;
    static final int OFF_POWER_ON_HOURS = 128;
    static final int OFF_UNSAFE_SHUTDOWNS = 144;
    static final int OFF_MEDIA_ERRORS = 160;
    static final int OFF_ERROR_LOG_ENTRIES = 176;
    static final int OFF_WARN_TEMP_TIME = 192;
    static final int OFF_CRIT_TEMP_TIME = 196;

    private SmartLog() {
    }

    /**
     * The health counters of a SMART log page.
     *
     * @throws IllegalArgumentException fewer than {@link #SIZE} bytes
     */
    static NvmeHealth parse(byte[] page) {
        if (page == null || page.length < SIZE) {
            throw new IllegalArgumentException("SMART log page must be " + SIZE + " bytes, got "
                    + (page == null ? 0 : page.length));
        }
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        int warn = page[OFF_CRITICAL_WARNING] & 0xff;
        int temp = b.getShort(OFF_TEMPERATURE) & 0xffff;
        return new NvmeHealth(temp,
                u32(b, OFF_WARN_TEMP_TIME),
                u32(b, OFF_CRIT_TEMP_TIME),
                low64(b, OFF_CTRL_BUSY_TIME),
                low64(b, OFF_POWER_CYCLES),
                low64(b, OFF_POWER_ON_HOURS),
                low64(b, OFF_UNSAFE_SHUTDOWNS),
                low64(b, OFF_MEDIA_ERRORS),
                low64(b, OFF_ERROR_LOG_ENTRIES),
                (warn & 0x02) != 0,
                (warn & 0x01) != 0,
                (warn & 0x04) != 0,
                (warn & 0x08) != 0,
                (warn & 0x10) != 0);
    }

    private static int u32(ByteBuffer b, int off) {
        long v = b.getInt(off) & 0xffff_ffffL;
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    private static long low64(ByteBuffer b, int off) {
        long v = b.getLong(off);
        return v < 0 ? Long.MAX_VALUE : v;
    }
}
