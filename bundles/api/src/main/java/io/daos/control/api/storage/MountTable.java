package io.daos.control.api.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The mount table of {@code /proc/self/mountinfo} (SPEC-SERVER §4.6), as the storage providers
 * read it: per line the device {@code major:minor} (field 3) and the mount point (field 5, the
 * kernel's octal escapes such as {@code \040} undone). Lines with fewer than 6 fields are
 * ignored. Immutable.
 */
public final class MountTable {

    /** The usual location of the table. */
    public static final String SELF = "/proc/self/mountinfo";

    /**
     * One mountinfo line.
     *
     * @param majorMinor device number as {@code major:minor} (field 3)
     * @param mountPoint mount point (field 5, unescaped)
     */
    public record Entry(String majorMinor, String mountPoint) {
    }

    private final List<Entry> entries;

    private MountTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The table of the given mountinfo lines. */
    public static MountTable parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6) {
                out.add(new Entry(f[2], unescape(f[4])));
            }
        }
        return new MountTable(out);
    }

    /** The table of a whole mountinfo text (lines separated by {@code \n}). */
    public static MountTable parse(String text) {
        return parse(List.of(text.split("\n")));
    }

    /** The entries, in the order of the lines. */
    public List<Entry> entries() {
        return entries;
    }

    /** Whether some entry has {@code path} (an absolute, normalized path) as mount point. */
    public boolean isMountPoint(String path) {
        for (Entry e : entries) {
            if (e.mountPoint().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some entry is of the device {@code majorMinor}. */
    public boolean hasDevice(String majorMinor) {
        for (Entry e : entries) {
            if (e.majorMinor().equals(majorMinor)) {
                return true;
            }
        }
        return false;
    }

    /** The mount points of the entries of the device {@code majorMinor}, in line order. */
    public List<String> mountPointsOf(String majorMinor) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.majorMinor().equals(majorMinor)) {
                out.add(e.mountPoint());
            }
        }
        return out;
    }

    /**
     * {@code major:minor} of a device number as glibc encodes {@code dev_t} (major: bits 8–19
     * and 32–43; minor: bits 0–7 and 20–31), the form of mountinfo field 3.
     */
    public static String majorMinor(long rdev) {
        long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L);
        return major + ":" + minor;
    }

    /** Undoes the kernel's escapes of space, tab, newline and backslash ({@code \ooo}, octal). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "MountTable" + entries;
    }
}
